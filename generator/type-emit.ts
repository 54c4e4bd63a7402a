// Type-directed pieces of generated code: the TS type of a .grid type
// expression, its Go zero value, and msgp's "is empty" test for omitempty.
// Shared by the declaration and codec emitters so they always agree.
import type { Int64Mode, StructDecl, TypeRef } from "../idl/ast.js";
import { GenerateError, type FileContext } from "./context.js";
import { logicalOperand } from "./layout.js";

/** Where a type expression is used: the file, the int64 mapping, and whether aliases must be expanded. */
export interface Use {
  readonly ctx: FileContext;
  readonly int64: Int64Mode;
  /** A per-field int64 override expands aliases so the override reaches their 64-bit ints. */
  readonly expand: boolean;
  /** Human location for errors ("LockArgs.Quorum"). */
  readonly where: string;
}

/** Go's zero time.Time as a literal. */
export const ZERO_TIME = "{ sec: -62135596800n, nsec: 0 }";

const INT64_SCALARS = new Set(["int", "int64", "uint", "uint64", "duration"]);
const SMALL_INTS = new Set(["int8", "int16", "int32", "rune", "uint8", "uint16", "uint32", "byte"]);

/** Whether a scalar is one of the 64-bit integers that follow the int64 mapping. */
export function isInt64(name: string): boolean {
  return INT64_SCALARS.has(name);
}

/** Whether a scalar is a number-typed integer (32 bits or less). */
export function isSmallInt(name: string): boolean {
  return SMALL_INTS.has(name);
}

/** The TS type of a 64-bit integer under a mapping. */
export function int64Type(m: Int64Mode): string {
  return m === "bigint" ? "bigint" : m === "number" ? "number" : "string";
}

function paren(t: string): string {
  return hasTopLevelUnion(t) ? `(${t})` : t;
}

