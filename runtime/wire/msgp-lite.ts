// A deliberately tiny MessagePack subset for the grid envelope and its handshake/keepalive payloads.
//
// Why not the full codec in runtime/msgp: the envelope is on the hot path of every message and only
// needs unsigned ints, bin, str, bool, nil, map headers and the time extension; a fixed-purpose
// encoder writes it straight into a pre-sized buffer. The encoders follow tinylib/msgp's choices
// (spec 2.1); the decoders accept what Go's decoders accept, and every length is checked against
// the bytes actually present before anything is allocated.

/** Thrown for any malformed MessagePack in a grid frame; the connection treats it as fatal (spec 2.7). */
export class WireDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`grid wire: ${message} at byte ${offset}`);
    this.name = "WireDecodeError";
  }
}

/** Bytes needed by msgp's unsigned encoding of `v` (fixint, cc, cd, ce, cf). */
export function uintSize(v: number): number {
  if (v <= 0x7f) return 1;
  if (v <= 0xff) return 2;
  if (v <= 0xffff) return 3;
  if (v <= 0xffffffff) return 5;
  return 9;
}

/** Writes msgp's unsigned encoding of `v` (0 <= v <= 2^53-1) at `o`; returns the next offset. */
export function putUint(b: Uint8Array, o: number, v: number): number {
  if (v <= 0x7f) {
    b[o] = v;
    return o + 1;
  }
  if (v <= 0xff) {
    b[o] = 0xcc;
    b[o + 1] = v;
    return o + 2;
  }
  if (v <= 0xffff) {
    b[o] = 0xcd;
    b[o + 1] = v >>> 8;
    b[o + 2] = v & 0xff;
    return o + 3;
  }
  if (v <= 0xffffffff) {
    b[o] = 0xce;
    b[o + 1] = v >>> 24;
    b[o + 2] = (v >>> 16) & 0xff;
    b[o + 3] = (v >>> 8) & 0xff;
    b[o + 4] = v & 0xff;
    return o + 5;
  }
  b[o] = 0xcf;
  const hi = Math.floor(v / 0x100000000);
  const lo = v >>> 0;
  for (let i = 0; i < 4; i++) b[o + 1 + i] = (hi >>> (24 - 8 * i)) & 0xff;
  for (let i = 0; i < 4; i++) b[o + 5 + i] = (lo >>> (24 - 8 * i)) & 0xff;
  return o + 9;
}

/** Bytes of a bin header for a payload of `n` bytes (c4/c5/c6). */
export function binHeaderSize(n: number): number {
  return n <= 0xff ? 2 : n <= 0xffff ? 3 : 5;
}

/** Writes a bin header for `n` bytes; returns the next offset. */
export function putBinHeader(b: Uint8Array, o: number, n: number): number {
  if (n <= 0xff) {
    b[o] = 0xc4;
    b[o + 1] = n;
    return o + 2;
  }
  if (n <= 0xffff) {
    b[o] = 0xc5;
    b[o + 1] = n >>> 8;
    b[o + 2] = n & 0xff;
    return o + 3;
  }
  b[o] = 0xc6;
  b[o + 1] = n >>> 24;
  b[o + 2] = (n >>> 16) & 0xff;
  b[o + 3] = (n >>> 8) & 0xff;
  b[o + 4] = n & 0xff;
  return o + 5;
}

const te = new TextEncoder();
const td = new TextDecoder("utf-8", { fatal: false });

