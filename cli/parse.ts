// `grid-gen parse`: parse and check .grid files, print diagnostics; with
// --json dump the checked AST (bigint as string) for tools and tests.
import { findGridFiles, wantColor } from "../idl/find-grid-files.js";
import { formatDiagnostics } from "../idl/format-diagnostics.js";
import { loadProgram } from "../idl/loader.js";

/** Usage text shown by `grid-gen parse --help`. */
export const help = `usage: grid-gen parse [--json] [--color|--no-color] <files|dirs>...

Parses and checks .grid files and everything they import.
Diagnostics go to stderr; exit 1 when there is any error (warnings alone exit 0).
  --json   print {"files": [...checked AST...], "diagnostics": [...]} to stdout
           (64-bit values such as enum values are strings)
exit codes: 0 ok, 1 errors found, 2 usage error`;

/** Entry point of the verb. */
export async function run(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const unknown = argv.filter((a) => a.startsWith("-") && !["--json", "--color", "--no-color"].includes(a));
  const paths = argv.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || paths.length === 0) {
    process.stderr.write(`grid-gen parse: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : "no files given"}\n\n${help}\n`);
    return 2;
  }
  const { files, missing } = findGridFiles(paths);
  for (const m of missing) process.stderr.write(`grid-gen parse: ${m}: no such file or directory\n`);
  if (missing.length > 0) return 2;
  const program = loadProgram(files);
  if (program.diagnostics.length > 0) {
    process.stderr.write(formatDiagnostics(program.diagnostics, { color: wantColor(argv, process.stderr) }));
  }
  const failed = program.diagnostics.some((d) => d.severity === "error");
  if (!json && !failed) {
    const types = program.files.reduce((n, f) => n + f.types.length, 0);
    const services = program.files.flatMap((f) => f.services);
    const handlers = services.reduce((n, s) => n + s.handlers.length, 0);
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
    process.stdout.write(
      `ok: ${plural(program.files.length, "file")}, ${plural(types, "type")}, ${plural(services.length, "service")}, ${plural(handlers, "handler")}\n`,
    );
  }
  if (json) {
    const text = JSON.stringify({ files: program.files, diagnostics: program.diagnostics }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
    process.stdout.write(`${text}\n`);
  }
  return failed ? 1 : 0;
}
