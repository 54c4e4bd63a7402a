// `grid-gen scaffold`: writes a server implementation skeleton for a service,
// or adds stubs for newly declared handlers to an existing one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { wantColor } from "../idl/find-grid-files.js";
import { formatDiagnostics, loadProgram } from "../idl/index.js";
import { CONFIG_FILE, ConfigError, loadConfig } from "../generator/config.js";
import { GenerateError, outputPathFor } from "../generator/index.js";
import { ScaffoldError, newImplementation, updateImplementation } from "../generator/scaffold.js";

/** Usage text shown by `grid-gen scaffold --help`. */
export const help = `usage: grid-gen scaffold <file.grid> --out <impl.ts> [--service NAME] [--from MODULE]

Writes a server implementation skeleton: an object typed <Service>Server with one
stub per handler, ready for register<Service>Service(manager, impl).
If <impl.ts> exists, only stubs for handlers it does not implement yet are added
(inserted at the top of the object); no existing line is changed.

  --service NAME   the service to implement (needed when the file declares several)
  --from MODULE    import specifier of the generated module (default: computed from
                   ./${CONFIG_FILE} "root"/"out", relative to <impl.ts>)
exit codes: 0 written or up to date, 1 .grid errors or no implementation object found, 2 usage error`;

/** Entry point of the verb. */
export async function run(argv: string[]): Promise<number> {
  let out: string | undefined;
  let service: string | undefined;
  let from: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--out" || a === "--service" || a === "--from") {
      const v = argv[++i];
      if (v === undefined) return usage(`${a} needs a value`);
      if (a === "--out") out = v;
      else if (a === "--service") service = v;
      else from = v;
    } else if (a === "--color" || a === "--no-color") continue;
    else if (a.startsWith("-")) return usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (paths.length !== 1) return usage("give exactly one .grid file");
  if (out === undefined) return usage("--out <impl.ts> is required");
  const grid = paths[0]!;
  const program = loadProgram([grid]);
  if (program.diagnostics.some((d) => d.severity === "error")) {
    process.stderr.write(formatDiagnostics(program.diagnostics, { color: wantColor(argv, process.stderr) }));
    return 1;
  }
  const file = program.files[program.files.length - 1]!;
  const candidates = service === undefined ? file.services : file.services.filter((s) => s.name === service);
  if (candidates.length !== 1) {
    const names = file.services.map((s) => s.name).join(", ") || "none";
    process.stderr.write(`grid-gen scaffold: ${service === undefined ? "pass --service" : `no service ${service}`} (services in ${grid}: ${names})\n`);
    return service === undefined && file.services.length > 1 ? 2 : 1;
  }
  const svc = candidates[0]!;
  const impl = resolve(out);
  if (from === undefined) {
    try {
      const cfg = loadConfig(CONFIG_FILE);
      const gen = outputPathFor(grid, { root: cfg?.root ?? dirname(resolve(grid)), outDir: cfg?.out ?? resolve("generated") });
      from = relative(dirname(impl), gen).replace(/\\/g, "/").replace(/\.ts$/, ".js");
      if (!from.startsWith(".")) from = `./${from}`;
    } catch (err) {
      if (err instanceof ConfigError || err instanceof GenerateError) return usage(`${err.message}; pass --from`);
      throw err;
    }
  }
  try {
    if (!existsSync(impl)) {
      const r = newImplementation(svc, relative(process.cwd(), resolve(grid)).replace(/\\/g, "/"), from);
      mkdirSync(dirname(impl), { recursive: true });
      writeFileSync(impl, r.text);
      process.stdout.write(`wrote ${out} (${r.added.length} handler stub(s))\n`);
      return 0;
    }
    const r = updateImplementation(svc, readFileSync(impl, "utf8"), impl);
    if (r.added.length === 0) {
      process.stdout.write(`${out} already implements every handler of ${svc.name}\n`);
      return 0;
    }
    writeFileSync(impl, r.text);
    process.stdout.write(`added ${r.added.length} stub(s) to ${out}: ${r.added.join(", ")}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ScaffoldError) {
      process.stderr.write(`grid-gen scaffold: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function usage(msg: string): number {
  process.stderr.write(`grid-gen scaffold: ${msg}\n\n${help}\n`);
  return 2;
}
