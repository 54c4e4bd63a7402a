// Byte-exact msgp codec of LockArgs/LockResp in both MinIO layouts (spec 6, 10.1), written by
// hand independently of the generator. The wire path uses the generated codec (lock-wire.ts);
// this one is the test oracle it is compared against, byte for byte, in lock-codec.test.ts
// (it lives with the tests: nothing in the product uses it).
import type { WireProfile } from "../../runtime/wire/profile.js";
import { DsyncError } from "../../dsync/errors.js";
import type { LockArgs, LockResponse } from "../../dsync/lock-args.js";

/** A payload that is not a valid LockArgs/LockResp; the text names the field like msgp does. */
export class LockCodecError extends DsyncError {
  constructor(message: string) {
    super(`msgp: ${message}`, "DECODE");
  }
}

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder("utf-8");

class Out {
  private buf = new Uint8Array(128);
  private n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  byte(v: number): void {
    this.room(1);
    this.buf[this.n++] = v;
  }
  be(v: number, bytes: number): void {
    this.room(bytes);
    for (let i = bytes - 1; i >= 0; i--) this.buf[this.n++] = Math.floor(v / 2 ** (8 * i)) & 0xff;
  }
  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  str(s: string): void {
    const b = utf8.encode(s);
    const l = b.length;
    if (l <= 31) this.byte(0xa0 | l);
    else if (l <= 0xff) (this.byte(0xd9), this.byte(l));
    else if (l <= 0xffff) (this.byte(0xda), this.be(l, 2));
    else (this.byte(0xdb), this.be(l, 4));
    this.raw(b);
  }
  arrayHeader(c: number): void {
    if (c <= 15) this.byte(0x90 | c);
    else if (c <= 0xffff) (this.byte(0xdc), this.be(c, 2));
    else (this.byte(0xdd), this.be(c, 4));
  }
  /** msgp's signed algorithm: smallest signed form, never the unsigned markers. */
  int(v: number): void {
    if (v >= 0 && v <= 127) return this.byte(v);
    if (v < 0 && v >= -32) return this.byte(v & 0xff);
    const dv = new DataView(new ArrayBuffer(8));
    if (v >= -128 && v <= 127) return (this.byte(0xd0), this.byte(v & 0xff));
    if (v >= -32768 && v <= 32767) (dv.setInt16(0, v), this.byte(0xd1), this.raw(new Uint8Array(dv.buffer, 0, 2)));
    else if (v >= -(2 ** 31) && v <= 2 ** 31 - 1) (dv.setInt32(0, v), this.byte(0xd2), this.raw(new Uint8Array(dv.buffer, 0, 4)));
    else (dv.setBigInt64(0, BigInt(v)), this.byte(0xd3), this.raw(new Uint8Array(dv.buffer, 0, 8)));
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}


/** Encodes LockArgs exactly as MinIO's generated MarshalMsg of the chosen layout does. */
export function encodeLockArgs(a: LockArgs, profile: WireProfile): Uint8Array {
  const o = new Out();
  o.byte(0x85);
  o.str("UID");
  o.str(a.uid);
  o.str("Resources");
  o.arrayHeader(a.resources.length);
  for (const r of a.resources) o.str(r);
  if (profile === "2024-04") {
    o.str("Source");
    o.str(a.source);
    o.str("Owner");
    o.str(a.owner);
    o.str("Quorum");
    o.int(a.quorum ?? 0);
  } else {
    o.str("Owner");
    o.str(a.owner);
    o.str("Source");
    o.str(a.source);
    o.str("Quorum");
    if (a.quorum === undefined) o.byte(0xc0);
    else o.int(a.quorum);
  }
  return o.done();
}

/** Encodes LockResp (map Code, Err; Code with msgp's unsigned algorithm). */
export function encodeLockResp(r: LockResponse): Uint8Array {
  if (!Number.isInteger(r.code) || r.code < 0 || r.code > 255) throw new LockCodecError(`LockResp.Code ${r.code} is not a uint8`);
  const o = new Out();
  o.byte(0x82);
  o.str("Code");
  if (r.code <= 127) o.byte(r.code);
  else (o.byte(0xcc), o.byte(r.code));
  o.str("Err");
  o.str(r.err);
  return o.done();
}

class In {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  private need(k: number, what: string): void {
    if (this.pos + k > this.b.length) throw new LockCodecError(`too few bytes left to read object (${what})`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b[this.pos++] as number;
  }
  be(bytes: number, what: string): number {
    this.need(bytes, what);
    let v = 0;
    for (let i = 0; i < bytes; i++) v = v * 256 + (this.b[this.pos++] as number);
    return v;
  }
  typeName(t: number): string {
    if (t === 0xc0) return "nil";
    if (t >= 0xc4 && t <= 0xc6) return "bin";
    if ((t & 0xe0) === 0xa0 || (t >= 0xd9 && t <= 0xdb)) return "str";
    if ((t & 0xf0) === 0x90 || t === 0xdc || t === 0xdd) return "array";
    if ((t & 0xf0) === 0x80 || t === 0xde || t === 0xdf) return "map";
    if (t <= 0x7f || t >= 0xe0 || (t >= 0xcc && t <= 0xd3)) return "int";
    if (t === 0xca || t === 0xcb) return "float";
    if (t === 0xc2 || t === 0xc3) return "bool";
    return "ext";
  }
  mapHeader(): number {
    const t = this.u8("map header");
    if ((t & 0xf0) === 0x80) return t & 0x0f;
    if (t === 0xde) return this.be(2, "map header");
    if (t === 0xdf) return this.be(4, "map header");
    throw new LockCodecError(`attempted to decode type "${this.typeName(t)}" with method for "map"`);
  }
  arrayHeader(field: string): number {
    const t = this.u8(field);
    let n: number;
    if ((t & 0xf0) === 0x90) n = t & 0x0f;
    else if (t === 0xdc) n = this.be(2, field);
    else if (t === 0xdd) n = this.be(4, field);
    else throw new LockCodecError(`attempted to decode type "${this.typeName(t)}" with method for "array" at ${field}`);
    // Each element takes at least one byte: a lying header cannot make us allocate.
    if (n > this.b.length - this.pos) throw new LockCodecError(`array header of ${n} elements exceeds the ${this.b.length - this.pos} bytes left at ${field}`);
    return n;
  }
  strBytes(field: string, allowBin: boolean): Uint8Array {
    const t = this.u8(field);
    let l: number;
    if ((t & 0xe0) === 0xa0) l = t & 0x1f;
    else if (t === 0xd9) l = this.be(1, field);
    else if (t === 0xda) l = this.be(2, field);
    else if (t === 0xdb) l = this.be(4, field);
    else if (allowBin && t === 0xc4) l = this.be(1, field);
    else if (allowBin && t === 0xc5) l = this.be(2, field);
    else if (allowBin && t === 0xc6) l = this.be(4, field);
    else throw new LockCodecError(`attempted to decode type "${this.typeName(t)}" with method for "str" at ${field}`);
    this.need(l, field);
    const s = this.b.subarray(this.pos, this.pos + l);
    this.pos += l;
    return s;
  }
  str(field: string): string {
    return utf8dec.decode(this.strBytes(field, false));
  }
  key(): string {
    return utf8dec.decode(this.strBytes("map key", true));
  }
  isNil(): boolean {
    return this.pos < this.b.length && this.b[this.pos] === 0xc0;
  }
  /** Any msgp integer as a JS number (exact below 2^53; larger magnitudes are rejected). */
  int(field: string, min: number, max: number): number {
    const t = this.u8(field);
    let v: number;
    if (t <= 0x7f) v = t;
    else if (t >= 0xe0) v = t - 256;
    else if (t === 0xcc) v = this.be(1, field);
    else if (t === 0xcd) v = this.be(2, field);
    else if (t === 0xce) v = this.be(4, field);
    else if (t === 0xcf) {
      this.need(8, field);
      v = Number(new DataView(this.b.buffer, this.b.byteOffset + this.pos, 8).getBigUint64(0));
      this.pos += 8;
    } else if (t >= 0xd0 && t <= 0xd3) {
      const k = 1 << (t - 0xd0);
      this.need(k, field);
      const dv = new DataView(this.b.buffer, this.b.byteOffset + this.pos, k);
      v = k === 1 ? dv.getInt8(0) : k === 2 ? dv.getInt16(0) : k === 4 ? dv.getInt32(0) : Number(dv.getBigInt64(0));
      this.pos += k;
    } else throw new LockCodecError(`attempted to decode type "${this.typeName(t)}" with method for "int" at ${field}`);
    if (v < min || v > max || !Number.isSafeInteger(v)) throw new LockCodecError(`${v} overflows the range ${min}..${max} at ${field}`);
    return v;
  }
  skip(depth = 0): void {
    if (depth > 64) throw new LockCodecError("nesting deeper than 64 levels while skipping an unknown key");
    const t = this.u8("skip");
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return;
    if ((t & 0xe0) === 0xa0) return void this.adv(t & 0x1f);
    if ((t & 0xf0) === 0x90) return this.skipN(t & 0x0f, depth);
    if ((t & 0xf0) === 0x80) return this.skipN(2 * (t & 0x0f), depth);
    const fixed: Record<number, number> = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8, 0xca: 4, 0xcb: 8, 0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17 };
    if (fixed[t] !== undefined) return void this.adv(fixed[t]);
    if (t === 0xd9 || t === 0xc4) return void this.adv(this.be(1, "skip"));
    if (t === 0xda || t === 0xc5) return void this.adv(this.be(2, "skip"));
    if (t === 0xdb || t === 0xc6) return void this.adv(this.be(4, "skip"));
    if (t === 0xc7) return void this.adv(this.be(1, "skip") + 1);
    if (t === 0xc8) return void this.adv(this.be(2, "skip") + 1);
    if (t === 0xc9) return void this.adv(this.be(4, "skip") + 1);
    if (t === 0xdc) return this.skipN(this.be(2, "skip"), depth);
    if (t === 0xdd) return this.skipN(this.be(4, "skip"), depth);
    if (t === 0xde) return this.skipN(2 * this.be(2, "skip"), depth);
    if (t === 0xdf) return this.skipN(2 * this.be(4, "skip"), depth);
    throw new LockCodecError(`invalid msgpack type byte 0x${t.toString(16)}`);
  }
  private adv(k: number): void {
    this.need(k, "skip");
    this.pos += k;
  }
  private skipN(n: number, depth: number): void {
    if (n > this.b.length - this.pos) throw new LockCodecError(`container of ${n} objects exceeds the bytes left`);
    for (let i = 0; i < n; i++) this.skip(depth + 1);
  }
}

const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;

/**
 * Decodes LockArgs with msgp v1.1.9's leniency (spec 6.3): any map form, str or bin keys in any
 * order, unknown keys skipped. `profile` decides whether a nil Quorum is accepted (HEAD) or an
 * error with the reference decoder's text. Missing keys keep MinIO's zero values.
 */
export function decodeLockArgs(b: Uint8Array, profile: WireProfile): LockArgs {
  const r = new In(b);
  let uid = "";
  let resources: string[] = [];
  let source = "";
  let owner = "";
  let quorum: number | undefined = profile === "2024-04" ? 0 : undefined;
  const n = r.mapHeader();
  for (let i = 0; i < n; i++) {
    const k = r.key();
    switch (k) {
      case "UID":
        uid = r.str("UID");
        break;
      case "Resources": {
        const c = r.arrayHeader("Resources");
        resources = [];
        for (let j = 0; j < c; j++) resources.push(r.str(`Resources/${j}`));
        break;
      }
      case "Source":
        source = r.str("Source");
        break;
      case "Owner":
        owner = r.str("Owner");
        break;
      case "Quorum":
        if (profile === "current" && r.isNil()) {
          r.u8("Quorum");
          quorum = undefined;
        } else quorum = r.int("Quorum", INT64_MIN, INT64_MAX);
        break;
      default:
        r.skip();
    }
  }
  return { uid, resources, source, owner, quorum };
}

/** Decodes LockResp (spec 6.3): Code must be an integer in 0..255. */
export function decodeLockResp(b: Uint8Array): LockResponse {
  const r = new In(b);
  let code = 0;
  let err = "";
  const n = r.mapHeader();
  for (let i = 0; i < n; i++) {
    const k = r.key();
    if (k === "Code") code = r.int("Code", 0, 255);
    else if (k === "Err") err = r.str("Err");
    else r.skip();
  }
  return { code, err };
}
