// Straight-line encode/decode statements for one type expression, calling the
// msgp codec core (runtime/msgp, Contract 3). Every choice follows the
// declared Go type, never the JS value (shared/spec/msgp.md §10).
import type { TypeRef } from "../idl/ast.js";
import { GenerateError } from "./context.js";
import { hasTopLevelUnion, tsType, type Use } from "./type-emit.js";
import { JsonShapes } from "./json-emit.js";

/** Fresh temporaries for one generated function. */
export class Temps {
  private n = 0;
  next(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
}

/** Encoding options of a use site beyond its type. */
export interface EncodeSite {
  /** allownil: nil containers write c0 (and decode accepts it). */
  readonly allownil: boolean;
  /** The TS value may be null (omitempty containers): a nil that is written is written as empty. */
  readonly nullable?: boolean;
}

const PLAIN: EncodeSite = { allownil: false };

/** The range-checked MsgpWriter method of each Go integer type narrower than 64 bits. */
const NARROW_WRITERS: Readonly<Record<string, string>> = {
  int8: "writeInt8",
  int16: "writeInt16",
  int32: "writeInt32",
  rune: "writeInt32",
  uint8: "writeUint8",
  byte: "writeUint8",
  uint16: "writeUint16",
  uint32: "writeUint32",
};

/** Appends statements writing `x` (of type `t`) to `w`. */
export function encodeStmts(t: TypeRef, x: string, u: Use, out: string[], tmp: Temps, site: EncodeSite = PLAIN): void {
  const ctx = u.ctx;
  switch (t.kind) {
    case "scalar":
      switch (t.name) {
        case "bool":
          out.push(`w.writeBool(${x});`);
          return;
        case "float32":
          out.push(`w.writeFloat32(${x});`);
          return;
        case "float64":
          out.push(ctx.compactfloats ? `w.writeFloat64Compact(${x});` : `w.writeFloat64(${x});`);
          return;
        case "complex64":
          out.push(`w.writeComplex64(${x});`);
          return;
        case "complex128":
          out.push(`w.writeComplex128(${x});`);
          return;
        case "string":
          out.push(`w.writeString(${x});`);
          return;
        case "jsonnumber":
          out.push(`w.writeJsonNumber(${x});`);
          return;
        case "bytes":
          if (site.allownil) out.push(`if (${x} === null) w.writeNil();`, `else w.writeBytes(${x});`);
          else out.push(site.nullable === true ? `w.writeBytes(${x} ?? EMPTY_BYTES);` : `w.writeBytes(${x});`);
          return;
        case "raw":
          out.push(`w.writeRaw(${x});`);
          return;
        case "time":
          out.push(ctx.newtime ? `w.writeTimeNewtime(${x});` : `w.writeTime(${x});`);
          return;
        case "any":
          out.push(`w.writeAny(${x});`);
          return;
        default: {
          // Narrow widths and number-mode 64-bit ints go through range-checked
          // writers: a value Go cannot decode is refused here, naming the field.
          const unsigned = t.name.startsWith("u") || t.name === "byte";
          const what = JSON.stringify(`${t.name} ${u.where.includes(".") ? "field " : ""}${u.where}`);
          const narrow = NARROW_WRITERS[t.name];
          if (narrow !== undefined) out.push(`w.${narrow}(${x}, ${what});`);
          else if (u.int64 === "number") out.push(`w.${unsigned ? "writeUintSafe" : "writeIntSafe"}(${x}, ${what});`);
          else if (u.int64 === "string") out.push(`w.${unsigned ? "writeUint" : "writeInt"}(int64FromString(${x}));`);
          else out.push(`w.${unsigned ? "writeUint" : "writeInt"}(${x});`);
          return;
        }
      }
    case "fixedBytes":
      out.push(`if (${x}.length !== ${t.size}) {`, ind(`throw new MsgpEncodeError(\`${u.where}: [${t.size}]byte needs exactly ${t.size} bytes, got \${${x}.length}\`);`), "}");
      out.push(`w.writeBytes(${x});`);
      return;
    case "list":
    case "array": {
      if (t.kind === "array") {
        out.push(`if (${x}.length !== ${t.size}) {`, ind(`throw new MsgpEncodeError(\`${u.where}: [${t.size}] array needs exactly ${t.size} elements, got \${${x}.length}\`);`), "}");
      }
      const body = (target: string[]): void => {
        const e = tmp.next("e");
        const inner: string[] = [];
        encodeStmts(t.elem, e, u, inner, tmp);
        target.push(`for (const ${e} of ${x}) {`, ...inner.map(ind), "}");
      };
      if (t.kind === "list" && site.allownil) {
        out.push(`if (${x} === null) w.writeNil();`, "else {", ind(`w.writeArrayHeader(${x}.length);`));
        const b: string[] = [];
        body(b);
        out.push(...b.map(ind), "}");
      } else if (t.kind === "list" && site.nullable === true) {
        // A nil slice is written as an empty array (msgp.md §3.1).
        const l = tmp.next("l");
        out.push(`const ${l} = ${x} ?? [];`, `w.writeArrayHeader(${l}.length);`);
        encodeStmtsLoop(t.elem, l, u, out, tmp);
      } else if (t.kind === "list") {
        out.push(`w.writeArrayHeader(${x}.length);`);
        encodeStmtsLoop(t.elem, x, u, out, tmp);
      } else {
        out.push(`w.writeArrayHeader(${t.size});`);
        body(out);
      }
      return;
    }
    case "map": {
      const viaTemp = !site.allownil && site.nullable === true;
      const m = viaTemp ? tmp.next("m") : x;
      const lines: string[] = [];
      if (viaTemp) out.push(`const ${m} = ${x} ?? EMPTY_MAP;`);
      const k = tmp.next("k");
      const e = tmp.next("e");
      const inner: string[] = [];
      encodeStmts(t.value, e, u, inner, tmp);
      lines.push(`w.writeMapHeader(${m}.size);`, `for (const [${k}, ${e}] of ${m}) {`, ind(`w.writeString(${k});`), ...inner.map(ind), "}");
      if (site.allownil) out.push(`if (${x} === null) w.writeNil();`, "else {", ...lines.map(ind), "}");
      else out.push(...lines);
      return;
    }
    case "optional": {
      const inner: string[] = [];
      encodeStmts(t.inner, x, u, inner, tmp);
      out.push(`if (${x} === null) w.writeNil();`, "else {", ...inner.map(ind), "}");
      return;
    }
    case "json":
      out.push(`if (${x} === null) w.writeNil();`, `else w.writeBytes(goJsonEncode(${jsonShape(t.inner, u)}, ${x}));`);
      return;
    case "gridArray": {
      const inner: string[] = [];
      encodeStmtsLoop(t.elem, x, u, inner, tmp);
      out.push(`if (${x} === null) w.writeNil();`, "else {", ind(`w.writeArrayHeader(${x}.length);`), ...inner.map(ind), "}");
      return;
    }
    case "builtin":
      switch (t.name) {
        case "MSS": {
          const k = tmp.next("k");
          const e = tmp.next("e");
          out.push(
            `if (${x} === null) w.writeNil();`,
            "else {",
            ind(`w.writeMapHeader(${x}.size);`),
            ind(`for (const [${k}, ${e}] of ${x}) {`),
            ind(ind(`w.writeString(${k});`)),
            ind(ind(`w.writeString(${e});`)),
            ind("}"),
            "}",
          );
          return;
        }
        case "Bytes":
          out.push(`if (${x} === null) w.writeNil();`, `else w.writeBytes(${x});`);
          return;
        case "URLValues": {
          const k = tmp.next("k");
          const e = tmp.next("e");
          const s = tmp.next("s");
          out.push(
            `w.writeMapHeader(${x}.size);`,
            `for (const [${k}, ${e}] of ${x}) {`,
            ind(`w.writeString(${k});`),
            ind(`w.writeArrayHeader(${e}.length);`),
            ind(`for (const ${s} of ${e}) w.writeString(${s});`),
            "}",
          );
          return;
        }
        case "NoPayload":
          out.push("// NoPayload writes nothing (grid sends an empty payload).");
          return;
      }
      return;
    case "named": {
      const r = ctx.lookup(t.name, u.where);
      if (r.decl.kind === "alias" && u.expand) {
        encodeStmts(r.decl.type, x, { ...u, ctx: ctx.forFile(r.file) }, out, tmp, site);
        return;
      }
      out.push(`${ctx.qualifier(r)}encode${r.decl.name}(w, ${x});`);
      return;
    }
  }
}

/** The go-json shape of a json<T> payload type (struct shapes are declared once per module). */
function jsonShape(t: TypeRef, u: Use): string {
  const root = u.ctx.root;
  root.jsonShapes ??= new JsonShapes();
  return root.jsonShapes.shape(t, u);
}

function encodeStmtsLoop(elem: TypeRef, arr: string, u: Use, out: string[], tmp: Temps): void {
  const e = tmp.next("e");
  const inner: string[] = [];
  encodeStmts(elem, e, u, inner, tmp);
  out.push(`for (const ${e} of ${arr}) {`, ...inner.map(ind), "}");
}

/**
 * Returns an expression reading a value of type `t` from `r`; statements it
 * needs first are appended to `out`.
 */
export function decodeExpr(t: TypeRef, u: Use, out: string[], tmp: Temps, site: EncodeSite = PLAIN): string {
  const ctx = u.ctx;
  switch (t.kind) {
    case "scalar":
      switch (t.name) {
        case "bool":
          return "r.readBool()";
        case "int8":
          return "r.readInt8()";
        case "int16":
          return "r.readInt16()";
        case "int32":
        case "rune":
          return "r.readInt32()";
        case "uint8":
        case "byte":
          return "r.readUint8()";
        case "uint16":
          return "r.readUint16()";
        case "uint32":
          return "r.readUint32()";
        case "int":
        case "int64":
        case "duration":
          return u.int64 === "bigint" ? "r.readInt64()" : u.int64 === "number" ? "r.readIntNumber()" : "r.readInt64().toString()";
        case "uint":
        case "uint64":
          return u.int64 === "bigint" ? "r.readUint64()" : u.int64 === "number" ? "r.readUintNumber()" : "r.readUint64().toString()";
        case "float32":
          return "r.readFloat32()";
        case "float64":
          return "r.readFloat64()";
        case "complex64":
          return "r.readComplex64()";
        case "complex128":
          return "r.readComplex128()";
        case "string":
          return "r.readString()";
        case "jsonnumber":
          return "r.readJsonNumber()";
        case "bytes":
          return site.allownil ? "r.tryReadNil() ? null : r.readBytes()" : "r.readBytes()";
        case "raw":
          return "r.readRaw()";
        case "time":
          return "r.readTime()";
        case "any":
          return "r.readAny()";
      }
      break;
    case "fixedBytes":
      return `r.readFixedBytes(${t.size})`;
    case "list":
    case "array":
    case "gridArray": {
      const a = tmp.next("a");
      const n = tmp.next("n");
      const i = tmp.next("i");
      const et = tsType(t.elem, u);
      const inner: string[] = [];
      const ex = decodeExpr(t.elem, u, inner, tmp);
      const nilable = t.kind === "gridArray" || (t.kind === "list" && site.allownil);
      const body: string[] = [];
      body.push(`const ${n} = r.readArrayHeader();`);
      if (t.kind === "array") {
        body.push(`if (${n} !== ${t.size}) {`, ind(`throw new MsgpDecodeError(r.pos, "array of ${t.size}", \`array of \${${n}}\`);`), "}");
      }
      // The index joins the error path (Slices.Ints[3]).
      body.push(
        `for (let ${i} = 0; ${i} < ${n}; ${i}++) {`,
        ind("try {"),
        ...inner.map((l) => ind(ind(l))),
        ind(ind(`${a}.push(${ex});`)),
        ind("} catch (err) {"),
        ind(ind(`throw err instanceof MsgpDecodeError ? err.withIndex(${i}) : err;`)),
        ind("}"),
        "}",
      );
      if (nilable) {
        out.push(`let ${a}: ${paren(et)}[] | null = null;`, "if (!r.tryReadNil()) {", ind(`${a} = [];`), ...body.map(ind), "}");
      } else {
        out.push(`const ${a}: ${paren(et)}[] = [];`, ...body);
      }
      return a;
    }
    case "map": {
      const m = tmp.next("m");
      const n = tmp.next("n");
      const i = tmp.next("i");
      const inner: string[] = [];
      const ex = decodeExpr(t.value, u, inner, tmp);
      const vt = tsType(t.value, u);
      const k = tmp.next("k");
      const body = [
        `const ${n} = r.readMapHeader();`,
        `for (let ${i} = 0; ${i} < ${n}; ${i}++) {`,
        ind(`const ${k} = r.readString();`),
        ind("try {"),
        ...inner.map((l) => ind(ind(l))),
        ind(ind(`${m}.set(${k}, ${ex});`)),
        ind("} catch (err) {"),
        ind(ind(`throw err instanceof MsgpDecodeError ? err.withField(${k}) : err;`)),
        ind("}"),
        "}",
      ];
      if (site.allownil) {
        out.push(`let ${m}: Map<string, ${vt}> | null = null;`, "if (!r.tryReadNil()) {", ind(`${m} = new Map();`), ...body.map(ind), "}");
      } else out.push(`const ${m} = new Map<string, ${vt}>();`, ...body);
      return m;
    }
    case "optional":
    case "json": {
      const inner: string[] = [];
      const ex = t.kind === "optional" ? decodeExpr(t.inner, u, inner, tmp) : `goJsonDecode<${tsType(t.inner, u)}>(${jsonShape(t.inner, u)}, r.readBytesView())`;
      if (inner.length === 0) return `r.tryReadNil() ? null : ${ex}`;
      const p = tmp.next("p");
      out.push(`let ${p}: ${tsType(t, u)} = null;`, "if (!r.tryReadNil()) {", ...inner.map(ind), ind(`${p} = ${ex};`), "}");
      return p;
    }
    case "builtin":
      switch (t.name) {
        case "MSS": {
          const m = tmp.next("m");
          const n = tmp.next("n");
          out.push(
            `let ${m}: Map<string, string> | null = null;`,
            "if (!r.tryReadNil()) {",
            ind(`${m} = new Map();`),
            ind(`for (let ${n} = r.readMapHeader(); ${n} > 0; ${n}--) ${m}.set(r.readString(), r.readString());`),
            "}",
          );
          return m;
        }
        case "Bytes":
          return "r.tryReadNil() ? null : r.readBytes()";
        case "URLValues": {
          const m = tmp.next("m");
          const n = tmp.next("n");
          const l = tmp.next("l");
          const j = tmp.next("j");
          out.push(
            `const ${m} = new Map<string, string[]>();`,
            `for (let ${n} = r.readMapHeader(); ${n} > 0; ${n}--) {`,
            ind("const k = r.readString();"),
            ind(`const ${l}: string[] = [];`),
            ind(`for (let ${j} = r.readArrayHeader(); ${j} > 0; ${j}--) ${l}.push(r.readString());`),
            ind(`${m}.set(k, ${l});`),
            "}",
          );
          return m;
        }
        case "NoPayload":
          return "{}";
      }
      break;
    case "named": {
      const r = ctx.lookup(t.name, u.where);
      if (r.decl.kind === "alias" && u.expand) return decodeExpr(r.decl.type, { ...u, ctx: ctx.forFile(r.file) }, out, tmp, site);
      return `${ctx.qualifier(r)}decode${r.decl.name}(r)`;
    }
  }
  throw new GenerateError("cannot decode this type", u.where);
}

/** Indents one line by two spaces (prettier re-indents anyway; this keeps raw output readable). */
export function ind(s: string): string {
  return `  ${s}`;
}

function paren(t: string): string {
  return hasTopLevelUnion(t) ? `(${t})` : t;
}
