// Everything an emitter needs to know about where it stands: the program (for
// name lookup), the file being generated, the int64 mapping in force and the
// file options that change encodings (newtime, compactfloats).
import type { Field, GridFile, Int64Mode, StructDecl, TypeDecl, TypeRef } from "../idl/ast.js";
import type { Program } from "../idl/index.js";
import { resolve } from "node:path";
import type { JsonShapes } from "./json-emit.js";

/** Raised for a construct the generator cannot emit; the CLI prints it with the .grid location. */
export class GenerateError extends Error {
  override readonly name = "GenerateError";
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** A resolved named type: its declaration and the file that declares it. */
export interface Resolved {
  readonly decl: TypeDecl;
  readonly file: GridFile;
}

/** Per-file generation context. */
export class FileContext {
  /** Namespace identifiers of imported generated modules, by imported file. */
  readonly importAliases = new Map<GridFile, string>();
  readonly newtime: boolean;
  readonly compactfloats: boolean;
  readonly int64: Int64Mode;
  /** Warnings about declarations Go peers encode badly (msgp.md §9); the CLI prints them. */
  readonly warnings: string[] = [];
  /** The .grid path printed in generated comments (relative, forward slashes). */
  sourceName: string;
  /** Struct shapes for json<T> the module being written declares (json-emit.ts); set on the root context. */
  jsonShapes: JsonShapes | undefined;

  /** The context of the module being written (this one, or the one that made this context). */
  get root(): FileContext {
    return this.emitter ?? this;
  }

  constructor(
    readonly program: Program,
    readonly file: GridFile,
    readonly defaultInt64: Int64Mode,
    /**
     * The context of the module being written. Names are looked up from `file`
     * (where a type expression was written) but qualified for the emitter.
     */
    private readonly emitter?: FileContext,
  ) {
    this.sourceName = file.path.replace(/\\/g, "/");
    this.newtime = fileOption(file, "newtime") === true;
    this.compactfloats = fileOption(file, "compactfloats") === true;
    const m = fileOption(file, "int64");
    this.int64 = m === "number" || m === "string" || m === "bigint" ? m : defaultInt64;
  }

  /** Resolves a named type written in this file (imports included). */
  lookup(name: string, where: string): Resolved {
    const hit = this.program.lookup(this.file, name);
    if (hit === undefined) throw new GenerateError(`unknown type "${name}"`, where);
    return hit;
  }

  /** The TS qualifier for a declaration: "" when local, "ns." when imported. */
  qualifier(r: Resolved): string {
    if (this.emitter !== undefined) return this.emitter.qualifier(r);
    if (r.file === this.file) return "";
    let ns = this.importAliases.get(r.file);
    if (ns === undefined) {
      const imp = this.file.imports.find((i) => i.resolvedPath !== undefined && samePath(i.resolvedPath, r.file.path));
      ns = sanitizeIdent(imp?.alias ?? (r.file.package || "imported"));
      // Two imports may share a package name: keep identifiers unique.
      const taken = new Set(this.importAliases.values());
      let cand = ns;
      for (let i = 2; taken.has(cand); i++) cand = `${ns}${i}`;
      this.importAliases.set(r.file, cand);
      ns = cand;
    }
    return `${ns}.`;
  }

  /** Follows aliases to the type expression that decides the encoding. */
  underlying(t: TypeRef, where: string): { type: TypeRef; ctx: FileContext; decl?: TypeDecl } {
    let cur = t;
    let file = this.file;
    for (let guard = 0; guard < 64; guard++) {
      if (cur.kind !== "named") return { type: cur, ctx: this.forFile(file) };
      const hit = this.program.lookup(file, cur.name);
      if (hit === undefined) throw new GenerateError(`unknown type "${cur.name}"`, where);
      if (hit.decl.kind !== "alias") return { type: cur, ctx: this.forFile(hit.file), decl: hit.decl };
      cur = hit.decl.type;
      file = hit.file;
    }
    throw new GenerateError("alias chain too long (cycle?)", where);
  }

  private readonly others = new Map<GridFile, FileContext>();
  /** A context for another file of the same program (same defaults). */
  forFile(f: GridFile): FileContext {
    const root = this.emitter ?? this;
    if (f === root.file) return root;
    if (this.emitter !== undefined) return root.forFile(f);
    let c = this.others.get(f);
    if (c === undefined) {
      c = new FileContext(this.program, f, this.defaultInt64, this);
      this.others.set(f, c);
    }
    return c;
  }

  /** msgp's inlining complexity (msgp.md §5.3) of a same-file struct, memoised. */
  private readonly complexityMemo = new Map<StructDecl, number>();
  structComplexity(s: StructDecl, visiting = new Set<StructDecl>()): number {
    const m = this.complexityMemo.get(s);
    if (m !== undefined) return m;
    if (visiting.has(s)) return 1;
    visiting.add(s);
    let c = 1;
    for (const f of s.fields) c += this.typeComplexity(f.type, visiting);
    visiting.delete(s);
    this.complexityMemo.set(s, c);
    return c;
  }

  private typeComplexity(t: TypeRef, visiting: Set<StructDecl>): number {
    switch (t.kind) {
      case "scalar":
        return 1;
      case "fixedBytes":
        return 2; // Go [N]byte is an array of byte
      case "list":
      case "array":
        return 1 + this.typeComplexity(t.elem, visiting);
      case "optional":
        return 1 + this.typeComplexity(t.inner, visiting);
      case "map":
        return 2 + this.typeComplexity(t.value, visiting);
      case "json":
      case "gridArray":
      case "builtin":
        return 1; // types of MinIO's grid package: msgp calls their methods
      case "named": {
        const hit = this.program.lookup(this.file, t.name);
        if (hit === undefined || hit.file !== this.file) return 1;
        const d = hit.decl;
        if (d.kind === "enum") return 2;
        if (d.kind === "extension") return 1;
        if (d.kind === "alias") {
          const inner = d.type;
          if (inner.kind === "scalar") return 2;
          const c = this.typeComplexity(inner, visiting);
          return c < 5 ? c : 1;
        }
        const c = this.structComplexity(d, visiting);
        return c < 5 ? c : 1;
      }
    }
  }

  /** Whether msgp inlines this same-file struct (so omitempty on it means "all fields zero"). */
  inlined(r: Resolved): boolean {
    return r.file === this.file && r.decl.kind === "struct" && this.structComplexity(r.decl) < 5;
  }
}

/** The int64 mapping in force for a field. */
export function fieldInt64(ctx: FileContext, f: Field): Int64Mode {
  return f.int64 ?? ctx.int64;
}

function fileOption(f: GridFile, name: string): string | number | boolean | undefined {
  return f.options.find((o) => o.name === name)?.value;
}

function samePath(abs: string, shown: string): boolean {
  return resolve(abs) === resolve(shown);
}

/** Makes a string usable as a TS identifier. */
export function sanitizeIdent(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(t) ? `_${t}` : t;
}
