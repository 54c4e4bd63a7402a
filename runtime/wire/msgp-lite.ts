// The grid envelope's fixed-layout MessagePack primitives (spec 2.1-2.2), wire errors and wire times.
//
// Why the envelope does not go through runtime/msgp: the 7-tuple is written straight into the
// connection's frame chunk at a given offset and read in place from received frames, on every
// message. Measured with bench/codec/wire-envelope.ts (512-byte payload, no CRC, Node 20, this box):
//   encode  writeMessageAt (these primitives)   65-90 ns/message
//           MsgpWriter + copy into the chunk   123-152 ns/message
//   decode  readMessage (wire/message.ts)       ~91 ns/message
//           MsgpReader on a subarray           183-292 ns/message
// so the hot path keeps this small writer and message.ts's inline reader. Everything else that
// used to live here (a second reader/writer for the handshake, ping/pong and error structs) is gone:
// wire/payloads.ts now uses runtime/msgp, the one MessagePack implementation.
import type { GoTime } from "../msgp/index.js";

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

/** A Go time.Time instant on the wire: Unix seconds and nanoseconds (0..999999999); msgp's GoTime. */
export type GridTime = GoTime;

/** Go's zero time.Time (year 1): what HEAD pongs carry when the ping had no time. */
export { GO_ZERO_TIME } from "../msgp/index.js";

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
