// TEMPORARY: an encoder/decoder that interprets the golden declarations over
// the msgp core (runtime/msgp), standing in for generated codecs until
// generated/golden exists, so the vector check and the Go round trip run
// against the real msgp core already. golden-codecs.ts switches to the
// generated codecs as soon as they are there; delete this file then.
import type { Field, StructDecl, TypeRef } from "../../idl/ast.js";
import { MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";
import type { AnyValue, Complex, GoTime } from "./any-values.js";
import type { GoldenSchema } from "./golden-schema.js";

const ZERO_TIME_SEC = -62135596800n;
const enc = new TextEncoder();
const dec = new TextDecoder();

interface Opts {
  readonly newtime: boolean;
  readonly compactfloats: boolean;
}

/** A codec of one golden type: the shape generated codecs are adapted to. */
export interface TmpCodec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

/** Builds interpreting codecs for every declaration of the golden schema. */
export function interpretingCodecs(schema: GoldenSchema): Map<string, TmpCodec> {
  const out = new Map<string, TmpCodec>();
  for (const [name, d] of schema.decls) {
    const ref: TypeRef = { kind: "named", name, span: d.decl.span };
    const opts = { newtime: d.newtime, compactfloats: d.compactfloats };
    out.set(name, {
      encode(v) {
        const o = new MsgpWriter(256);
        encodeRef(schema, ref, v, o, opts, false);
        return o.finish().slice();
      },
      decode(b) {
        const i = new MsgpReader(b);
        const v = decodeRef(schema, ref, i, opts, false);
        if (!i.atEnd()) throw new Error(`trailing bytes after ${name} at offset ${i.pos}`);
        return v;
      },
    });
  }
  return out;
}

const isZeroTime = (t: GoTime) => t.sec === ZERO_TIME_SEC && t.nsec === 0;

function isEmpty(schema: GoldenSchema, ref: TypeRef, v: unknown): boolean {
  const r = schema.resolve(ref);
  if (v === null || v === undefined) return true;
  switch (r.kind) {
    case "scalar":
      switch (r.name) {
        case "bool":
          return v === false;
        case "string":
        case "jsonnumber":
          return v === "";
        case "time":
          return isZeroTime(v as GoTime);
        case "complex64":
        case "complex128":
          return (v as Complex).real === 0 && (v as Complex).imag === 0;
        case "bytes":
          return false; // only nil (null) is empty, handled above
        case "raw":
          return (v as Uint8Array).length === 0;
        case "any":
          return false;
        default:
          return v === 0 || v === 0n || v === "0";
      }
    case "list":
    case "map":
    case "optional":
      return false; // only nil (null) is empty, handled above
    case "named": {
      const d = schema.get(r.name).decl;
      if (d.kind === "enum") return v === 0;
      if (d.kind === "struct") return d.fields.every((f) => isEmpty(schema, f.type, (v as Record<string, unknown>)[f.name]));
      return false;
    }
    default:
      return false;
  }
}

/** allownil and omitempty list/map/bytes fields tell nil from empty, so their TS value may be null. */
function nullable(f: Field): boolean {
  return f.allownil || f.omitempty;
}

function omitted(schema: GoldenSchema, f: Field, v: unknown): boolean {
  if (f.omitempty && isEmpty(schema, f.type, v)) return true;
  if (f.omitzero) {
    if (v === null) return true;
    const r = schema.resolve(f.type);
    const inner = r.kind === "optional" ? r.inner : f.type;
    return isEmpty(schema, inner, v);
  }
  return false;
}

/** Fields as written: flatten splices the fields of the flattened struct. */
function wireFields(schema: GoldenSchema, s: StructDecl, v: Record<string, unknown>): { f: Field; v: unknown }[] {
  const out: { f: Field; v: unknown }[] = [];
  for (const f of s.fields) {
    if (f.flatten) {
      const r = schema.resolve(f.type);
      const d = r.kind === "named" ? schema.get(r.name).decl : undefined;
      if (d?.kind !== "struct") throw new Error(`${s.name}.${f.name}: flatten needs a struct type`);
      out.push(...wireFields(schema, d, v[f.name] as Record<string, unknown>));
    } else out.push({ f, v: v[f.name] });
  }
  return out;
}

function encodeRef(schema: GoldenSchema, ref: TypeRef, v: unknown, o: MsgpWriter, opts: Opts, allownil: boolean): void {
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool":
          return o.writeBool(v as boolean);
        case "int8":
        case "int16":
        case "int32":
        case "int64":
        case "int":
        case "rune":
        case "duration":
          return o.writeInt(v as number | bigint);
        case "uint8":
        case "uint16":
        case "uint32":
        case "uint64":
        case "uint":
        case "byte":
          return o.writeUint(v as number | bigint);
        case "float32":
          return o.writeFloat32(v as number);
        case "float64":
          return opts.compactfloats ? o.writeFloat64Compact(v as number) : o.writeFloat64(v as number);
        case "complex64":
          return o.writeComplex64(v as Complex);
        case "complex128":
          return o.writeComplex128(v as Complex);
        case "string":
          return o.writeString(v as string);
        case "bytes":
          if (v === null && allownil) return o.writeNil();
          return o.writeBytes((v as Uint8Array | null) ?? new Uint8Array(0));
        case "raw":
          return o.writeRaw(v as Uint8Array);
        case "time":
          return opts.newtime ? o.writeTimeNewtime(v as GoTime) : o.writeTime(v as GoTime);
        case "jsonnumber":
          return o.writeJsonNumber(v as string);
        case "any":
          return o.writeAny(v as AnyValue);
      }
      return;
    case "fixedBytes": {
      const b = v as Uint8Array;
      if (b.length !== ref.size) throw new Error(`bytes[${ref.size}] value has ${b.length} bytes`);
      return o.writeBytes(b);
    }
    case "list":
    case "array": {
      if (v === null && allownil) return o.writeNil();
      const a = (v as unknown[] | null) ?? [];
      o.writeArrayHeader(a.length);
      for (const x of a) encodeRef(schema, ref.elem, x, o, opts, false);
      return;
    }
    case "map": {
      if (v === null && allownil) return o.writeNil();
      const m = (v as Map<string, unknown> | null) ?? new Map<string, unknown>();
      o.writeMapHeader(m.size);
      for (const [k, x] of m) (o.writeString(k), encodeRef(schema, ref.value, x, o, opts, false));
      return;
    }
    case "optional":
      return v === null ? o.writeNil() : encodeRef(schema, ref.inner, v, o, opts, false);
    case "json":
      if (v === null) return o.writeNil();
      return o.writeBytes(enc.encode(goJson(schema, ref.inner, v) + "\n"));
    case "gridArray": {
      if (v === null) return o.writeNil();
      const a = v as unknown[];
      o.writeArrayHeader(a.length);
      for (const x of a) encodeRef(schema, ref.elem, x, o, opts, false);
      return;
    }
    case "builtin":
      switch (ref.name) {
        case "MSS": {
          if (v === null) return o.writeNil();
          const m = v as Map<string, string>;
          o.writeMapHeader(m.size);
          for (const [k, x] of m) (o.writeString(k), o.writeString(x));
          return;
        }
        case "Bytes":
          return v === null ? o.writeNil() : o.writeBytes(v as Uint8Array);
        case "URLValues": {
          const m = v as Map<string, string[]>;
          o.writeMapHeader(m.size);
          for (const [k, xs] of m) {
            o.writeString(k);
            o.writeArrayHeader(xs.length);
            for (const x of xs) o.writeString(x);
          }
          return;
        }
        case "NoPayload":
          return;
      }
      return;
    case "named": {
      const d = schema.get(ref.name);
      const dopts = { newtime: d.newtime, compactfloats: d.compactfloats };
      const decl = d.decl;
      switch (decl.kind) {
        case "alias":
          return encodeRef(schema, decl.type, v, o, dopts, allownil);
        case "enum":
          return decl.backing.startsWith("u") || decl.backing === "byte" ? o.writeUint(v as number) : o.writeInt(v as number);
        case "extension":
          return o.writeExt(decl.extType, v as Uint8Array);
        case "struct": {
          const fields = wireFields(schema, decl, v as Record<string, unknown>);
          if (decl.tuple) {
            o.writeArrayHeader(fields.length);
            for (const { f, v: x } of fields) encodeRef(schema, f.type, x, o, dopts, nullable(f));
            return;
          }
          const kept = fields.filter(({ f, v: x }) => !omitted(schema, f, x));
          o.writeMapHeader(kept.length);
          for (const { f, v: x } of kept) (o.writeString(f.key), encodeRef(schema, f.type, x, o, dopts, nullable(f)));
          return;
        }
      }
    }
  }
}

