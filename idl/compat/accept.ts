// Would a msgp reader of shape R accept what a writer of shape W produces?
// This is msgp.md §4 as a function: strict about families, lenient about widths,
// nil only where the reader allows it. Struct and enum pairs are not judged here:
// they are handed back so the comparator walks them field by field / value by value.
import type { EnumDecl, StructDecl } from "../ast.js";
import type { DeclIn, Shape } from "./wire-shape.js";

/** "ok": every value W can write is read back unchanged; "some": only some are; "never": none are. */
export type Level = "ok" | "some" | "never";

/** The reader's verdict on the writer's values, with the reason when not "ok". */
export interface Verdict {
  readonly level: Level;
  /** Why the reader refuses, or when ("values above 255"); phrased about the writer's values. */
  readonly why: string;
}

/** Struct/enum pairs met while judging, to be compared in their own right. */
export interface PairSink {
  struct(w: DeclIn<StructDecl>, r: DeclIn<StructDecl>): void;
  enum(w: DeclIn<EnumDecl>, r: DeclIn<EnumDecl>): void;
}

const OK: Verdict = { level: "ok", why: "" };
const never = (why: string): Verdict => ({ level: "never", why });
const some = (why: string): Verdict => ({ level: "some", why });

function range(signed: boolean, bits: number): [bigint, bigint] {
  return signed ? [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n] : [0n, (1n << BigInt(bits)) - 1n];
}

/** Combines verdicts of parts (elements, values): the worst level wins, reasons are joined. */
export function worst(...vs: Verdict[]): Verdict {
  let level: Level = "ok";
  const whys: string[] = [];
  for (const v of vs) {
    if (v.level === "never") level = "never";
    else if (v.level === "some" && level === "ok") level = "some";
    if (v.level !== "ok" && v.why) whys.push(v.why);
  }
  return { level, why: whys.join("; ") };
}

/** The verdict ignoring top-level nil (the caller reports nil changes with their own rules). */
export function acceptsValue(w: Shape, r: Shape, sink: PairSink): Verdict {
  return judge(w, r, sink);
}

/** The full verdict including nil at this level (used for elements and values inside containers). */
export function accepts(w: Shape, r: Shape, sink: PairSink): Verdict {
  const v = judge(w, r, sink);
  if (w.nil && !r.nil && w.k !== "none") return worst(v, some(`a nil ${w.label} (c0) is refused by a non-nil-able ${r.label} reader`));
  return v;
}

function judge(w: Shape, r: Shape, sink: PairSink): Verdict {
  if (w.k === "unresolved" || r.k === "unresolved") return OK; // the front end reports unknown names
  if (r.k === "any" && w.k !== "none") return OK; // interface{} reads anything
  if (r.k === "raw" && w.k !== "none") return OK; // msgp.Raw keeps any single object
  switch (w.k) {
    case "int": {
      if (r.k === "jsonnumber") {
        return w.signed || w.bits < 64 ? OK : some("json.Number refuses uint64 values above int64 max");
      }
      if (r.k !== "int") return never(`${r.label} reader refuses MessagePack integers`);
      if (w.enumOf && r.enumOf) sink.enum(w.enumOf, r.enumOf);
      const [wmin, wmax] = range(w.signed, w.bits);
      const [rmin, rmax] = range(r.signed, r.bits);
      const parts: string[] = [];
      if (wmin < rmin) parts.push(rmin === 0n ? "negative values" : `values below ${rmin}`);
      if (wmax > rmax) parts.push(`values above ${rmax}`);
      if (parts.length === 0) return OK;
      return some(`${r.label} reader refuses ${parts.join(" and ")} (out of range)`);
    }
    case "float":
      if (r.k === "jsonnumber") return OK;
      if (r.k !== "float") return never(`${r.label} reader refuses MessagePack floats`);
      if (w.bits === 64 && r.bits === 32) return never("float32 reader refuses the float64 (cb) that float64 writers always send");
      return OK;
    case "complex":
      return r.k === "complex" && r.bits === w.bits ? OK : never(`${r.label} reader refuses ${w.label} (ext ${w.bits === 64 ? 3 : 4})`);
    case "jsonnumber":
      if (r.k === "jsonnumber") return OK;
      if (r.k === "float" && r.bits === 64) return some("float64 reader refuses json.Number texts written as integers");
      if (r.k === "int" && r.signed && r.bits === 64) return some("int reader refuses json.Number texts written as floats");
      return never(`${r.label} reader refuses json.Number's int/float encoding`);
    case "bool":
    case "string":
    case "time":
    case "any":
    case "raw":
    case "none":
      if (r.k === w.k) return OK;
      if (w.k === "none") return never(`NoPayload writes zero bytes, which a ${r.label} reader cannot decode`);
      if (r.k === "none") return never(`a NoPayload reader ignores the ${w.label} value entirely`);
      if (w.k === "any" || w.k === "raw") return some(`${r.label} reader refuses ${w.label} values that hold another kind`);
      return never(`${r.label} reader refuses ${w.label} (different MessagePack family)`);
    case "bytes":
      if (r.k === "bytes") return OK;
      if (r.k === "fixedBytes") return some(`bytes[${r.n}] reader refuses byte strings whose length is not ${r.n}`);
      return never(`${r.label} reader refuses bin`);
    case "fixedBytes":
      if (r.k === "bytes") return OK;
      if (r.k === "fixedBytes") return r.n === w.n ? OK : never(`bytes[${r.n}] reader refuses a bin of ${w.n} bytes`);
      return never(`${r.label} reader refuses bin`);
    case "list":
      if (r.k === "list") return inElems(accepts(w.elem, r.elem, sink), "element");
      if (r.k === "array") return worst(some(`array<_, ${r.n}> reader refuses lists whose length is not ${r.n}`), inElems(accepts(w.elem, r.elem, sink), "element"));
      return never(`${r.label} reader refuses an array`);
    case "array":
      if (r.k === "list") return inElems(accepts(w.elem, r.elem, sink), "element");
      if (r.k === "array") return r.n === w.n ? inElems(accepts(w.elem, r.elem, sink), "element") : never(`array<_, ${r.n}> reader refuses ${w.n} elements (exact count required)`);
      return never(`${r.label} reader refuses an array`);
    case "map":
      if (r.k === "map") return inElems(accepts(w.value, r.value, sink), "map value");
      return never(`${r.label} reader refuses a map`);
    case "json":
      if (r.k === "json") return inElems(accepts(w.inner, r.inner, sink), "JSON value");
      return never(`${r.label} reader refuses the JSON text (bin) of ${w.label}`);
    case "struct":
      if (r.k === "struct") {
        sink.struct(w.of, r.of);
        return OK;
      }
      return never(`${r.label} reader refuses the struct ${w.label}`);
    case "ext":
      if (r.k === "ext" && r.extType === w.extType) return OK;
      return never(`${r.label} reader refuses extension type ${w.extType}`);
  }
  return OK;
}

function inElems(v: Verdict, where: string): Verdict {
  return v.level === "ok" ? v : { level: v.level, why: `${where}: ${v.why}` };
}
