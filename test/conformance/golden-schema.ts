// Loads schemas/golden/*.grid into one name -> declaration table. The vector
// checker and the random-value generators walk these declarations to know the
// wire type of every field (the JSON of a vector alone cannot tell int64 from
// uint64, or a list from an allownil list).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GridFile, TypeDecl, TypeRef } from "../../idl/ast.js";
import { parseGoldenSubset } from "./tmp-grid-parser.js";

/** Where the golden declarations live, relative to the repository root. */
export const GOLDEN_SCHEMA_DIR = "schemas/golden";

/** One declaration with the file-wide options that change its encoding. */
export interface GoldenDecl {
  readonly decl: TypeDecl;
  readonly file: GridFile;
  /** `option newtime = true;` in the declaring file. */
  readonly newtime: boolean;
  /** `option compactfloats = true;` in the declaring file. */
  readonly compactfloats: boolean;
}

/** Every golden type by its (globally unique) name. */
export interface GoldenSchema {
  /** Which front end parsed the files: "idl" or the temporary subset parser. */
  readonly parser: string;
  readonly files: readonly GridFile[];
  readonly decls: ReadonlyMap<string, GoldenDecl>;
  /** Follows aliases to the type a named reference finally stands for. */
  resolve(ref: TypeRef): TypeRef;
  get(name: string): GoldenDecl;
}

interface IdlFrontEnd {
  loadProgram(paths: string[]): { files: GridFile[]; diagnostics: { severity: string; message: string }[] };
}

/** The .grid paths of the golden set, sorted. */
export function goldenGridPaths(root: string = process.cwd()): string[] {
  const dir = resolve(root, GOLDEN_SCHEMA_DIR);
  return readdirSync(dir)
    .filter((n) => n.endsWith(".grid"))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Parses the golden .grid files with the idl front end (`idl/index.ts`). While
 * that module does not exist yet, a temporary subset parser stands in (see
 * tmp-grid-parser.ts) so the pipeline can be exercised end to end.
 */
export async function loadGoldenSchema(root: string = process.cwd()): Promise<GoldenSchema> {
  const paths = goldenGridPaths(root);
  let files: GridFile[];
  let parser = "idl";
  const idl = await importIdl(root);
  if (idl) {
    const program = idl.loadProgram(paths);
    const errors = program.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      throw new Error(
        `schemas/golden does not check: ${errors.map((e) => e.message).join("; ")} — fix the .grid files or the idl checker`,
      );
    }
    files = program.files;
  } else {
    files = paths.map((p) => parseGoldenSubset(readFileSync(p, "utf8"), p));
    parser = "temporary subset parser (test/conformance/tmp-grid-parser.ts; idl/index.ts not there yet)";
  }
  return buildSchema(files, parser);
}

async function importIdl(root: string): Promise<IdlFrontEnd | undefined> {
  const url = pathToFileURL(resolve(root, "idl/index.ts")).href;
  try {
    const mod = (await import(url)) as Partial<IdlFrontEnd>;
    return typeof mod.loadProgram === "function" ? (mod as IdlFrontEnd) : undefined;
  } catch (err) {
    if (isModuleNotFound(err)) return undefined;
    throw err;
  }
}

function isModuleNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

function buildSchema(files: readonly GridFile[], parser: string): GoldenSchema {
  const decls = new Map<string, GoldenDecl>();
  for (const file of files) {
    const opt = (name: string) => file.options.some((o) => o.name === name && o.value === true);
    for (const decl of file.types) {
      if (decls.has(decl.name)) {
        throw new Error(`golden type ${decl.name} is declared twice; golden type names must be unique across files`);
      }
      decls.set(decl.name, { decl, file, newtime: opt("newtime"), compactfloats: opt("compactfloats") });
    }
  }
  const get = (name: string): GoldenDecl => {
    const bare = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
    const d = decls.get(bare);
    if (!d) throw new Error(`type ${name} is not declared in ${GOLDEN_SCHEMA_DIR}/*.grid`);
    return d;
  };
  const resolveRef = (ref: TypeRef): TypeRef => {
    let cur = ref;
    for (let i = 0; i < 64 && cur.kind === "named"; i++) {
      const d = get(cur.name).decl;
      if (d.kind !== "alias") return cur;
      cur = d.type;
    }
    return cur;
  };
  return { parser, files, decls, resolve: resolveRef, get };
}