/** Growable writer for the small payload structs (connectReq, pongMsg, ...). */
export class LiteWriter {
  private buf = new Uint8Array(64);
  private n = 0;
  private ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + k) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.n));
    this.buf = nb;
  }
  /** The bytes written so far (a copy, safe to keep). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
  mapHeader(count: number): this {
    this.ensure(5);
    if (count <= 15) this.buf[this.n++] = 0x80 | count;
    else if (count <= 0xffff) {
      this.buf[this.n++] = 0xde;
      this.buf[this.n++] = count >>> 8;
      this.buf[this.n++] = count & 0xff;
    } else {
      this.buf[this.n++] = 0xdf;
      new DataView(this.buf.buffer).setUint32(this.n, count);
      this.n += 4;
    }
    return this;
  }
  str(s: string): this {
    const bytes = te.encode(s);
    const n = bytes.length;
    this.ensure(5 + n);
    if (n <= 31) this.buf[this.n++] = 0xa0 | n;
    else if (n <= 0xff) {
      this.buf[this.n++] = 0xd9;
      this.buf[this.n++] = n;
    } else if (n <= 0xffff) {
      this.buf[this.n++] = 0xda;
      this.buf[this.n++] = n >>> 8;
      this.buf[this.n++] = n & 0xff;
    } else {
      this.buf[this.n++] = 0xdb;
      new DataView(this.buf.buffer).setUint32(this.n, n);
      this.n += 4;
    }
    this.buf.set(bytes, this.n);
    this.n += n;
    return this;
  }
  bin(v: Uint8Array): this {
    this.ensure(5 + v.length);
    this.n = putBinHeader(this.buf, this.n, v.length);
    this.buf.set(v, this.n);
    this.n += v.length;
    return this;
  }
  bool(v: boolean): this {
    this.ensure(1);
    this.buf[this.n++] = v ? 0xc3 : 0xc2;
    return this;
  }
  nil(): this {
    this.ensure(1);
    this.buf[this.n++] = 0xc0;
    return this;
  }
  /** msgp time extension (type 5, 12 data bytes: BE int64 seconds, BE uint32 nanos), as Go writes it. */
  time(t: GridTime): this {
    this.ensure(15);
    this.buf[this.n++] = 0xc7;
    this.buf[this.n++] = 12;
    this.buf[this.n++] = 5;
    const dv = new DataView(this.buf.buffer);
    dv.setBigInt64(this.n, t.sec);
    dv.setUint32(this.n + 8, t.nsec);
    this.n += 12;
    return this;
  }
}

/** A Go time.Time instant on the wire: Unix seconds and nanoseconds (0..999999999). */
export interface GridTime {
  sec: bigint;
  nsec: number;
}

/** Go's zero time.Time (year 1) as msgp writes it: what HEAD pongs carry when the ping had no time. */
export const GO_ZERO_TIME: GridTime = { sec: -62135596800n, nsec: 0 };

/** Converts a millisecond clock reading (plus optional extra nanoseconds) to a wire time. */
export function timeFromNanos(ns: bigint): GridTime {
  let sec = ns / 1_000_000_000n;
  let nsec = Number(ns % 1_000_000_000n);
  if (nsec < 0) {
    sec -= 1n;
    nsec += 1_000_000_000;
  }
  return { sec, nsec };
}

/** Nanoseconds since the Unix epoch of a wire time. */
export function timeToNanos(t: GridTime): bigint {
  return t.sec * 1_000_000_000n + BigInt(t.nsec);
}