/** Go encoding/json text of a TS value (HTML-safe escaping, sorted map keys). */
function goJson(schema: GoldenSchema, ref: TypeRef, v: unknown): string {
  const r = schema.resolve(ref);
  if (r.kind === "optional") return v === null ? "null" : goJson(schema, r.inner, v);
  if (r.kind === "map") {
    const m = v as Map<string, unknown>;
    const keys = [...m.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(schema, r.value, m.get(k))}`).join(",")}}`;
  }
  if (r.kind === "list") return `[${(v as unknown[]).map((x) => goJson(schema, r.elem, x)).join(",")}]`;
  if (r.kind === "scalar" && r.name === "any") return goJsonAny(v as AnyValue);
  if (r.kind === "named") {
    const d = schema.get(r.name).decl;
    if (d.kind === "struct") {
      const o = v as Record<string, unknown>;
      return `{${d.fields.map((f) => `${goJsonString(f.name)}:${goJson(schema, f.type, o[f.name])}`).join(",")}}`;
    }
    if (d.kind === "enum") return String(v);
  }
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Error("goJson: unsupported value in the temporary codec");
}

function goJsonAny(v: AnyValue): string {
  switch (v.kind) {
    case "nil":
      return "null";
    case "string":
      return goJsonString(v.value);
    case "bool":
    case "int":
    case "uint":
    case "float32":
    case "float64":
      return String(v.value);
    case "array":
      return `[${v.value.map(goJsonAny).join(",")}]`;
    case "map": {
      const keys = [...v.value.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return `{${keys.map((k) => `${goJsonString(k)}:${goJsonAny(v.value.get(k) as AnyValue)}`).join(",")}}`;
    }
    default:
      throw new Error(`goJson: ${v.kind} inside JSON is not supported by the temporary codec`);
  }
}

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + '"';
}

