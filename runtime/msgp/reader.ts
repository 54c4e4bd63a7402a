// MsgpReader: reads MessagePack with exactly the tolerance of code generated
// by tinylib/msgp (shared/spec/msgp.md §4): strict about families (a str is
// never a bin, an int never a float), lenient about widths (any integer
// format that holds the value). Every failure is a MsgpDecodeError; lying
// length headers are checked against the bytes left before anything is
// allocated, and skip() walks nesting without recursion.

import { MsgpDecodeError } from "./errors.js";
import { EMPTY_BYTES } from "./types.js";
import type { Complex, GoTime, MsgpAny, MsgpKind } from "./types.js";

const INT64_MAX = 2n ** 63n - 1n;
/** Deepest nesting readAny() follows before giving up (it recurses; skip() does not). */
const MAX_ANY_DEPTH = 1000;

const utf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * Node's Buffer UTF-8 slicer, when present: same replacement of invalid input
 * as a non-fatal TextDecoder (checked by test/msgp) at a fraction of its
 * per-call cost on short strings. Elsewhere TextDecoder is used.
 */
const nodeUtf8Slice: ((this: Uint8Array, start: number, end: number) => string) | undefined =
  typeof Buffer === "function"
    ? (Buffer.prototype as unknown as { utf8Slice?: (this: Uint8Array, start: number, end: number) => string }).utf8Slice
    : undefined;

/** Bytes [start, start+len) as UTF-8; invalid sequences become U+FFFD (Go strings need not be valid UTF-8). */
function decodeUtf8(b: Uint8Array, start: number, len: number): string {
  if (nodeUtf8Slice !== undefined) return nodeUtf8Slice.call(b, start, start + len);
  return utf8.decode(b.subarray(start, start + len));
}

/** Scratch for float reads without a DataView (the platform must be little-endian; checked). */
const F32 = new Float32Array(1);
const F32B = new Uint8Array(F32.buffer);
const F64 = new Float64Array(1);
const F64B = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Slots of the process-wide cache of decoded map keys (power of two). */
const KEY_CACHE_SIZE = 4096;
const keyCache: ({ bytes: Uint8Array; text: string } | undefined)[] = new Array(KEY_CACHE_SIZE);

/**
 * Returns the engine's internalized copy of a string (property keys are
 * internalized), so cached keys compare with the string literals of generated
 * `switch` statements by identity instead of by content. Done once per cache miss.
 */
function internalize(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}

/** The family of a leading byte, for peekKind() and error messages. */
function kindOf(b: number): MsgpKind {
  if (b <= 0x7f || b >= 0xe0) return "int";
  if (b <= 0x8f) return "map";
  if (b <= 0x9f) return "array";
  if (b <= 0xbf) return "str";
  switch (b) {
    case 0xc0:
      return "nil";
    case 0xc2:
    case 0xc3:
      return "bool";
    case 0xc4:
    case 0xc5:
    case 0xc6:
      return "bin";
    case 0xc7:
    case 0xc8:
    case 0xc9:
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      return "ext";
    case 0xca:
      return "float32";
    case 0xcb:
      return "float64";
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
      return "uint";
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3:
      return "int";
    case 0xd9:
    case 0xda:
    case 0xdb:
      return "str";
    case 0xdc:
    case 0xdd:
      return "array";
    case 0xde:
    case 0xdf:
      return "map";
    default:
      return "invalid";
  }
}

/**
 * A cursor over one buffer of MessagePack. Generated decoders call the
 * method matching the declared Go type; the reader enforces msgp's rules.
 */
export class MsgpReader {
  /** Offset of the next unread byte. */
  pos: number;
  private readonly buf: Uint8Array;
  private dv: DataView | undefined;
  private readonly end: number;

  constructor(buf: Uint8Array, offset = 0) {
    this.buf = buf;
    this.pos = offset;
    this.end = buf.length;
  }