/** Whether a TS type has a `|` outside brackets (then `[]` needs it parenthesised; prettier drops other parentheses). */
export function hasTopLevelUnion(t: string): boolean {
  let depth = 0;
  for (const c of t) {
    if (c === "<" || c === "(" || c === "{" || c === "[") depth++;
    else if (c === ">" || c === ")" || c === "}" || c === "]") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

/** The TS type of a type expression. */
export function tsType(t: TypeRef, u: Use): string {
  switch (t.kind) {
    case "scalar":
      switch (t.name) {
        case "bool":
          return "boolean";
        case "float32":
        case "float64":
          return "number";
        case "complex64":
        case "complex128":
          return "Complex";
        case "string":
        case "jsonnumber":
          return "string";
        case "bytes":
        case "raw":
          return "Uint8Array";
        case "time":
          return "GoTime";
        case "any":
          return "MsgpAny";
        default:
          return isInt64(t.name) ? int64Type(u.int64) : "number";
      }
    case "fixedBytes":
      return "Uint8Array";
    case "list":
    case "array":
      return `${paren(tsType(t.elem, u))}[]`;
    case "map":
      return `Map<string, ${tsType(t.value, u)}>`;
    case "optional":
    case "json":
      return `${tsType(t.inner, u)} | null`;
    case "gridArray":
      return `${paren(tsType(t.elem, u))}[] | null`;
    case "builtin":
      switch (t.name) {
        case "MSS":
          return "Map<string, string> | null";
        case "Bytes":
          return "Uint8Array | null";
        case "URLValues":
          return "Map<string, string[]>";
        case "NoPayload":
          return "Record<string, never>";
      }
      break;
    case "named": {
      const r = u.ctx.lookup(t.name, u.where);
      if (r.decl.kind === "alias" && u.expand) return tsType(r.decl.type, { ...u, ctx: u.ctx.forFile(r.file) });
      return `${u.ctx.qualifier(r)}${r.decl.name}`;
    }
  }
  throw new GenerateError("unsupported type", u.where);
}

/** Whether nil (null) is a distinct TS value of a field: allownil / omitempty containers. */
export function nullableContainer(t: TypeRef, u: Use): boolean {
  const k = t.kind === "named" ? u.ctx.underlying(t, u.where).type : t;
  return (k.kind === "scalar" && k.name === "bytes") || k.kind === "list" || k.kind === "map";
}

/** The Go zero value of a type expression, as a fresh TS value. */
export function zeroExpr(t: TypeRef, u: Use): string {
  switch (t.kind) {
    case "scalar":
      switch (t.name) {
        case "bool":
          return "false";
        case "float32":
        case "float64":
          return "0";
        case "complex64":
        case "complex128":
          return "{ real: 0, imag: 0 }";
        case "string":
        case "jsonnumber":
          return '""';
        case "bytes":
        case "raw":
          // The runtime's shared frozen empty array: V8 allocates a zero-length
          // Uint8Array ~10x slower than a short one, and every decode starts
          // from create*(). Nothing writes into a zero value (fields are replaced).
          return "EMPTY_BYTES";
        case "time":
          return ZERO_TIME;
        case "any":
          return '{ kind: "nil" }';
        default:
          if (!isInt64(t.name)) return "0";
          return u.int64 === "bigint" ? "0n" : u.int64 === "number" ? "0" : '"0"';
      }
    case "fixedBytes":
      return `new Uint8Array(${t.size})`;
    case "list":
      return "[]";
    case "array": {
      if (t.size === 0) return "[]";
      const z = zeroExpr(t.elem, u);
      // Prettier always breaks an array of several arrays/objects: use the one-line form instead.
      const nested = z.startsWith("[") || z.startsWith("{");
      if (t.size <= 8 && !(nested && t.size > 1)) return `[${Array.from({ length: t.size }, () => z).join(", ")}]`;
      return `Array.from({ length: ${t.size} }, (): ${tsType(t.elem, u)} => ${z.startsWith("{") ? `(${z})` : z})`;
    }
    case "map":
      return "new Map()";
    case "optional":
    case "json":
    case "gridArray":
      return "null";
    case "builtin":
      return t.name === "URLValues" ? "new Map()" : t.name === "NoPayload" ? "{}" : "null";
    case "named": {
      const r = u.ctx.lookup(t.name, u.where);
      const d = r.decl;
      if (d.kind === "enum") {
        if (!isInt64(d.backing)) return "0";
        const m = u.ctx.forFile(r.file).int64;
        return m === "bigint" ? "0n" : m === "number" ? "0" : '"0"';
      }
      if (d.kind === "extension") return "EMPTY_BYTES";
      if (d.kind === "alias" && u.expand) return zeroExpr(d.type, { ...u, ctx: u.ctx.forFile(r.file) });
      return `${u.ctx.qualifier(r)}create${d.name}()`;
    }
  }
}

/**
 * msgp's omitempty test (msgp.md §5.2) as a TS condition that is true when the
 * field is left out, or undefined when msgp never omits this type.
 */
export function emptyCheck(t: TypeRef, x: string, u: Use): string | undefined {
  switch (t.kind) {
    case "scalar":
      switch (t.name) {
        case "bool":
          return `${x} === false`;
        case "float32":
        case "float64":
          return `${x} === 0`;
        case "complex64":
        case "complex128":
          return `${x}.real === 0 && ${x}.imag === 0`;
        case "string":
        case "jsonnumber":
          return `${x} === ""`;
        case "bytes":
          return `${x} === null`;
        case "time":
          return `${x}.sec === -62135596800n && ${x}.nsec === 0`;
        case "raw":
        case "any":
          return undefined; // raw never; interface{} never before msgp 1.3.0
        default:
          if (!isInt64(t.name)) return `${x} === 0`;
          return u.int64 === "bigint" ? `${x} === 0n` : u.int64 === "number" ? `${x} === 0` : `int64FromString(${x}) === 0n`;
      }
    case "list":
    case "map":
    case "optional":
      return `${x} === null`;
    case "fixedBytes":
    case "array":
    case "json":
    case "gridArray":
    case "builtin":
      return undefined; // arrays never; grid builtins are other-package types
    case "named": {
      const r = u.ctx.lookup(t.name, u.where);
      if (r.file !== u.ctx.file) return undefined; // another package: msgp calls its methods
      const d = r.decl;
      if (d.kind === "enum") return emptyCheck({ kind: "scalar", name: d.backing, span: d.span }, x, { ...u, int64: u.ctx.int64 });
      if (d.kind === "extension") return undefined;
      if (d.kind === "alias") return emptyCheck(d.type, x, { ...u, expand: true });
      if (!u.ctx.inlined(r)) return undefined;
      return structZero(d, x, u, true);
    }
  }
}

/**
 * All fields zero. `goEq` follows Go's `==` (what msgp's inlined omitempty
 * compiles to), which rejects slices, maps and []byte.
 */
export function structZero(d: StructDecl, x: string, u: Use, goEq: boolean): string {
  if (d.fields.length === 0) return "true";
  const parts: string[] = [];
  for (const f of d.fields) {
    const fu: Use = { ...u, int64: f.int64 ?? u.ctx.int64, where: `${d.name}.${f.name}` };
    parts.push(logicalOperand(valueZero(f.type, `${x}.${f.name}`, fu, goEq)));
  }
  return parts.join(" && ");
}

/** Go zero test of any value (used for structs' fields under omitempty/omitzero). */
export function valueZero(t: TypeRef, x: string, u: Use, goEq: boolean): string {
  switch (t.kind) {
    case "scalar":
      if (t.name === "any") return `${x}.kind === "nil"`;
      if (t.name === "bytes" || t.name === "raw") {
        if (goEq) throw new GenerateError("omitempty on a struct holding []byte: Go cannot compare it; drop omitempty", u.where);
        return `${x}.length === 0`;
      }
      return emptyCheck(t, x, u)!;
    case "fixedBytes":
      return `${x}.every((b) => b === 0)`;
    case "array":
      return `${x}.every((e) => ${valueZero(t.elem, "e", u, goEq)})`;
    case "list":
    case "map":
      if (goEq) throw new GenerateError("omitempty on a struct holding a slice or map: Go cannot compare it; drop omitempty", u.where);
      return t.kind === "list" ? `${x}.length === 0` : `${x}.size === 0`;
    case "optional":
    case "json":
    case "gridArray":
      return `${x} === null`;
    case "builtin":
      return t.name === "URLValues" ? `${x}.size === 0` : t.name === "NoPayload" ? "true" : `${x} === null`;
    case "named": {
      const r = u.ctx.lookup(t.name, u.where);
      const d = r.decl;
      const ru: Use = { ...u, ctx: u.ctx.forFile(r.file), expand: true };
      if (d.kind === "enum") return emptyCheck({ kind: "scalar", name: d.backing, span: d.span }, x, { ...u, int64: ru.ctx.int64 })!;
      if (d.kind === "extension") return `${x}.length === 0`;
      if (d.kind === "alias") return valueZero(d.type, x, ru, goEq);
      return structZero(d, x, ru, goEq);
    }
  }
}
