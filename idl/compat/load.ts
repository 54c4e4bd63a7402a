// Loads one version (old or new) of a set of .grid files into what the
// comparator needs: the files and a name lookup. Prefers the real front end
// (idl/index.ts loadProgram); falls back to compat's own reader so the check
// still runs where the front end is absent or broken.
import { dirname, resolve } from "node:path";
import type { GridFile, TypeDecl } from "../ast.js";
import { parseGridFallback, FallbackParseError } from "./fallback-parser.js";

/** Resolves a type name as seen from one file (bare, or `pkg.Name` via an import). */
export type Lookup = (from: GridFile, name: string) => { decl: TypeDecl; file: GridFile } | undefined;

/** One loaded version of the schemas: every file (imports included) and a lookup. */
export interface SchemaSet {
  readonly files: readonly GridFile[];
  readonly lookup: Lookup;
  /** Parse/check errors as `file:line:col: message` lines; non-empty means the set is unusable. */
  readonly errors: readonly string[];
  /** Which front end produced it, for reports. */
  readonly frontEnd: "idl" | "fallback";
  /** Why the fallback reader was used (absent when the idl front end ran). */
  readonly fallbackReason?: string;
}

/** Reads a file's text given the path the loader asks for (relative or absolute). */
export type ReadFile = (path: string) => string;

interface RealDiagnostic {
  severity: string;
  message: string;
  code?: string;
  span: { file: string; start: { line: number; col: number } };
}
interface RealProgram {
  files: readonly GridFile[];
  diagnostics: readonly RealDiagnostic[];
  lookup: Lookup;
}
interface RealFrontEnd {
  loadProgram(entries: string[], opts?: { readFile?: (p: string) => string }): RealProgram;
}

let realFrontEnd: RealFrontEnd | null | undefined;
let fallbackReason = "";

async function frontEnd(): Promise<RealFrontEnd | null> {
  if (realFrontEnd !== undefined) return realFrontEnd;
  if (process.env.GRID_COMPAT_FALLBACK_PARSER === "1") {
    fallbackReason = "GRID_COMPAT_FALLBACK_PARSER=1";
    return (realFrontEnd = null);
  }
  try {
    // A computed specifier keeps this file compiling before idl/index.ts exists.
    const spec = "../index.js";
    const mod = (await import(spec)) as Partial<RealFrontEnd>;
    realFrontEnd = typeof mod.loadProgram === "function" ? (mod as RealFrontEnd) : null;
    if (!realFrontEnd) fallbackReason = "idl/index.ts exports no loadProgram";
  } catch (err) {
    realFrontEnd = null;
    fallbackReason = `idl/index.ts failed to load: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
  }
  return realFrontEnd;
}

/** Loads `entries` (and their imports) through `readFile`. Never throws for bad input. */
export async function loadSchemaSet(entries: readonly string[], readFile: ReadFile): Promise<SchemaSet> {
  const real = await frontEnd();
  if (real) {
    try {
      const prog = real.loadProgram([...entries], { readFile });
      const errors = prog.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.span.file}:${d.span.start.line}:${d.span.start.col}: ${d.message}${d.code ? ` [${d.code}]` : ""}`);
      return { files: prog.files, lookup: (f, n) => prog.lookup(f, n), errors, frontEnd: "idl" };
    } catch (err) {
      return { files: [], lookup: () => undefined, errors: [`front end failed: ${err instanceof Error ? err.message : String(err)}`], frontEnd: "idl" };
    }
  }
  return { ...loadFallback(entries, readFile), fallbackReason };
}

function loadFallback(entries: readonly string[], readFile: ReadFile): SchemaSet {
  const files: GridFile[] = [];
  const errors: string[] = [];
  const byAbs = new Map<string, GridFile | null>();
  const importsOf = new Map<GridFile, (GridFile | null)[]>();
  const visit = (path: string, via?: { file: string; imp: GridFile["imports"][number] }): GridFile | null => {
    const abs = resolve(path);
    if (byAbs.has(abs)) return byAbs.get(abs) ?? null;
    byAbs.set(abs, null);
    let text: string;
    try {
      text = readFile(path);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      errors.push(
        via
          ? `${via.file}:${via.imp.span.start.line}:${via.imp.span.start.col}: cannot read import "${via.imp.path}" (${path}): ${why}`
          : `${path}: cannot read: ${why}`,
      );
      return null;
    }
    let file: GridFile;
    try {
      file = parseGridFallback(text, path);
    } catch (err) {
      errors.push(err instanceof FallbackParseError ? err.message : `${path}: ${String(err)}`);
      return null;
    }
    const deps: (GridFile | null)[] = [];
    const imports = file.imports.map((imp) => {
      const target = resolve(dirname(abs), imp.path);
      const rel = relativeLike(path, imp.path);
      const dep = visit(rel, { file: path, imp });
      deps.push(dep);
      return { ...imp, resolvedPath: target };
    });
    const done: GridFile = { ...file, imports };
    byAbs.set(abs, done);
    importsOf.set(done, deps);
    files.push(done);
    return done;
  };
  for (const e of entries) visit(e);
  const lookup: Lookup = (from, name) => {
    const dot = name.lastIndexOf(".");
    const local = dot >= 0 ? name.slice(dot + 1) : name;
    const qual = dot >= 0 ? name.slice(0, dot) : undefined;
    const deps = importsOf.get(from) ?? [];
    const present = deps.filter((d): d is GridFile => d !== null);
    const candidates =
      qual === undefined
        ? [from, ...present]
        : deps.filter((d, i): d is GridFile => d !== null && (from.imports[i]?.alias === qual || d.package === qual || d.package.endsWith("." + qual)));
    for (const f of candidates) {
      const decl = f.types.find((t) => t.name === local);
      if (decl) return { decl, file: f };
    }
    return undefined;
  };
  return { files, lookup, errors, frontEnd: "fallback" };
}

/** Joins an import path to its importer's path without making it absolute, so reports stay short. */
function relativeLike(importer: string, imp: string): string {
  const dir = dirname(importer);
  if (imp.startsWith("/")) return imp;
  const parts = (dir === "." ? [] : dir.split("/")).concat(imp.split("/"));
  const out: string[] = [];
  for (const part of parts) {
    if (part === "." || part === "") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return (importer.startsWith("/") ? "/" : "") + out.join("/");
}
