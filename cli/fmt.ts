// `grid-gen fmt`: canonical formatting of .grid files (prints, rewrites with
// --write, or verifies with --check for CI).
import { readFileSync, writeFileSync } from "node:fs";
import { findGridFiles, wantColor } from "../idl/find-grid-files.js";
import { formatDiagnostics } from "../idl/format-diagnostics.js";
import { formatGrid } from "../idl/formatter.js";

/** Usage text shown by `grid-gen fmt --help`. */
export const help = `usage: grid-gen fmt [--check] [--write] [--color|--no-color] <files|dirs>...

Formats .grid files canonically (idempotent; every comment is kept).
  (default)  print the formatted text of each file to stdout
  --write    rewrite files in place; lists the files that changed
  --check    change nothing; list files that are not formatted, exit 1 if any
Folders are searched recursively for *.grid files.
exit codes: 0 ok, 1 unformatted files (--check) or syntax errors, 2 usage error`;

/** Entry point of the verb. */
export async function run(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const write = argv.includes("--write");
  const unknown = argv.filter((a) => a.startsWith("-") && !["--check", "--write", "--color", "--no-color"].includes(a));
  const paths = argv.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || paths.length === 0 || (check && write)) {
    process.stderr.write(
      `grid-gen fmt: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : check && write ? "--check and --write exclude each other" : "no files given"}\n\n${help}\n`,
    );
    return 2;
  }
  const { files, missing } = findGridFiles(paths);
  for (const m of missing) process.stderr.write(`grid-gen fmt: ${m}: no such file or directory\n`);
  if (missing.length > 0) return 2;
  const color = wantColor(argv, process.stderr);
  let failed = false;
  const unformatted: string[] = [];
  for (const f of files) {
    let src: string;
    try {
      src = readFileSync(f, "utf8");
    } catch (err) {
      process.stderr.write(`grid-gen fmt: cannot read ${f}: ${err instanceof Error ? err.message : String(err)}\n`);
      failed = true;
      continue;
    }
    const r = formatGrid(src, f);
    if (r.text === undefined) {
      process.stderr.write(formatDiagnostics(r.diagnostics, { color, sources: { [f]: src } }));
      failed = true;
      continue;
    }
    if (check) {
      if (r.text !== src) unformatted.push(f);
    } else if (write) {
      if (r.text !== src) {
        writeFileSync(f, r.text);
        process.stdout.write(`formatted ${f}\n`);
      }
    } else {
      process.stdout.write(r.text);
    }
  }
  if (check && unformatted.length > 0) {
    process.stdout.write(`${unformatted.map((f) => `not formatted: ${f}`).join("\n")}\n`);
    process.stdout.write(`run \`grid-gen fmt --write ${unformatted.join(" ")}\` to fix\n`);
    return 1;
  }
  return failed ? 1 : 0;
}