function zeroOf(schema: GoldenSchema, ref: TypeRef, allownil: boolean): unknown {
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool":
          return false;
        case "int64":
        case "int":
        case "uint64":
        case "uint":
        case "duration":
          return 0n;
        case "complex64":
        case "complex128":
          return { real: 0, imag: 0 };
        case "string":
        case "jsonnumber":
          return "";
        case "bytes":
          return allownil ? null : new Uint8Array(0);
        case "raw":
          return new Uint8Array(0);
        case "time":
          return { sec: ZERO_TIME_SEC, nsec: 0 };
        case "any":
          return { kind: "nil" };
        default:
          return 0;
      }
    case "fixedBytes":
      return new Uint8Array(ref.size);
    case "list":
      return allownil ? null : [];
    case "array":
      return Array.from({ length: ref.size }, () => zeroOf(schema, ref.elem, false));
    case "map":
      return allownil ? null : new Map();
    case "optional":
    case "json":
    case "gridArray":
      return null;
    case "builtin":
      return ref.name === "URLValues" ? new Map() : ref.name === "NoPayload" ? {} : null;
    case "named": {
      const d = schema.get(ref.name).decl;
      if (d.kind === "alias") return zeroOf(schema, d.type, allownil);
      if (d.kind === "enum") return 0;
      if (d.kind === "extension") return new Uint8Array(0);
      const o: Record<string, unknown> = {};
      for (const f of d.fields) o[f.name] = zeroOf(schema, f.type, nullable(f));
      return o;
    }
  }
}