  /** Created on first use: most small messages need no DataView at all. */
  private get view(): DataView {
    return (this.dv ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private f32(p: number): number {
    if (!LITTLE_ENDIAN) return this.view.getFloat32(p);
    const b = this.buf;
    F32B[0] = b[p + 3]!;
    F32B[1] = b[p + 2]!;
    F32B[2] = b[p + 1]!;
    F32B[3] = b[p]!;
    return F32[0]!;
  }

  private f64(p: number): number {
    if (!LITTLE_ENDIAN) return this.view.getFloat64(p);
    const b = this.buf;
    for (let i = 0; i < 8; i++) F64B[i] = b[p + 7 - i]!;
    return F64[0]!;
  }

  private u16(p: number): number {
    return (this.buf[p]! << 8) | this.buf[p + 1]!;
  }

  private u32(p: number): number {
    const b = this.buf;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** True when every byte has been consumed. */
  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Bytes not yet consumed. */
  remaining(): number {
    return this.end - this.pos;
  }

  /** The family of the next object without consuming it. */
  peekKind(): MsgpKind {
    if (this.pos >= this.end) throw this.truncated("a value");
    return kindOf(this.buf[this.pos]!);
  }

  /** True when the next object is nil (`c0`). */
  isNil(): boolean {
    return this.pos < this.end && this.buf[this.pos] === 0xc0;
  }

  /** Consumes a nil or fails. */
  readNil(): void {
    if (!this.tryReadNil()) throw this.mismatch("nil");
  }

  /** Consumes a nil if that is what comes next. */
  tryReadNil(): boolean {
    if (this.pos < this.end && this.buf[this.pos] === 0xc0) {
      this.pos++;
      return true;
    }
    return false;
  }

  private describe(at: number): string {
    if (at >= this.end) return "end of input";
    const b = this.buf[at]!;
    const k = kindOf(b);
    return k === "invalid" ? `invalid byte 0x${b.toString(16)}` : k;
  }

  private mismatch(expected: string): MsgpDecodeError {
    return new MsgpDecodeError(this.pos, expected, this.describe(this.pos));
  }

  private truncated(expected: string, at = this.pos): MsgpDecodeError {
    return new MsgpDecodeError(at, expected, "end of input", [], "the message is truncated");
  }

  private need(n: number, what: string, start: number): void {
    const left = this.end - this.pos;
    if (n > left) {
      this.pos = start;
      throw new MsgpDecodeError(
        start,
        what,
        `a header announcing ${n} bytes with only ${left} left`,
        [],
        "the length header is larger than the input",
      );
    }
  }

  /** `c2`/`c3` only. */
  readBool(): boolean {
    const b = this.buf[this.pos];
    if (b === 0xc2 || b === 0xc3) {
      this.pos++;
      return b === 0xc3;
    }
    throw this.mismatch("bool");
  }

  /**
   * Any integer format as a number when it fits ±(2^53-1), else a bigint.
   * `unsigned` rejects negatives; the caller range-checks the declared width.
   */
  private readInteger(expected: string, unsigned: boolean): number | bigint {
    const p = this.pos;
    if (p >= this.end) throw this.truncated(expected);
    const b = this.buf[p]!;
    if (b <= 0x7f) {
      this.pos = p + 1;
      return b;
    }
    if (b >= 0xe0) {
      if (unsigned) throw new MsgpDecodeError(p, expected, `negative int ${b - 256}`);
      this.pos = p + 1;
      return b - 256;
    }
    const buf = this.buf;
    const end = this.end;
    let out: number | bigint;
    let next: number;
    // One switch decodes every width; 64-bit values that fit ±(2^53-1) are
    // assembled from two 32-bit halves, so BigInt is only used when needed.
    switch (b) {
      case 0xcc:
        next = p + 2;
        if (next > end) throw this.truncated(expected, p);
        out = buf[p + 1]!;
        break;
      case 0xcd:
        next = p + 3;
        if (next > end) throw this.truncated(expected, p);
        out = (buf[p + 1]! << 8) | buf[p + 2]!;
        break;
      case 0xce:
        next = p + 5;
        if (next > end) throw this.truncated(expected, p);
        out = this.u32(p + 1);
        break;
      case 0xd0:
        next = p + 2;
        if (next > end) throw this.truncated(expected, p);
        out = (buf[p + 1]! << 24) >> 24;
        break;
      case 0xd1:
        next = p + 3;
        if (next > end) throw this.truncated(expected, p);
        out = (((buf[p + 1]! << 8) | buf[p + 2]!) << 16) >> 16;
        break;
      case 0xd2:
        next = p + 5;
        if (next > end) throw this.truncated(expected, p);
        out = this.u32(p + 1) | 0;
        break;
      case 0xcf: {
        next = p + 9;
        if (next > end) throw this.truncated(expected, p);
        const hi = this.u32(p + 1);
        out = hi < 0x200000 ? hi * 4294967296 + this.u32(p + 5) : this.view.getBigUint64(p + 1);
        break;
      }
      case 0xd3: {
        next = p + 9;
        if (next > end) throw this.truncated(expected, p);
        const hi = this.u32(p + 1) | 0;
        if (hi >= -0x200000 && hi < 0x200000) {
          const v = hi * 4294967296 + this.u32(p + 5);
          out = v >= -Number.MAX_SAFE_INTEGER ? v : this.view.getBigInt64(p + 1);
        } else out = this.view.getBigInt64(p + 1);
        break;
      }
      default:
        throw this.mismatch(expected);
    }
    if (unsigned && out < 0) throw new MsgpDecodeError(p, expected, `negative int ${out}`);
    this.pos = next;
    return out;
  }

  private readSignedIn(expected: string, min: number, max: number): number {
    const p = this.pos;
    // Fixints (-32..127) fit every signed width: the common case needs no range check.
    const lead = this.buf[p];
    if (lead !== undefined && (lead <= 0x7f || lead >= 0xe0) && p < this.end) {
      this.pos = p + 1;
      return lead <= 0x7f ? lead : lead - 256;
    }
    const v = this.readInteger(expected, false);
    if (typeof v === "bigint" || v < min || v > max) {
      this.pos = p;
      throw new MsgpDecodeError(p, expected, `${v}, out of range`);
    }
    return v;
  }

  private readUnsignedIn(expected: string, max: number): number {
    const p = this.pos;
    const lead = this.buf[p];
    if (lead !== undefined && lead <= 0x7f && p < this.end) {
      this.pos = p + 1;
      return lead;
    }
    const v = this.readInteger(expected, true);
    if (typeof v === "bigint" || v > max) {
      this.pos = p;
      throw new MsgpDecodeError(p, expected, `${v}, out of range`);
    }
    return v;
  }

  /** Go int8: any integer format holding -128..127. */
  readInt8(): number {
    return this.readSignedIn("int8", -128, 127);
  }
  /** Go int16. */
  readInt16(): number {
    return this.readSignedIn("int16", -32768, 32767);
  }
  /** Go int32 / rune. */
  readInt32(): number {
    return this.readSignedIn("int32", -2147483648, 2147483647);
  }
  /** Go int64 / int / Duration as a bigint; `cf` above int64 max is an error. */
  readInt64(): bigint {
    const p = this.pos;
    const v = this.readInteger("int64", false);
    if (typeof v === "bigint" && v > INT64_MAX) {
      this.pos = p;
      throw new MsgpDecodeError(p, "int64", `${v}, out of range`);
    }
    return BigInt(v);
  }
  /** Go int64 into a JS number: fails unless the value is within ±(2^53-1). */
  readIntNumber(): number {
    return this.readSignedIn("int64 within ±(2^53-1)", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }
  /** Go uint8 / byte: non-negative of any integer format. */
  readUint8(): number {
    return this.readUnsignedIn("uint8", 0xff);
  }
  /** Go uint16. */
  readUint16(): number {
    return this.readUnsignedIn("uint16", 0xffff);
  }
  /** Go uint32. */
  readUint32(): number {
    return this.readUnsignedIn("uint32", 0xffffffff);
  }
  /** Go uint64 / uint as a bigint. */
  readUint64(): bigint {
    return BigInt(this.readInteger("uint64", true));
  }
  /** Go uint64 into a JS number: fails above 2^53-1. */
  readUintNumber(): number {
    return this.readUnsignedIn("uint64 within 2^53-1", Number.MAX_SAFE_INTEGER);
  }

  /** Go float32: `ca` only (msgp rejects `cb` here). */
  readFloat32(): number {
    const p = this.pos;
    if (this.buf[p] !== 0xca) throw this.mismatch("float32");
    if (p + 5 > this.end) throw this.truncated("float32");
    this.pos = p + 5;
    return this.f32(p + 1);
  }

  /** Go float64: `cb`, or a widened `ca`; integers are rejected. */
  readFloat64(): number {
    const p = this.pos;
    const b = this.buf[p];
    if (b === 0xcb) {
      if (p + 9 > this.end) throw this.truncated("float64");
      this.pos = p + 9;
      return this.f64(p + 1);
    }
    if (b === 0xca) {
      if (p + 5 > this.end) throw this.truncated("float64");
      this.pos = p + 5;
      return this.f32(p + 1);
    }
    throw this.mismatch("float64");
  }

  /** Length of a str header at pos, moving pos past the header; -1 when not a str. */
  private strLength(): number {
    const p = this.pos;
    const b = this.buf[p]!;
    if (b >= 0xa0 && b <= 0xbf) {
      this.pos = p + 1;
      return b & 0x1f;
    }
    if (b === 0xd9 && p + 2 <= this.end) {
      this.pos = p + 2;
      return this.buf[p + 1]!;
    }
    if (b === 0xda && p + 3 <= this.end) {
      this.pos = p + 3;
      return this.u16(p + 1);
    }
    if (b === 0xdb && p + 5 <= this.end) {
      this.pos = p + 5;
      return this.u32(p + 1);
    }
    return -1;
  }

  /** Length of a bin header at pos, moving pos past the header; -1 when not a bin. */
  private binLength(): number {
    const p = this.pos;
    const b = this.buf[p];
    if (b === 0xc4 && p + 2 <= this.end) {
      this.pos = p + 2;
      return this.buf[p + 1]!;
    }
    if (b === 0xc5 && p + 3 <= this.end) {
      this.pos = p + 3;
      return this.u16(p + 1);
    }
    if (b === 0xc6 && p + 5 <= this.end) {
      this.pos = p + 5;
      return this.u32(p + 1);
    }
    return -1;
  }

  private decodeText(start: number, len: number): string {
    const b = this.buf;
    if (len < 16) {
      // Short ASCII (most keys and values): a plain array of char codes is the
      // cheapest way to a string; anything else goes to the UTF-8 decoder.
      const units = new Array<number>(len);
      for (let i = 0; i < len; i++) {
        const c = b[start + i]!;
        if (c >= 0x80) return decodeUtf8(b, start, len);
        units[i] = c;
      }
      return String.fromCharCode.apply(null, units);
    }
    return decodeUtf8(b, start, len);
  }

  /** Decodes a short key through the cache, so repeated struct keys cost no string building. */
  private decodeKey(start: number, len: number): string {
    if (len > 16 || len === 0) return this.decodeText(start, len);
    const b = this.buf;
    let h = len;
    for (let i = start; i < start + len; i++) h = (h * 31 + b[i]!) | 0;
    const slot = h & (KEY_CACHE_SIZE - 1);
    const hit = keyCache[slot];
    if (hit !== undefined && hit.bytes.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) if (hit.bytes[i] !== b[start + i]) { same = false; break; }
      if (same) return hit.text;
    }
    const text = internalize(this.decodeText(start, len));
    keyCache[slot] = { bytes: b.slice(start, start + len), text };
    return text;
  }

  /** Go string: str formats only (bin is rejected); invalid UTF-8 becomes U+FFFD. */
  readString(): string {
    const start = this.pos;
    if (start >= this.end) throw this.truncated("str");
    const len = this.strLength();
    if (len < 0) throw this.mismatch("str");
    this.need(len, "str", start);
    const s = this.decodeText(this.pos, len);
    this.pos += len;
    return s;
  }

  /** A struct or map key: str, or bin (msgp accepts both for struct keys). */
  readMapKey(): string {
    const start = this.pos;
    // Fast path: a fixstr key wholly inside the input (almost every struct key).
    const lead = this.buf[start];
    if (lead !== undefined && lead >= 0xa0 && lead <= 0xbf && start < this.end) {
      const len = lead & 0x1f;
      if (start + 1 + len <= this.end) {
        this.pos = start + 1 + len;
        return this.decodeKey(start + 1, len);
      }
    }
    if (start >= this.end) throw this.truncated("map key (str)");
    let len = this.strLength();
    if (len < 0) len = this.binLength();
    if (len < 0) throw this.mismatch("map key (str)");
    this.need(len, "map key (str)", start);
    const s = this.decodeKey(this.pos, len);
    this.pos += len;
    return s;
  }

  /** Go []byte: bin formats only; returns a copy that outlives the input buffer. */
  readBytes(): Uint8Array {
    const v = this.readBytesView();
    return v.length === 0 ? EMPTY_BYTES : v.slice();
  }

  /** Like readBytes but aliases the input buffer (zero copy; valid while the input is). */
  readBytesView(): Uint8Array {
    const start = this.pos;
    if (start >= this.end) throw this.truncated("bin");
    const len = this.binLength();
    if (len < 0) throw this.mismatch("bin");
    this.need(len, "bin", start);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** Go [N]byte: a bin of exactly n bytes. */
  readFixedBytes(n: number): Uint8Array {
    const start = this.pos;
    const v = this.readBytesView();
    if (v.length !== n) {
      this.pos = start;
      throw new MsgpDecodeError(start, `bin of exactly ${n} bytes`, `bin of ${v.length} bytes`);
    }
    return n === 0 ? EMPTY_BYTES : v.slice();
  }

  /** An array header's element count; a count larger than the bytes left is an error. */
  readArrayHeader(): number {
    const p = this.pos;
    if (p >= this.end) throw this.truncated("array");
    const b = this.buf[p]!;
    let n: number;
    if (b >= 0x90 && b <= 0x9f) {
      n = b & 0x0f;
      this.pos = p + 1;
    } else if (b === 0xdc) {
      if (p + 3 > this.end) throw this.truncated("array", p);
      n = this.u16(p + 1);
      this.pos = p + 3;
    } else if (b === 0xdd) {
      if (p + 5 > this.end) throw this.truncated("array", p);
      n = this.u32(p + 1);
      this.pos = p + 5;
    } else throw this.mismatch("array");
    if (n > this.end - this.pos) {
      this.pos = p;
      throw new MsgpDecodeError(p, "array", `a header announcing ${n} elements with ${this.end - p} bytes left`);
    }
    return n;
  }

  /** A map header's pair count; a count larger than the bytes left allow is an error. */
  readMapHeader(): number {
    const p = this.pos;
    if (p >= this.end) throw this.truncated("map");
    const b = this.buf[p]!;
    let n: number;
    if (b >= 0x80 && b <= 0x8f) {
      n = b & 0x0f;
      this.pos = p + 1;
    } else if (b === 0xde) {
      if (p + 3 > this.end) throw this.truncated("map", p);
      n = this.u16(p + 1);
      this.pos = p + 3;
    } else if (b === 0xdf) {
      if (p + 5 > this.end) throw this.truncated("map", p);
      n = this.u32(p + 1);
      this.pos = p + 5;
    } else throw this.mismatch("map");
    if (n * 2 > this.end - this.pos) {
      this.pos = p;
      throw new MsgpDecodeError(p, "map", `a header announcing ${n} pairs with ${this.end - p} bytes left`);
    }
    return n;
  }

  /** An extension header at pos: its type and data length, pos moved to the data; undefined when not an ext. */
  private extHeader(): { type: number; len: number } | undefined {
    const p = this.pos;
    const b = this.buf[p];
    let len: number;
    let hdr: number;
    switch (b) {
      case 0xd4:
        len = 1;
        hdr = 2;
        break;
      case 0xd5:
        len = 2;
        hdr = 2;
        break;
      case 0xd6:
        len = 4;
        hdr = 2;
        break;
      case 0xd7:
        len = 8;
        hdr = 2;
        break;
      case 0xd8:
        len = 16;
        hdr = 2;
        break;
      case 0xc7:
        if (p + 3 > this.end) throw this.truncated("ext", p);
        len = this.buf[p + 1]!;
        hdr = 3;
        break;
      case 0xc8:
        if (p + 4 > this.end) throw this.truncated("ext", p);
        len = this.u16(p + 1);
        hdr = 4;
        break;
      case 0xc9:
        if (p + 6 > this.end) throw this.truncated("ext", p);
        len = this.u32(p + 1);
        hdr = 6;
        break;
      default:
        return undefined;
    }
    if (p + hdr > this.end) throw this.truncated("ext", p);
    const type = this.view.getInt8(p + hdr - 1);
    this.pos = p + hdr;
    this.need(len, "ext", p);
    return { type, len };
  }

  /** An extension of the given type; returns a copy of its data. */
  readExt(expectedType: number): Uint8Array {
    const p = this.pos;
    if (p >= this.end) throw this.truncated(`ext type ${expectedType}`);
    const h = this.extHeader();
    if (h === undefined) throw this.mismatch(`ext type ${expectedType}`);
    // msgp <= 1.1.9 (MinIO's version) returns before its type check for an
    // ext8 of length 0, so `c7 00 T` is accepted whatever T is.
    const emptyExt8 = this.buf[p] === 0xc7 && h.len === 0;
    if (h.type !== expectedType && !emptyExt8) {
      this.pos = p;
      throw new MsgpDecodeError(p, `ext type ${expectedType}`, `ext type ${h.type}`);
    }
    const out = h.len === 0 ? EMPTY_BYTES : this.buf.slice(this.pos, this.pos + h.len);
    this.pos += h.len;
    return out;
  }

  /** Go time.Time: msgp's type 5 (`c7 0c 05`) or the standard type -1 in its 4/8/12-byte forms. */
  readTime(): GoTime {
    const p = this.pos;
    if (p >= this.end) throw this.truncated("time");
    const h = this.extHeader();
    if (h === undefined) throw this.mismatch("time");
    const d = this.pos;
    const v = this.view;
    let t: GoTime | undefined;
    if (h.type === 5 && h.len === 12) t = normalizeTime(v.getBigInt64(d), v.getInt32(d + 8));
    else if (h.type === -1 && h.len === 4) t = { sec: BigInt(v.getUint32(d)), nsec: 0 };
    else if (h.type === -1 && h.len === 8) {
      const x = v.getBigUint64(d);
      t = normalizeTime(x & 0x3ffffffffn, Number(x >> 34n));
    } else if (h.type === -1 && h.len === 12) t = normalizeTime(v.getBigInt64(d + 4), v.getUint32(d));
    if (t === undefined) {
      this.pos = p;
      throw new MsgpDecodeError(p, "time (ext 5 of 12 bytes, or ext -1 of 4/8/12)", `ext type ${h.type} of ${h.len} bytes`);
    }
    this.pos = d + h.len;
    return t;
  }

  /** Go complex64: exactly `d7 03` + two float32. */
  readComplex64(): Complex {
    const p = this.pos;
    if (this.buf[p] !== 0xd7 || this.buf[p + 1] !== 3) throw this.mismatch("complex64 (fixext8 type 3)");
    if (p + 10 > this.end) throw this.truncated("complex64");
    this.pos = p + 10;
    return { real: this.view.getFloat32(p + 2), imag: this.view.getFloat32(p + 6) };
  }

  /** Go complex128: exactly `d8 04` + two float64. */
  readComplex128(): Complex {
    const p = this.pos;
    if (this.buf[p] !== 0xd8 || this.buf[p + 1] !== 4) throw this.mismatch("complex128 (fixext16 type 4)");
    if (p + 18 > this.end) throw this.truncated("complex128");
    this.pos = p + 18;
    return { real: this.view.getFloat64(p + 2), imag: this.view.getFloat64(p + 10) };
  }

  /** Go json.Number: integers up to int64 max as decimal text, floats as Go's shortest non-exponent text. */
  readJsonNumber(): string {
    const k = this.peekKind();
    if (k === "int" || k === "uint") return this.readInt64().toString();
    if (k === "float32" || k === "float64") return formatGoFloat(this.readFloat64());
    throw this.mismatch("json.Number (int or float)");
  }

  /** Skips exactly one object of any shape, iteratively (deep nesting cannot overflow the stack). */
  skip(): void {
    let pending = 1;
    while (pending > 0) {
      pending--;
      const p = this.pos;
      if (p >= this.end) throw this.truncated("a value");
      const b = this.buf[p]!;
      if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) {
        this.pos = p + 1;
        continue;
      }
      const k = kindOf(b);
      switch (k) {
        case "array":
          pending += this.readArrayHeader();
          break;
        case "map":
          pending += 2 * this.readMapHeader();
          break;
        case "str": {
          const len = this.strLength();
          if (len < 0) throw this.truncated("str", p);
          this.need(len, "str", p);
          this.pos += len;
          break;
        }
        case "bin": {
          const len = this.binLength();
          if (len < 0) throw this.truncated("bin", p);
          this.need(len, "bin", p);
          this.pos += len;
          break;
        }
        case "ext": {
          const h = this.extHeader()!;
          this.pos += h.len;
          break;
        }
        case "int":
        case "uint":
          this.readInteger("int", false);
          break;
        case "float32":
        case "float64":
          this.readFloat64();
          break;
        default:
          throw this.mismatch("a MessagePack value");
      }
      if (pending > this.end - this.pos) {
        throw new MsgpDecodeError(p, "a value", `containers announcing ${pending} more values with ${this.end - this.pos} bytes left`);
      }
    }
  }

  /** msgp.Raw: one object copied verbatim; `c0` gives an empty Raw (§2.14, §4). */
  readRaw(): Uint8Array {
    if (this.tryReadNil()) return EMPTY_BYTES;
    const start = this.pos;
    this.skip();
    return this.buf.slice(start, this.pos);
  }

  /** Go interface{}: any object, typed the way msgp's interface decoding types it (§4). */
  readAny(): MsgpAny {
    return this.readAnyAt(0);
  }

  private readAnyAt(depth: number): MsgpAny {
    if (depth > MAX_ANY_DEPTH) {
      throw new MsgpDecodeError(this.pos, `nesting of at most ${MAX_ANY_DEPTH}`, "deeper nesting");
    }
    const p = this.pos;
    const k = this.peekKind();
    switch (k) {
      case "nil":
        this.pos++;
        return { kind: "nil" };
      case "bool":
        return { kind: "bool", value: this.readBool() };
      case "int":
        return { kind: "int", value: BigInt(this.readInteger("int", false)) };
      case "uint":
        return { kind: "uint", value: BigInt(this.readInteger("uint", true)) };
      case "float32":
        return { kind: "float32", value: this.readFloat32() };
      case "float64":
        return { kind: "float64", value: this.readFloat64() };
      case "str":
        return { kind: "string", value: this.readString() };
      case "bin":
        return { kind: "bytes", value: this.readBytes() };
      case "array": {
        const n = this.readArrayHeader();
        const out: MsgpAny[] = [];
        for (let i = 0; i < n; i++) out.push(this.readAnyAt(depth + 1));
        return { kind: "array", value: out };
      }
      case "map": {
        const n = this.readMapHeader();
        const out = new Map<string, MsgpAny>();
        for (let i = 0; i < n; i++) {
          const key = this.readMapKey();
          out.set(key, this.readAnyAt(depth + 1));
        }
        return { kind: "map", value: out };
      }
      case "ext": {
        const h = this.extHeader()!;
        const b = this.buf[p]!;
        // msgp quirk (§4): its type sniffing uses `>` for fixext lengths, so a fixext
        // complex or timestamp that ends the buffer comes back as a raw extension.
        const isFixext = b >= 0xd4 && b <= 0xd8;
        const endsBuffer = this.pos + h.len === this.end;
        const sniffed = !(isFixext && endsBuffer);
        this.pos = p;
        if (sniffed && h.type === 3 && h.len === 8) return { kind: "complex64", value: this.readComplex64() };
        if (sniffed && h.type === 4 && h.len === 16) return { kind: "complex128", value: this.readComplex128() };
        if (sniffed && (h.type === 5 || h.type === -1)) return { kind: "time", value: this.readTime() };
        const again = this.extHeader()!;
        const data = this.buf.slice(this.pos, this.pos + again.len);
        this.pos += again.len;
        return { kind: "ext", type: again.type, data };
      }
      default:
        throw this.mismatch("a MessagePack value");
    }
  }
}

/** Go's time.Unix(sec, nsec) normalisation: nanoseconds outside 0..1e9-1 carry into seconds. */
function normalizeTime(sec: bigint, nsec: number): GoTime {
  if (nsec >= 0 && nsec < 1_000_000_000) return { sec, nsec };
  const carry = Math.floor(nsec / 1_000_000_000);
  return { sec: sec + BigInt(carry), nsec: nsec - carry * 1_000_000_000 };
}

/** Go strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (Object.is(f, -0)) return "-0";
  const s = String(f);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const neg = s.startsWith("-");
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf(".");
  const digits = mant.replace(".", "");
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = "0." + "0".repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + "0".repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + "." + digits.slice(intLen);
  return (neg ? "-" : "") + out;
}
