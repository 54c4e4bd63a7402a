// Loads schemas/golden/*.grid (through idl's loadProgram) into one name -> declaration table. The vector
// checker and the random-value generators walk these declarations to know the
// wire type of every field (the JSON of a vector alone cannot tell int64 from
// uint64, or a list from an allownil list).
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { GridFile, TypeDecl, TypeRef } from "../../idl/ast.js";
import { formatDiagnostics, loadProgram } from "../../idl/index.js";

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
  readonly files: readonly GridFile[];
  readonly decls: ReadonlyMap<string, GoldenDecl>;
  /** Follows aliases to the type a named reference finally stands for. */
  resolve(ref: TypeRef): TypeRef;
  get(name: string): GoldenDecl;
}

/** The .grid paths of the golden set, sorted. */
export function goldenGridPaths(root: string = process.cwd()): string[] {
  const dir = resolve(root, GOLDEN_SCHEMA_DIR);
  return readdirSync(dir)
    .filter((n) => n.endsWith(".grid"))
    .sort()
    .map((n) => join(dir, n));
}

/** Parses and checks the golden .grid files with the idl front end; any error diagnostic throws. */
export function loadGoldenSchema(root: string = process.cwd()): GoldenSchema {
  const program = loadProgram(goldenGridPaths(root));
  const errors = program.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new Error(`${GOLDEN_SCHEMA_DIR} does not check; fix the .grid files:\n${formatDiagnostics(errors, { color: false })}`);
  }
  return buildSchema(program.files);
}

function buildSchema(files: readonly GridFile[]): GoldenSchema {
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
  return { files, decls, resolve: resolveRef, get };
}
