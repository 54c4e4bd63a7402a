// TEMPORARY: an encoder/decoder that interprets the golden declarations
// directly, standing in for generated codecs and the msgp core until
// generated/golden and runtime/msgp exist, so the vector check and the Go
// round trip can be developed against something real. golden-codecs.ts
// switches to the generated codecs as soon as they are there; delete this then.
import type { Field, StructDecl, TypeRef } from "../../idl/ast.js";
import type { AnyValue, Complex, GoTime } from "./any-values.js";
import type { GoldenSchema } from "./golden-schema.js";

const ZERO_TIME_SEC = -62135596800n;
const enc = new TextEncoder();
const dec = new TextDecoder();

class Out {
  buf = new Uint8Array(256);
  len = 0;
  private dv = new DataView(this.buf.buffer);
  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const nb = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
    this.dv = new DataView(nb.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
  }
  be(v: number | bigint, n: 1 | 2 | 4 | 8): void {
    this.ensure(n);
    if (n === 8) this.dv.setBigUint64(this.len, BigInt.asUintN(64, BigInt(v)));
    else if (n === 4) this.dv.setUint32(this.len, Number(BigInt.asUintN(32, BigInt(v))));
    else if (n === 2) this.dv.setUint16(this.len, Number(v) & 0xffff);
    else this.buf[this.len] = Number(v) & 0xff;
    this.len += n;
  }
  f32(v: number): void {
    this.ensure(4);
    this.dv.setFloat32(this.len, v);
    this.len += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.dv.setFloat64(this.len, v);
    this.len += 8;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  int(v: number | bigint): void {
    const x = BigInt(v);
    if (x >= 0n) {
      if (x <= 127n) this.u8(Number(x));
      else if (x <= 32767n) (this.u8(0xd1), this.be(x, 2));
      else if (x <= 2147483647n) (this.u8(0xd2), this.be(x, 4));
      else (this.u8(0xd3), this.be(x, 8));
    } else if (x >= -32n) this.u8(Number(x) & 0xff);
    else if (x >= -128n) (this.u8(0xd0), this.be(Number(x), 1));
    else if (x >= -32768n) (this.u8(0xd1), this.be(Number(x), 2));
    else if (x >= -2147483648n) (this.u8(0xd2), this.be(x, 4));
    else (this.u8(0xd3), this.be(x, 8));
  }
  uint(v: number | bigint): void {
    const x = BigInt(v);
    if (x <= 127n) this.u8(Number(x));
    else if (x <= 255n) (this.u8(0xcc), this.be(x, 1));
    else if (x <= 65535n) (this.u8(0xcd), this.be(x, 2));
    else if (x <= 4294967295n) (this.u8(0xce), this.be(x, 4));
    else (this.u8(0xcf), this.be(x, 8));
  }
  str(s: string): void {
    const b = enc.encode(s);
    const n = b.length;
    if (n < 32) this.u8(0xa0 | n);
    else if (n < 256) (this.u8(0xd9), this.be(n, 1));
    else if (n < 65536) (this.u8(0xda), this.be(n, 2));
    else (this.u8(0xdb), this.be(n, 4));
    this.raw(b);
  }
  bin(b: Uint8Array): void {
    const n = b.length;
    if (n < 256) (this.u8(0xc4), this.be(n, 1));
    else if (n < 65536) (this.u8(0xc5), this.be(n, 2));
    else (this.u8(0xc6), this.be(n, 4));
    this.raw(b);
  }
  arr(n: number): void {
    if (n < 16) this.u8(0x90 | n);
    else if (n < 65536) (this.u8(0xdc), this.be(n, 2));
    else (this.u8(0xdd), this.be(n, 4));
  }
  map(n: number): void {
    if (n < 16) this.u8(0x80 | n);
    else if (n < 65536) (this.u8(0xde), this.be(n, 2));
    else (this.u8(0xdf), this.be(n, 4));
  }
  ext(type: number, data: Uint8Array): void {
    const n = data.length;
    const fix: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
    if (fix[n] !== undefined) this.u8(fix[n]);
    else if (n < 255) (this.u8(0xc7), this.be(n, 1));
    else if (n < 65535) (this.u8(0xc8), this.be(n, 2));
    else (this.u8(0xc9), this.be(n, 4));
    this.u8(type);
    this.raw(data);
  }
  time5(t: GoTime): void {
    this.u8(0xc7);
    this.u8(12);
    this.u8(5);
    this.be(t.sec, 8);
    this.be(t.nsec, 4);
  }
  timeNew(t: GoTime): void {
    if (t.nsec === 0 && t.sec > 0n && t.sec <= 0xffffffffn) {
      this.u8(0xd6), this.u8(0xff), this.be(t.sec, 4);
    } else if (t.sec >= 0n && t.sec < 1n << 34n) {
      this.u8(0xd7), this.u8(0xff), this.be((BigInt(t.nsec) << 34n) | t.sec, 8);
    } else {
      this.u8(0xc7), this.u8(12), this.u8(0xff), this.be(t.nsec, 4), this.be(t.sec, 8);
    }
  }
  any(v: AnyValue): void {
    switch (v.kind) {
      case "nil":
        return this.u8(0xc0);
      case "bool":
        return this.u8(v.value ? 0xc3 : 0xc2);
      case "int":
        return this.int(v.value);
      case "uint":
        return this.uint(v.value);
      case "float32":
        return (this.u8(0xca), this.f32(v.value));
      case "float64":
        return (this.u8(0xcb), this.f64(v.value));
      case "string":
        return this.str(v.value);
      case "bytes":
        return this.bin(v.value);
      case "time":
        return this.time5(v.value);
      case "complex64":
        return (this.u8(0xd7), this.u8(3), this.f32(v.value.real), this.f32(v.value.imag));
      case "complex128":
        return (this.u8(0xd8), this.u8(4), this.f64(v.value.real), this.f64(v.value.imag));
      case "array":
        this.arr(v.value.length);
        for (const x of v.value) this.any(x);
        return;
      case "map":
        this.map(v.value.size);
        for (const [k, x] of v.value) (this.str(k), this.any(x));
        return;
      case "ext":
        return this.ext(v.type, v.data);
    }
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

class In {
  pos = 0;
  private dv: DataView;
  constructor(private b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.b.length) throw new Error(`truncated input: need ${n} bytes at offset ${this.pos}`);
  }
  peek(): number {
    this.need(1);
    return this.b[this.pos] as number;
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++] as number;
  }
  be(n: 1 | 2 | 4): number {
    this.need(n);
    const v = n === 1 ? this.dv.getUint8(this.pos) : n === 2 ? this.dv.getUint16(this.pos) : this.dv.getUint32(this.pos);
    this.pos += n;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  nil(): boolean {
    if (this.peek() === 0xc0) return (this.pos++, true);
    return false;
  }
  /** Any integer format as bigint; `signed` says which family produced it for any-decoding. */
  intAny(): { v: bigint; unsigned: boolean } {
    const t = this.u8();
    if (t <= 0x7f) return { v: BigInt(t), unsigned: false };
    if (t >= 0xe0) return { v: BigInt(t - 256), unsigned: false };
    const dv = this.dv;
    const p = this.pos;
    const sizes: Record<number, [number, () => bigint, boolean]> = {
      0xcc: [1, () => BigInt(dv.getUint8(p)), true],
      0xcd: [2, () => BigInt(dv.getUint16(p)), true],
      0xce: [4, () => BigInt(dv.getUint32(p)), true],
      0xcf: [8, () => dv.getBigUint64(p), true],
      0xd0: [1, () => BigInt(dv.getInt8(p)), false],
      0xd1: [2, () => BigInt(dv.getInt16(p)), false],
      0xd2: [4, () => BigInt(dv.getInt32(p)), false],
      0xd3: [8, () => dv.getBigInt64(p), false],
    };
    const s = sizes[t];
    if (!s) throw new Error(`expected an integer at offset ${this.pos - 1}, got 0x${t.toString(16)}`);
    this.need(s[0]);
    const v = s[1]();
    this.pos += s[0];
    return { v, unsigned: s[2] };
  }
  str(): string {
    const t = this.u8();
    let n: number;
    if (t >= 0xa0 && t <= 0xbf) n = t & 0x1f;
    else if (t === 0xd9) n = this.be(1);
    else if (t === 0xda) n = this.be(2);
    else if (t === 0xdb) n = this.be(4);
    else throw new Error(`expected str at offset ${this.pos - 1}, got 0x${t.toString(16)}`);
    return dec.decode(this.bytes(n));
  }
  key(): string {
    const t = this.peek();
    if (t === 0xc4 || t === 0xc5 || t === 0xc6) return dec.decode(this.bin());
    return this.str();
  }
  bin(): Uint8Array {
    const t = this.u8();
    const n = t === 0xc4 ? this.be(1) : t === 0xc5 ? this.be(2) : t === 0xc6 ? this.be(4) : -1;
    if (n < 0) throw new Error(`expected bin at offset ${this.pos - 1}, got 0x${t.toString(16)}`);
    return this.bytes(n);
  }
  arr(): number {
    const t = this.u8();
    if (t >= 0x90 && t <= 0x9f) return t & 0x0f;
    if (t === 0xdc) return this.be(2);
    if (t === 0xdd) return this.be(4);
    throw new Error(`expected array at offset ${this.pos - 1}, got 0x${t.toString(16)}`);
  }
  map(): number {
    const t = this.u8();
    if (t >= 0x80 && t <= 0x8f) return t & 0x0f;
    if (t === 0xde) return this.be(2);
    if (t === 0xdf) return this.be(4);
    throw new Error(`expected map at offset ${this.pos - 1}, got 0x${t.toString(16)}`);
  }
  ext(): { type: number; data: Uint8Array } {
    const t = this.u8();
    const fix: Record<number, number> = { 0xd4: 1, 0xd5: 2, 0xd6: 4, 0xd7: 8, 0xd8: 16 };
    let n = fix[t];
    if (n === undefined) {
      if (t === 0xc7) n = this.be(1);
      else if (t === 0xc8) n = this.be(2);
      else if (t === 0xc9) n = this.be(4);
      else throw new Error(`expected ext at offset ${this.pos - 1}, got 0x${t.toString(16)}`);
    }
    const type = (this.u8() << 24) >> 24;
    return { type, data: this.bytes(n) };
  }
  f32(): number {
    const t = this.u8();
    if (t !== 0xca) throw new Error(`expected float32 at offset ${this.pos - 1}`);
    this.need(4);
    const v = this.dv.getFloat32(this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    const t = this.u8();
    this.need(t === 0xca ? 4 : 8);
    let v: number;
    if (t === 0xca) (v = this.dv.getFloat32(this.pos)), (this.pos += 4);
    else if (t === 0xcb) (v = this.dv.getFloat64(this.pos)), (this.pos += 8);
    else throw new Error(`expected float64 at offset ${this.pos - 1}`);
    return v;
  }
  time(): GoTime {
    const e = this.ext();
    const dv = new DataView(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    if (e.type === 5 && e.data.length === 12) return { sec: dv.getBigInt64(0), nsec: dv.getUint32(8) };
    if (e.type === -1 && e.data.length === 4) return { sec: BigInt(dv.getUint32(0)), nsec: 0 };
    if (e.type === -1 && e.data.length === 8) {
      const x = dv.getBigUint64(0);
      return { sec: x & ((1n << 34n) - 1n), nsec: Number(x >> 34n) };
    }
    if (e.type === -1 && e.data.length === 12) return { sec: dv.getBigInt64(4), nsec: dv.getUint32(0) };
    throw new Error(`expected a time extension, got type ${e.type} length ${e.data.length}`);
  }
  skip(): void {
    const start = this.pos;
    const t = this.peek();
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return void this.pos++;
    if ((t >= 0x80 && t <= 0x8f) || t === 0xde || t === 0xdf) {
      const n = this.map();
      for (let i = 0; i < 2 * n; i++) this.skip();
      return;
    }
    if ((t >= 0x90 && t <= 0x9f) || t === 0xdc || t === 0xdd) {
      const n = this.arr();
      for (let i = 0; i < n; i++) this.skip();
      return;
    }
    if ((t >= 0xa0 && t <= 0xbf) || t === 0xd9 || t === 0xda || t === 0xdb) return void this.str();
    if (t === 0xc4 || t === 0xc5 || t === 0xc6) return void this.bin();
    if (t === 0xca) return void this.f32();
    if (t === 0xcb) return void this.f64();
    if ((t >= 0xcc && t <= 0xd3)) return void this.intAny();
    if ((t >= 0xd4 && t <= 0xd8) || t === 0xc7 || t === 0xc8 || t === 0xc9) return void this.ext();
    throw new Error(`invalid type byte 0x${t.toString(16)} at offset ${start}`);
  }
  any(): AnyValue {
    const t = this.peek();
    if (t === 0xc0) return (this.pos++, { kind: "nil" });
    if (t === 0xc2 || t === 0xc3) return (this.pos++, { kind: "bool", value: t === 0xc3 });
    if (t <= 0x7f || t >= 0xe0 || (t >= 0xcc && t <= 0xd3)) {
      const { v, unsigned } = this.intAny();
      return unsigned ? { kind: "uint", value: v } : { kind: "int", value: v };
    }
    if (t === 0xca) return { kind: "float32", value: this.f32() };
    if (t === 0xcb) return { kind: "float64", value: this.f64() };
    if ((t >= 0xa0 && t <= 0xbf) || t === 0xd9 || t === 0xda || t === 0xdb) return { kind: "string", value: this.str() };
    if (t === 0xc4 || t === 0xc5 || t === 0xc6) return { kind: "bytes", value: this.bin() };
    if ((t >= 0x90 && t <= 0x9f) || t === 0xdc || t === 0xdd) {
      const n = this.arr();
      const value: AnyValue[] = [];
      for (let i = 0; i < n; i++) value.push(this.any());
      return { kind: "array", value };
    }
    if ((t >= 0x80 && t <= 0x8f) || t === 0xde || t === 0xdf) {
      const n = this.map();
      const value = new Map<string, AnyValue>();
      for (let i = 0; i < n; i++) value.set(this.key(), this.any());
      return { kind: "map", value };
    }
    const e = this.ext();
    const dv = new DataView(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    if (e.type === 5 && e.data.length === 12) return { kind: "time", value: { sec: dv.getBigInt64(0), nsec: dv.getUint32(8) } };
    if (e.type === 3 && e.data.length === 8) return { kind: "complex64", value: { real: dv.getFloat32(0), imag: dv.getFloat32(4) } };
    if (e.type === 4 && e.data.length === 16) return { kind: "complex128", value: { real: dv.getFloat64(0), imag: dv.getFloat64(8) } };
    return { kind: "ext", type: e.type, data: e.data };
  }
}

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
        const o = new Out();
        encodeRef(schema, ref, v, o, opts, false);
        return o.finish();
      },
      decode(b) {
        const i = new In(b);
        const v = decodeRef(schema, ref, i, opts, false);
        if (i.pos !== b.length) throw new Error(`${b.length - i.pos} trailing bytes after ${name}`);
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

function encodeRef(schema: GoldenSchema, ref: TypeRef, v: unknown, o: Out, opts: Opts, allownil: boolean): void {
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool":
          return o.u8(v ? 0xc3 : 0xc2);
        case "int8":
        case "int16":
        case "int32":
        case "int64":
        case "int":
        case "rune":
        case "duration":
          return o.int(v as number | bigint);
        case "uint8":
        case "uint16":
        case "uint32":
        case "uint64":
        case "uint":
        case "byte":
          return o.uint(v as number | bigint);
        case "float32":
          return (o.u8(0xca), o.f32(v as number));
        case "float64": {
          const x = v as number;
          if (opts.compactfloats && Math.fround(x) === x) return (o.u8(0xca), o.f32(x));
          return (o.u8(0xcb), o.f64(x));
        }
        case "complex64":
          return (o.u8(0xd7), o.u8(3), o.f32((v as Complex).real), o.f32((v as Complex).imag));
        case "complex128":
          return (o.u8(0xd8), o.u8(4), o.f64((v as Complex).real), o.f64((v as Complex).imag));
        case "string":
          return o.str(v as string);
        case "bytes":
          if (v === null && allownil) return o.u8(0xc0);
          return o.bin((v as Uint8Array | null) ?? new Uint8Array(0));
        case "raw":
          return (v as Uint8Array).length === 0 ? o.u8(0xc0) : o.raw(v as Uint8Array);
        case "time":
          return opts.newtime ? o.timeNew(v as GoTime) : o.time5(v as GoTime);
        case "jsonnumber":
          return encodeJsonNumber(v as string, o);
        case "any":
          return o.any(v as AnyValue);
      }
      return;
    case "fixedBytes": {
      const b = v as Uint8Array;
      if (b.length !== ref.size) throw new Error(`bytes[${ref.size}] value has ${b.length} bytes`);
      return o.bin(b);
    }
    case "list":
    case "array": {
      if (v === null && allownil) return o.u8(0xc0);
      const a = (v as unknown[] | null) ?? [];
      o.arr(a.length);
      for (const x of a) encodeRef(schema, ref.elem, x, o, opts, false);
      return;
    }
    case "map": {
      if (v === null && allownil) return o.u8(0xc0);
      const m = (v as Map<string, unknown> | null) ?? new Map<string, unknown>();
      o.map(m.size);
      for (const [k, x] of m) (o.str(k), encodeRef(schema, ref.value, x, o, opts, false));
      return;
    }
    case "optional":
      return v === null ? o.u8(0xc0) : encodeRef(schema, ref.inner, v, o, opts, false);
    case "json":
      if (v === null) return o.u8(0xc0);
      return o.bin(enc.encode(goJson(schema, ref.inner, v) + "\n"));
    case "gridArray": {
      if (v === null) return o.u8(0xc0);
      const a = v as unknown[];
      o.arr(a.length);
      for (const x of a) encodeRef(schema, ref.elem, x, o, opts, false);
      return;
    }
    case "builtin":
      switch (ref.name) {
        case "MSS": {
          if (v === null) return o.u8(0xc0);
          const m = v as Map<string, string>;
          o.map(m.size);
          for (const [k, x] of m) (o.str(k), o.str(x));
          return;
        }
        case "Bytes":
          return v === null ? o.u8(0xc0) : o.bin(v as Uint8Array);
        case "URLValues": {
          const m = v as Map<string, string[]>;
          o.map(m.size);
          for (const [k, xs] of m) {
            o.str(k);
            o.arr(xs.length);
            for (const x of xs) o.str(x);
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
          return decl.backing.startsWith("u") || decl.backing === "byte" ? o.uint(v as number) : o.int(v as number);
        case "extension":
          return o.ext(decl.extType, v as Uint8Array);
        case "struct": {
          const fields = wireFields(schema, decl, v as Record<string, unknown>);
          if (decl.tuple) {
            o.arr(fields.length);
            for (const { f, v: x } of fields) encodeRef(schema, f.type, x, o, dopts, nullable(f));
            return;
          }
          const kept = fields.filter(({ f, v: x }) => !omitted(schema, f, x));
          o.map(kept.length);
          for (const { f, v: x } of kept) (o.str(f.key), encodeRef(schema, f.type, x, o, dopts, f.allownil));
          return;
        }
      }
    }
  }
}

/** Go strconv.FormatFloat(x, 'f', -1, 64): shortest digits, never an exponent. */
function goFormatF(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : x < 0 ? "-Inf" : "NaN";
  const s = String(x);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = (m[2] as string) + (m[3] ?? "");
  const exp = Number(m[4]);
  if (exp >= 0) return m[1] + (digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : digits.padEnd(exp + 1, "0"));
  return `${m[1]}0.${"0".repeat(-exp - 1)}${digits}`;
}

function encodeJsonNumber(text: string, o: Out): void {
  if (text === "") return o.u8(0);
  if (/^[+-]?\d+$/.test(text)) {
    const b = BigInt(text);
    if (b >= -(1n << 63n) && b < 1n << 63n) return o.int(b);
  }
  const x = Number(text);
  if (Number.isNaN(x) && text.trim() !== "NaN") throw new Error(`json.Number ${JSON.stringify(text)} is not a number`);
  if (Math.fround(x) === x) return (o.u8(0xca), o.f32(x));
  return (o.u8(0xcb), o.f64(x));
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

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  rune: [-2147483648n, 2147483647n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  int: [-(1n << 63n), (1n << 63n) - 1n],
  duration: [-(1n << 63n), (1n << 63n) - 1n],
  uint8: [0n, 255n],
  byte: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, (1n << 64n) - 1n],
  uint: [0n, (1n << 64n) - 1n],
};

function decodeInt(i: In, name: string): bigint {
  const { v } = i.intAny();
  const range = INT_RANGE[name] as [bigint, bigint];
  if (v < range[0] || v > range[1]) throw new Error(`value ${v} out of range for ${name}`);
  return v;
}

function decodeRef(schema: GoldenSchema, ref: TypeRef, i: In, opts: Opts, allownil: boolean): unknown {
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool": {
          const t = i.u8();
          if (t !== 0xc2 && t !== 0xc3) throw new Error(`expected bool at offset ${i.pos - 1}`);
          return t === 0xc3;
        }
        case "int64":
        case "int":
        case "uint64":
        case "uint":
        case "duration":
          return decodeInt(i, ref.name);
        case "int8":
        case "int16":
        case "int32":
        case "rune":
        case "uint8":
        case "uint16":
        case "uint32":
        case "byte":
          return Number(decodeInt(i, ref.name));
        case "float32":
          return i.f32();
        case "float64":
          return i.f64();
        case "complex64":
        case "complex128": {
          const e = i.ext();
          const dv = new DataView(e.data.buffer, e.data.byteOffset, e.data.byteLength);
          if (ref.name === "complex64" && e.type === 3 && e.data.length === 8) return { real: dv.getFloat32(0), imag: dv.getFloat32(4) };
          if (ref.name === "complex128" && e.type === 4 && e.data.length === 16) return { real: dv.getFloat64(0), imag: dv.getFloat64(8) };
          throw new Error(`expected ${ref.name}`);
        }
        case "string":
          return i.str();
        case "bytes":
          if (allownil && i.nil()) return null;
          return i.bin();
        case "raw": {
          if (i.nil()) return new Uint8Array(0);
          const start = i.pos;
          i.skip();
          return (i as unknown as { b: Uint8Array }).b.slice(start, i.pos);
        }
        case "time":
          return i.time();
        case "jsonnumber": {
          const t = i.peek();
          if (t === 0xca || t === 0xcb) {
            const x = t === 0xca ? i.f32() : i.f64();
            return goFormatF(x);
          }
          return decodeInt(i, "int64").toString();
        }
        case "any":
          return i.any();
      }
      return undefined;
    case "fixedBytes": {
      const b = i.bin();
      if (b.length !== ref.size) throw new Error(`expected ${ref.size} bytes, got ${b.length}`);
      return b;
    }
    case "list":
    case "array": {
      if (allownil && i.nil()) return null;
      const n = i.arr();
      if (ref.kind === "array" && n !== ref.size) throw new Error(`expected array of ${ref.size}, got ${n}`);
      const out: unknown[] = [];
      for (let k = 0; k < n; k++) out.push(decodeRef(schema, ref.elem, i, opts, false));
      return out;
    }
    case "map": {
      if (allownil && i.nil()) return null;
      const n = i.map();
      const m = new Map<string, unknown>();
      for (let k = 0; k < n; k++) m.set(i.str(), decodeRef(schema, ref.value, i, opts, false));
      return m;
    }
    case "optional":
      return i.nil() ? null : decodeRef(schema, ref.inner, i, opts, false);
    case "json": {
      if (i.nil()) return null;
      return fromJson(schema, ref.inner, JSON.parse(dec.decode(i.bin())));
    }
    case "gridArray": {
      if (i.nil()) return null;
      const n = i.arr();
      const out: unknown[] = [];
      for (let k = 0; k < n; k++) out.push(decodeRef(schema, ref.elem, i, opts, false));
      return out;
    }
    case "builtin":
      switch (ref.name) {
        case "MSS": {
          if (i.nil()) return null;
          const n = i.map();
          const m = new Map<string, string>();
          for (let k = 0; k < n; k++) m.set(i.str(), i.str());
          return m;
        }
        case "Bytes":
          return i.nil() ? null : i.bin();
        case "URLValues": {
          const n = i.map();
          const m = new Map<string, string[]>();
          for (let k = 0; k < n; k++) {
            const key = i.str();
            const c = i.arr();
            const xs: string[] = [];
            for (let j = 0; j < c; j++) xs.push(i.str());
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
          return Number(decodeInt(i, decl.backing));
        case "extension": {
          const e = i.ext();
          if (e.type !== decl.extType) throw new Error(`expected extension type ${decl.extType}, got ${e.type}`);
          return e.data;
        }
        case "struct": {
          const obj = zeroOf(schema, ref, false) as Record<string, unknown>;
          // (field, target object) pairs in wire order, flattened fields point into the nested object
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
            const n = i.arr();
            if (n !== slots.length) throw new Error(`${decl.name}: tuple of ${slots.length} expected, got ${n}`);
            for (const { f, target } of slots) target[f.name] = decodeRef(schema, f.type, i, dopts, f.allownil);
            return obj;
          }
          const n = i.map();
          for (let k = 0; k < n; k++) {
            const key = i.key();
            const slot = slots.find((s) => s.f.key === key);
            if (!slot) i.skip();
            else slot.target[slot.f.name] = decodeRef(schema, slot.f.type, i, dopts, slot.f.allownil);
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
