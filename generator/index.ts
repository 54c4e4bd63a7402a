// Public entry of the generator: a checked Program in, formatted TypeScript
// modules out (one per .grid file, mirroring the source tree). Pure: it
// reads nothing and writes nothing, so the CLI, tests and benches share it.
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { GridFile, Int64Mode } from "../idl/ast.js";
import type { Program } from "../idl/index.js";
import { FileContext, GenerateError } from "./context.js";
import { emitFile, type RuntimeImports } from "./emit-file.js";
import { formatChunks, type FormatMode } from "./format.js";

export { GenerateError } from "./context.js";
export { GENERATOR_VERSION } from "./version.js";
export { formatTs, type FormatMode } from "./format.js";

/** What `generate` needs to place files and imports. */
export interface GenerateOptions {
  /** Directory the .grid sources are relative to (their tree is mirrored under outDir). */
  readonly root: string;
  /** Output directory. */
  readonly outDir: string;
  /**
   * The runtime: a package specifier (e.g. "grid-gen/runtime", whose "/msgp"
   * sub-path must also resolve) or a directory path (absolute, or relative to
   * the current directory) holding runtime/index.ts and runtime/msgp/index.ts.
   */
  readonly runtime: string;
  /** Default int64 mapping when a file has no `option int64`. */
  readonly int64?: Int64Mode;
  /** Directory that source names in generated comments are relative to (default: cwd). */
  readonly displayRoot?: string;
  /**
   * false: no formatting pass (the emitter's own layout; benchmarks of the emitter alone).
   * true (default): prettier only on chunks the emitter cannot lay out itself.
   * "full": prettier on every whole module (the reference; same bytes as true).
   */
  readonly format?: boolean | "full";
  /** Receives warnings about declarations Go peers encode badly (msgp.md §9). */
  readonly onWarning?: (message: string) => void;
}

/** One generated module. */
export interface GeneratedFile {
  /** Absolute output path. */
  readonly path: string;
  /** The .grid file it came from (as the program names it). */
  readonly source: string;
  readonly text: string;
}

function posix(p: string): string {
  return p.split(sep).join("/");
}

function relImport(fromFile: string, toFile: string): string {
  let r = posix(relative(dirname(fromFile), toFile));
  if (!r.startsWith(".")) r = `./${r}`;
  return r;
}

/** Where the module for a .grid file goes. */
export function outputPathFor(gridPath: string, opts: Pick<GenerateOptions, "root" | "outDir">): string {
  const abs = resolve(gridPath);
  const rel = relative(resolve(opts.root), abs);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new GenerateError(`is outside the input root ${opts.root}; move it under the root or widen "root" in grid.config.json`, gridPath);
  }
  return resolve(opts.outDir, rel.replace(/\.grid$/, "") + ".ts");
}

function runtimeImports(outFile: string, runtime: string): RuntimeImports {
  if (!runtime.startsWith(".") && !isAbsolute(runtime)) {
    return { grid: runtime, msgp: `${runtime}/msgp/index.js`, support: `${runtime}/service-support.js`, goJson: `${runtime}/go-json.js` };
  }
  const dir = resolve(runtime);
  return {
    grid: relImport(outFile, resolve(dir, "index.js")),
    msgp: relImport(outFile, resolve(dir, "msgp", "index.js")),
    support: relImport(outFile, resolve(dir, "service-support.js")),
    goJson: relImport(outFile, resolve(dir, "go-json.js")),
  };
}

/** Generates every file of the program (imports included). Throws GenerateError for unsupported constructs. */
export async function generate(program: Program, opts: GenerateOptions): Promise<GeneratedFile[]> {
  const errors = program.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new GenerateError(`${errors.length} error(s) in the .grid sources; fix them first (grid-gen parse)`, errors[0]!.span.file);
  const displayRoot = resolve(opts.displayRoot ?? process.cwd());
  const outOf = new Map<GridFile, string>();
  for (const f of program.files) outOf.set(f, outputPathFor(f.path, opts));
  const mode: FormatMode = opts.format === false ? "none" : opts.format === "full" ? "full" : "fast";
  const out: GeneratedFile[] = [];
  for (const f of program.files) {
    const ctx = new FileContext(program, f, opts.int64 ?? "bigint");
    ctx.sourceName = posix(relative(displayRoot, resolve(f.path)));
    const path = outOf.get(f)!;
    const chunks = emitFile(f, ctx, runtimeImports(path, opts.runtime), (dep) => relImport(path, outOf.get(dep)!).replace(/\.ts$/, ".js"));
    out.push({ path, source: f.path, text: await formatChunks(chunks, path, mode) });
    for (const w of ctx.warnings) opts.onWarning?.(w);
  }
  return out;
}