function decodeRef(schema: GoldenSchema, ref: TypeRef, i: MsgpReader, opts: Opts, allownil: boolean): unknown {
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool":
          return i.readBool();
        case "int64":
        case "int":
        case "duration":
          return i.readInt64();
        case "uint64":
        case "uint":
          return i.readUint64();
        case "int8":
          return i.readInt8();
        case "int16":
          return i.readInt16();
        case "int32":
        case "rune":
          return i.readInt32();
        case "uint8":
        case "byte":
          return i.readUint8();
        case "uint16":
          return i.readUint16();
        case "uint32":
          return i.readUint32();
        case "float32":
          return i.readFloat32();
        case "float64":
          return i.readFloat64();
        case "complex64":
          return i.readComplex64();
        case "complex128":
          return i.readComplex128();
        case "string":
          return i.readString();
        case "bytes":
          if (allownil && i.tryReadNil()) return null;
          return i.readBytes();
        case "raw":
          return i.readRaw();
        case "time":
          return i.readTime();
        case "jsonnumber":
          return i.readJsonNumber();
        case "any":
          return i.readAny();
      }
      return undefined;
    case "fixedBytes":
      return i.readFixedBytes(ref.size);
    case "list":
    case "array": {
      if (allownil && i.tryReadNil()) return null;
      const n = i.readArrayHeader();
      if (ref.kind === "array" && n !== ref.size) throw new Error(`expected array of ${ref.size}, got ${n}`);
      const out: unknown[] = [];
      for (let k = 0; k < n; k++) out.push(decodeRef(schema, ref.elem, i, opts, false));
      return out;
    }
    case "map": {
      if (allownil && i.tryReadNil()) return null;
      const n = i.readMapHeader();
      const m = new Map<string, unknown>();
      for (let k = 0; k < n; k++) m.set(i.readString(), decodeRef(schema, ref.value, i, opts, false));
      return m;
    }
    case "optional":
      return i.tryReadNil() ? null : decodeRef(schema, ref.inner, i, opts, false);
    case "json":
      if (i.tryReadNil()) return null;
      return fromJson(schema, ref.inner, JSON.parse(dec.decode(i.readBytes())));
    case "gridArray": {
      if (i.tryReadNil()) return null;
      const n = i.readArrayHeader();
      const out: unknown[] = [];
      for (let k = 0; k < n; k++) out.push(decodeRef(schema, ref.elem, i, opts, false));
      return out;
    }
    case "builtin":
      switch (ref.name) {
        case "MSS": {
          if (i.tryReadNil()) return null;
          const n = i.readMapHeader();
          const m = new Map<string, string>();
          for (let k = 0; k < n; k++) m.set(i.readString(), i.readString());
          return m;
        }
        case "Bytes":
          return i.tryReadNil() ? null : i.readBytes();
        case "URLValues": {
          const n = i.readMapHeader();
          const m = new Map<string, string[]>();
          for (let k = 0; k < n; k++) {
            const key = i.readString();
            const c = i.readArrayHeader();
            const xs: string[] = [];
            for (let j = 0; j < c; j++) xs.push(i.readString());
            m.set(key, xs);
          }
          return m;
        }
        case "NoPayload":
          return {};
      }
      return undefined;
    case "named": {
      const d = schema.get(ref.name);
      const dopts = { newtime: d.newtime, compactfloats: d.compactfloats };
      const decl = d.decl;
      switch (decl.kind) {
        case "alias":
          return decodeRef(schema, decl.type, i, dopts, allownil);
        case "enum":
          return decodeRef(schema, { kind: "scalar", name: decl.backing, span: decl.span }, i, dopts, false);
        case "extension":
          return i.readExt(decl.extType);
        case "struct": {
          const obj = zeroOf(schema, ref, false) as Record<string, unknown>;
          // fields in wire order; flattened fields write into the nested object
          const slots: { f: Field; target: Record<string, unknown> }[] = [];
          const collect = (s: StructDecl, target: Record<string, unknown>) => {
            for (const f of s.fields) {
              if (f.flatten) {
                const r = schema.resolve(f.type);
                collect(schema.get((r as { name: string }).name).decl as StructDecl, target[f.name] as Record<string, unknown>);
              } else slots.push({ f, target });
            }
          };
          collect(decl, obj);
          if (decl.tuple) {
            const n = i.readArrayHeader();
            if (n !== slots.length) throw new Error(`${decl.name}: tuple of ${slots.length} expected, got ${n}`);
            for (const { f, target } of slots) target[f.name] = decodeRef(schema, f.type, i, dopts, nullable(f));
            return obj;
          }
          const n = i.readMapHeader();
          for (let k = 0; k < n; k++) {
            const key = i.readMapKey();
            const slot = slots.find((s) => s.f.key === key);
            if (!slot) i.skip();
            else slot.target[slot.f.name] = decodeRef(schema, slot.f.type, i, dopts, nullable(slot.f));
          }
          return obj;
        }
      }
    }
  }
}

function fromJson(schema: GoldenSchema, ref: TypeRef, j: unknown): unknown {
  const r = schema.resolve(ref);
  if (r.kind === "map") {
    return new Map(Object.entries(j as Record<string, unknown>).map(([k, x]) => [k, fromJson(schema, r.value, x)]));
  }
  if (r.kind === "scalar" && r.name === "any") return jsonToAny(j);
  if (r.kind === "named") {
    const d = schema.get(r.name).decl;
    if (d.kind === "struct") {
      const o: Record<string, unknown> = {};
      for (const f of d.fields) o[f.name] = fromJson(schema, f.type, (j as Record<string, unknown>)[f.name]);
      return o;
    }
  }
  if (r.kind === "scalar" && ["int", "int64", "uint", "uint64", "duration"].includes(r.name)) return BigInt(j as number);
  return j;
}

function jsonToAny(j: unknown): AnyValue {
  if (j === null) return { kind: "nil" };
  if (typeof j === "string") return { kind: "string", value: j };
  if (typeof j === "boolean") return { kind: "bool", value: j };
  if (typeof j === "number") return { kind: "float64", value: j };
  if (Array.isArray(j)) return { kind: "array", value: j.map(jsonToAny) };
  return { kind: "map", value: new Map(Object.entries(j as Record<string, unknown>).map(([k, x]) => [k, jsonToAny(x)])) };
}
