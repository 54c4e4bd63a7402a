// A loaded set of .grid files with name resolution. Resolution follows the
// file's own declarations first, then its direct imports (bare `Name` or
// qualified `pkg.Name` / `alias.Name`), so a file only sees what it imports.
import type { GridFile, TypeDecl, TypeRef } from "./ast.js";
import type { Diagnostic } from "./diagnostic.js";

/** What the generator and other tools consume: every file, checked. */
export interface Program {
  /** Imports before importers; entries in the order given. */
  readonly files: GridFile[];
  readonly diagnostics: Diagnostic[];
  /** Find the declaration a type name written in `from` refers to. */
  lookup(from: GridFile, name: string): { decl: TypeDecl; file: GridFile } | undefined;
}

/** Result of resolving a name: found, missing, or ambiguous between imports. */
export type Resolution =
  | { kind: "found"; decl: TypeDecl; file: GridFile }
  | { kind: "missing"; qualifierUnknown: boolean }
  | { kind: "ambiguous"; files: GridFile[] };

/** Name tables for a set of files; `importsOf` maps a file to the files it imports. */
export class Resolver {
  private readonly local = new Map<GridFile, Map<string, TypeDecl>>();

  constructor(private readonly importsOf: (f: GridFile) => { file: GridFile; alias?: string }[]) {}

  private table(f: GridFile): Map<string, TypeDecl> {
    let t = this.local.get(f);
    if (t === undefined) {
      t = new Map();
      for (const d of f.types) if (!t.has(d.name)) t.set(d.name, d);
      this.local.set(f, t);
    }
    return t;
  }

  resolve(from: GridFile, name: string): Resolution {
    const dot = name.indexOf(".");
    if (dot >= 0) {
      const q = name.slice(0, dot);
      const n = name.slice(dot + 1);
      const targets = this.importsOf(from).filter((i) => (i.alias ?? i.file.package) === q).map((i) => i.file);
      if (q === from.package && from.package !== "") targets.unshift(from);
      if (targets.length === 0) return { kind: "missing", qualifierUnknown: true };
      for (const f of targets) {
        const d = this.table(f).get(n);
        if (d !== undefined) return { kind: "found", decl: d, file: f };
      }
      return { kind: "missing", qualifierUnknown: false };
    }
    const own = this.table(from).get(name);
    if (own !== undefined) return { kind: "found", decl: own, file: from };
    const hits: { decl: TypeDecl; file: GridFile }[] = [];
    for (const i of this.importsOf(from)) {
      const d = this.table(i.file).get(name);
      if (d !== undefined && !hits.some((h) => h.file === i.file)) hits.push({ decl: d, file: i.file });
    }
    const [first] = hits;
    if (first === undefined) return { kind: "missing", qualifierUnknown: false };
    if (hits.length > 1) return { kind: "ambiguous", files: hits.map((h) => h.file) };
    return { kind: "found", ...first };
  }

  /** The files `f` imports directly. */
  importedFiles(f: GridFile): GridFile[] {
    return this.importsOf(f).map((i) => i.file);
  }

  lookup(from: GridFile, name: string): { decl: TypeDecl; file: GridFile } | undefined {
    const r = this.resolve(from, name);
    return r.kind === "found" ? { decl: r.decl, file: r.file } : undefined;
  }

  /** Follow named types through aliases to the type expression that decides the encoding. */
  underlying(from: GridFile, t: TypeRef): { type: TypeRef; file: GridFile; decl?: TypeDecl } {
    let cur = t;
    let file = from;
    for (let guard = 0; guard < 64; guard++) {
      if (cur.kind !== "named") return { type: cur, file };
      const hit = this.lookup(file, cur.name);
      if (hit === undefined) return { type: cur, file };
      if (hit.decl.kind !== "alias") return { type: cur, file: hit.file, decl: hit.decl };
      cur = hit.decl.type;
      file = hit.file;
    }
    return { type: cur, file };
  }
}