/** Bounds-checked reader with the subset of msgp decoding the grid needs. */
export class LiteReader {
  private readonly dv: DataView;
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
    readonly end = buf.length,
  ) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(k: number, what: string): void {
    if (this.pos + k > this.end) throw new WireDecodeError(`truncated ${what}: need ${k} bytes, have ${this.end - this.pos}`, this.pos);
  }
  private byte(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }
  /** Any msgp integer form that is non-negative and <= max (Go's unsigned decoders, spec 2.1). */
  uint(max: number, what: string): number {
    const at = this.pos;
    const t = this.byte(what);
    let v: number;
    if (t <= 0x7f) return t <= max ? t : this.tooBig(what, at);
    switch (t) {
      case 0xcc:
      case 0xd0:
        this.need(1, what);
        v = t === 0xcc ? this.dv.getUint8(this.pos) : this.dv.getInt8(this.pos);
        this.pos += 1;
        break;
      case 0xcd:
      case 0xd1:
        this.need(2, what);
        v = t === 0xcd ? this.dv.getUint16(this.pos) : this.dv.getInt16(this.pos);
        this.pos += 2;
        break;
      case 0xce:
      case 0xd2:
        this.need(4, what);
        v = t === 0xce ? this.dv.getUint32(this.pos) : this.dv.getInt32(this.pos);
        this.pos += 4;
        break;
      case 0xcf:
      case 0xd3: {
        this.need(8, what);
        const big = t === 0xcf ? this.dv.getBigUint64(this.pos) : this.dv.getBigInt64(this.pos);
        this.pos += 8;
        if (big < 0n) throw new WireDecodeError(`${what}: negative value ${big} for an unsigned field`, at);
        if (big > BigInt(max)) return this.tooBig(what, at);
        v = Number(big);
        break;
      }
      default:
        if (t >= 0xe0) throw new WireDecodeError(`${what}: negative value for an unsigned field`, at);
        throw new WireDecodeError(`${what}: expected an integer, got type byte 0x${t.toString(16)}`, at);
    }
    if (v < 0) throw new WireDecodeError(`${what}: negative value ${v} for an unsigned field`, at);
    if (v > max) return this.tooBig(what, at);
    return v;
  }
  private tooBig(what: string, at: number): never {
    throw new WireDecodeError(`${what}: value overflows its field`, at);
  }
  arrayHeader(what: string): number {
    const at = this.pos;
    const t = this.byte(what);
    if ((t & 0xf0) === 0x90) return t & 0x0f;
    if (t === 0xdc) {
      this.need(2, what);
      const n = this.dv.getUint16(this.pos);
      this.pos += 2;
      return n;
    }
    if (t === 0xdd) {
      this.need(4, what);
      const n = this.dv.getUint32(this.pos);
      this.pos += 4;
      return n;
    }
    throw new WireDecodeError(`${what}: expected an array, got type byte 0x${t.toString(16)}`, at);
  }
  mapHeader(what: string): number {
    const at = this.pos;
    const t = this.byte(what);
    if ((t & 0xf0) === 0x80) return t & 0x0f;
    if (t === 0xde) {
      this.need(2, what);
      const n = this.dv.getUint16(this.pos);
      this.pos += 2;
      return n;
    }
    if (t === 0xdf) {
      this.need(4, what);
      const n = this.dv.getUint32(this.pos);
      this.pos += 4;
      return n;
    }
    throw new WireDecodeError(`${what}: expected a map, got type byte 0x${t.toString(16)}`, at);
  }
  /** bin only (c4/c5/c6); returns a view into the frame (no copy). */
  bin(what: string): Uint8Array {
    const at = this.pos;
    const t = this.byte(what);
    let n: number;
    if (t === 0xc4) n = this.byte(what);
    else if (t === 0xc5) {
      this.need(2, what);
      n = this.dv.getUint16(this.pos);
      this.pos += 2;
    } else if (t === 0xc6) {
      this.need(4, what);
      n = this.dv.getUint32(this.pos);
      this.pos += 4;
    } else throw new WireDecodeError(`${what}: expected bin, got type byte 0x${t.toString(16)}`, at);
    this.need(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  private strBytes(what: string, allowBin: boolean): Uint8Array {
    const at = this.pos;
    const t = this.byte(what);
    let n: number;
    if ((t & 0xe0) === 0xa0) n = t & 0x1f;
    else if (t === 0xd9 || (allowBin && t === 0xc4)) n = this.byte(what);
    else if (t === 0xda || (allowBin && t === 0xc5)) {
      this.need(2, what);
      n = this.dv.getUint16(this.pos);
      this.pos += 2;
    } else if (t === 0xdb || (allowBin && t === 0xc6)) {
      this.need(4, what);
      n = this.dv.getUint32(this.pos);
      this.pos += 4;
    } else throw new WireDecodeError(`${what}: expected a string, got type byte 0x${t.toString(16)}`, at);
    this.need(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  str(what: string): string {
    return td.decode(this.strBytes(what, false));
  }
  /** Map keys may be str or bin in Go's generated decoders. */
  key(): string {
    return td.decode(this.strBytes("map key", true));
  }
  bool(what: string): boolean {
    const at = this.pos;
    const t = this.byte(what);
    if (t === 0xc3) return true;
    if (t === 0xc2) return false;
    throw new WireDecodeError(`${what}: expected a bool, got type byte 0x${t.toString(16)}`, at);
  }
  tryNil(): boolean {
    if (this.pos < this.end && this.buf[this.pos] === 0xc0) {
      this.pos++;
      return true;
    }
    return false;
  }
  /** msgp time: ext type 5 with 12 bytes, or the -1 timestamp extension forms (4/8/12 bytes). */
  time(what: string): GridTime {
    const at = this.pos;
    const t = this.byte(what);
    let len: number;
    if (t === 0xd6) len = 4;
    else if (t === 0xd7) len = 8;
    else if (t === 0xc7) len = this.byte(what);
    else throw new WireDecodeError(`${what}: expected a time extension, got type byte 0x${t.toString(16)}`, at);
    this.need(1 + len, what);
    const type = this.dv.getInt8(this.pos);
    this.pos += 1;
    const p = this.pos;
    this.pos += len;
    if (type === 5 && len === 12) return { sec: this.dv.getBigInt64(p), nsec: this.dv.getUint32(p + 8) };
    if (type === -1 && len === 4) return { sec: BigInt(this.dv.getUint32(p)), nsec: 0 };
    if (type === -1 && len === 8) {
      const v = this.dv.getBigUint64(p);
      return { sec: v & 0x3ffffffffn, nsec: Number(v >> 34n) };
    }
    if (type === -1 && len === 12) return { sec: this.dv.getBigInt64(p + 4), nsec: this.dv.getUint32(p) };
    throw new WireDecodeError(`${what}: unsupported time extension type ${type} length ${len}`, at);
  }
  /** Skips one complete msgp object of any type (unknown map keys). */
  skip(): void {
    const at = this.pos;
    const t = this.byte("value");
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return;
    if ((t & 0xe0) === 0xa0) return this.advance(t & 0x1f);
    if ((t & 0xf0) === 0x90) return this.skipN(t & 0x0f);
    if ((t & 0xf0) === 0x80) return this.skipN((t & 0x0f) * 2);
    const fixed: Record<number, number> = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8, 0xca: 4, 0xcb: 8, 0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17 };
    const f = fixed[t];
    if (f !== undefined) return this.advance(f);
    const lenBytes = (x: number): number => {
      this.need(x, "length");
      const n = x === 1 ? this.dv.getUint8(this.pos) : x === 2 ? this.dv.getUint16(this.pos) : this.dv.getUint32(this.pos);
      this.pos += x;
      return n;
    };
    switch (t) {
      case 0xc4:
      case 0xd9:
        return this.advance(lenBytes(1));
      case 0xc5:
      case 0xda:
        return this.advance(lenBytes(2));
      case 0xc6:
      case 0xdb:
        return this.advance(lenBytes(4));
      case 0xc7:
        return this.advance(lenBytes(1) + 1);
      case 0xc8:
        return this.advance(lenBytes(2) + 1);
      case 0xc9:
        return this.advance(lenBytes(4) + 1);
      case 0xdc:
        return this.skipN(lenBytes(2));
      case 0xdd:
        return this.skipN(lenBytes(4));
      case 0xde:
        return this.skipN(lenBytes(2) * 2);
      case 0xdf:
        return this.skipN(lenBytes(4) * 2);
    }
    throw new WireDecodeError(`invalid MessagePack type byte 0x${t.toString(16)}`, at);
  }
  private advance(n: number): void {
    this.need(n, "value");
    this.pos += n;
  }
  private skipN(n: number): void {
    if (n > this.end - this.pos) throw new WireDecodeError(`container claims ${n} elements but only ${this.end - this.pos} bytes remain`, this.pos);
    for (let i = 0; i < n; i++) this.skip();
  }
}
