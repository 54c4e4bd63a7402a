// The grid `message` tuple (spec 2.2) plus its trailer (subroute id, checksum; spec 2.3, 2.7).
import { xxh3Low32 } from "../xxh3.js";
import { Flag, Op, SUBROUTE_LEN, CRC_LEN } from "./ops.js";
import { WireDecodeError, binHeaderSize, putBinHeader, putUint, uintSize } from "./msgp-lite.js";

/**
 * One grid message as the runtime sees it. `payload` is null when absent (nil/empty rule of spec
 * 2.5 already applied on parse); `subroute` is the 32-byte id when the SUB flag is set.
 * MuxIDs are JS numbers: a Go peer allocates them from 1 upwards, so values above 2^53-1 would need
 * 9e15 calls on one connection; the parser rejects them rather than silently rounding.
 */
export interface Message {
  muxId: number;
  seq: number;
  deadlineMs: number;
  handler: number;
  op: number;
  flags: number;
  payload: Uint8Array | null;
  subroute?: Uint8Array | null;
}

/**
 * Encodes one frame body: msgp tuple ++ subroute (if SUB) ++ checksum (if CRC), exactly as Go's
 * `message.MarshalMsg` plus `connection.send` produce it. Flags are written as given: callers add
 * the connection's base flags.
 */
export function encodeMessage(m: Message): Uint8Array {
  const b = Buffer.allocUnsafe(messageSize(m));
  writeMessageAt(b, 0, m);
  return b;
}

/** Byte length of encodeMessage(m); the writer uses it to place bodies straight into its frame buffer. */
export function messageSize(m: Message): number {
  const p = m.payload;
  const n = p === null ? 0 : p.length;
  const f = m.flags;
  // Checked here, before any writer reserves room for the message.
  if (f & Flag.Subroute && (!m.subroute || m.subroute.length !== SUBROUTE_LEN)) {
    throw new RangeError("grid: SUB flag set but no 32-byte subroute id given; pass message.subroute");
  }
  return (
    1 +
    uintSize(m.muxId) +
    uintSize(m.seq) +
    uintSize(m.deadlineMs) +
    uintSize(m.handler) +
    uintSize(m.op) +
    uintSize(f) +
    binHeaderSize(n) +
    n +
    (f & Flag.Subroute ? SUBROUTE_LEN : 0) +
    (f & Flag.CRC ? CRC_LEN : 0)
  );
}

/**
 * Writes encodeMessage(m) at offset `o` of `b` (messageSize(m) bytes must be free there); returns the
 * offset after it. The payload is copied now, so the caller may reuse its buffer once send() returns.
 */
export function writeMessageAt(b: Buffer, o: number, m: Message): number {
  const f = m.flags;
  const sub = (f & Flag.Subroute) !== 0;
  if (sub && (!m.subroute || m.subroute.length !== SUBROUTE_LEN)) {
    throw new RangeError("grid: SUB flag set but no 32-byte subroute id given; pass message.subroute");
  }
  const start = o;
  b[o++] = 0x97;
  o = putUint(b, o, m.muxId);
  o = putUint(b, o, m.seq);
  o = putUint(b, o, m.deadlineMs);
  o = putUint(b, o, m.handler);
  o = putUint(b, o, m.op);
  o = putUint(b, o, f);
  const p = m.payload;
  if (p === null) {
    b[o++] = 0xc4;
    b[o++] = 0;
  } else {
    o = putBinHeader(b, o, p.length);
    b.set(p, o);
    o += p.length;
  }
  if (sub) {
    b.set(m.subroute!, o);
    o += SUBROUTE_LEN;
  }
  if (f & Flag.CRC) {
    b.writeUInt32LE(xxh3Low32(b.subarray(start, o)), o);
    o += CRC_LEN;
  }
  return o;
}

/** Result of parsing one frame body: the message and where any trailing batched entries start. */
export interface ParsedBody {
  msg: Message;
  /** Offset after the tuple, i.e. where OpMerged's bin-wrapped entries begin. */
  restStart: number;
  /** End of the region usable for OpMerged entries (before subroute/checksum). */
  restEnd: number;
}

/**
 * Parses a frame body per spec 2.7: tuple, nil/empty rule, checksum over everything before it,
 * subroute as the last 32 bytes before the checksum. Throws WireDecodeError on any violation;
 * the connection then drops the link, as Go does.
 */
export function parseMessage(b: Uint8Array): ParsedBody {
  const msg = readMessage(b, 0, b.length);
  return { msg, restStart: readTail.start, restEnd: readTail.end };
}

/** Where the bytes after the tuple of the last readMessage() start and end (OpMerged entries). */
export const readTail = { start: 0, end: 0 };

const EMPTY_PAYLOAD = Object.freeze(new Uint8Array(0)) as Uint8Array;

// Cursor of readMessage(): module state instead of a reader object, so parsing a message allocates
// only the Message and its payload view (measured: the per-message reader and DataView were ~10% of
// the caller's allocations at 100k requests/s).
let P = 0;
let E = 0;

function truncated(what: string, k: number): never {
  throw new WireDecodeError(`truncated ${what}: need ${k} bytes, have ${E - P}`, P);
}

/** Go's unsigned decoders: any msgp integer form that is non-negative and <= max (spec 2.1). */
function rdUint(b: Uint8Array, max: number, what: string): number {
  const at = P;
  if (P >= E) truncated(what, 1);
  const t = b[P++]!;
  if (t <= 0x7f) {
    if (t > max) throw new WireDecodeError(`${what}: value overflows its field`, at);
    return t;
  }
  let v: number;
  switch (t) {
    case 0xcc:
      if (P + 1 > E) truncated(what, 1);
      v = b[P]!;
      P += 1;
      break;
    case 0xcd:
      if (P + 2 > E) truncated(what, 2);
      v = (b[P]! << 8) | b[P + 1]!;
      P += 2;
      break;
    case 0xce:
      if (P + 4 > E) truncated(what, 4);
      v = ((b[P]! << 24) | (b[P + 1]! << 16) | (b[P + 2]! << 8) | b[P + 3]!) >>> 0;
      P += 4;
      break;
    case 0xcf: {
      if (P + 8 > E) truncated(what, 8);
      const hi = ((b[P]! << 24) | (b[P + 1]! << 16) | (b[P + 2]! << 8) | b[P + 3]!) >>> 0;
      const lo = ((b[P + 4]! << 24) | (b[P + 5]! << 16) | (b[P + 6]! << 8) | b[P + 7]!) >>> 0;
      P += 8;
      if (hi > 0x1fffff) throw new WireDecodeError(`${what}: value overflows its field`, at);
      v = hi * 0x100000000 + lo;
      break;
    }
    case 0xd0:
      if (P + 1 > E) truncated(what, 1);
      v = (b[P]! << 24) >> 24;
      P += 1;
      break;
    case 0xd1:
      if (P + 2 > E) truncated(what, 2);
      v = (((b[P]! << 8) | b[P + 1]!) << 16) >> 16;
      P += 2;
      break;
    case 0xd2:
      if (P + 4 > E) truncated(what, 4);
      v = (b[P]! << 24) | (b[P + 1]! << 16) | (b[P + 2]! << 8) | b[P + 3]!;
      P += 4;
      break;
    case 0xd3: {
      if (P + 8 > E) truncated(what, 8);
      const hi = (b[P]! << 24) | (b[P + 1]! << 16) | (b[P + 2]! << 8) | b[P + 3]!;
      const lo = ((b[P + 4]! << 24) | (b[P + 5]! << 16) | (b[P + 6]! << 8) | b[P + 7]!) >>> 0;
      P += 8;
      if (hi < 0) throw new WireDecodeError(`${what}: negative value for an unsigned field`, at);
      if (hi > 0x1fffff) throw new WireDecodeError(`${what}: value overflows its field`, at);
      v = hi * 0x100000000 + lo;
      break;
    }
    default:
      if (t >= 0xe0) throw new WireDecodeError(`${what}: negative value for an unsigned field`, at);
      throw new WireDecodeError(`${what}: expected an integer, got type byte 0x${t.toString(16)}`, at);
  }
  if (v < 0) throw new WireDecodeError(`${what}: negative value ${v} for an unsigned field`, at);
  if (v > max) throw new WireDecodeError(`${what}: value overflows its field`, at);
  return v;
}

/** A bin header (c4/c5/c6) at P; returns the length after checking it against the bytes present. */
function rdBinLen(b: Uint8Array, what: string): number {
  const at = P;
  if (P >= E) truncated(what, 1);
  const t = b[P++]!;
  let n: number;
  if (t === 0xc4) {
    if (P + 1 > E) truncated(what, 1);
    n = b[P++]!;
  } else if (t === 0xc5) {
    if (P + 2 > E) truncated(what, 2);
    n = (b[P]! << 8) | b[P + 1]!;
    P += 2;
  } else if (t === 0xc6) {
    if (P + 4 > E) truncated(what, 4);
    n = ((b[P]! << 24) | (b[P + 1]! << 16) | (b[P + 2]! << 8) | b[P + 3]!) >>> 0;
    P += 4;
  } else throw new WireDecodeError(`${what}: expected bin, got type byte 0x${t.toString(16)}`, at);
  if (P + n > E) truncated(what, n);
  return n;
}

/**
 * Parses the frame body in b[start, end) like parseMessage, without intermediate objects: the
 * payload and subroute are views into `b`. The tail (OpMerged entries) is left in `readTail`.
 */
export function readMessage(b: Uint8Array, start: number, end: number): Message {
  P = start;
  E = end;
  if (P >= E) truncated("message tuple", 1);
  const h = b[P]!;
  let n: number;
  if ((h & 0xf0) === 0x90) {
    n = h & 0x0f;
    P++;
  } else if (h === 0xdc || h === 0xdd) {
    P++;
    const k = h === 0xdc ? 2 : 4;
    if (P + k > E) truncated("message tuple", k);
    n = k === 2 ? (b[P]! << 8) | b[P + 1]! : ((b[P]! << 24) | (b[P + 1]! << 16) | (b[P + 2]! << 8) | b[P + 3]!) >>> 0;
    P += k;
  } else throw new WireDecodeError(`message tuple: expected an array, got type byte 0x${h.toString(16)}`, P);
  if (n !== 7) throw new WireDecodeError(`message tuple must have 7 elements, has ${n}`, 0);
  const muxId = rdUint(b, Number.MAX_SAFE_INTEGER, "MuxID");
  const seq = rdUint(b, 0xffffffff, "Seq");
  const deadlineMs = rdUint(b, 0xffffffff, "DeadlineMS");
  const handler = rdUint(b, 0xff, "Handler");
  const op = rdUint(b, 0xff, "Op");
  const flags = rdUint(b, 0xff, "Flags");
  const plen = rdBinLen(b, "Payload");
  const pstart = P;
  P += plen;
  let restEnd = end;
  if (flags & Flag.CRC) {
    if (restEnd - P < CRC_LEN) throw new WireDecodeError("CRC flag set but fewer than 4 trailer bytes", P);
    restEnd -= CRC_LEN;
    const want = (b[restEnd]! | (b[restEnd + 1]! << 8) | (b[restEnd + 2]! << 16) | (b[restEnd + 3]! << 24)) >>> 0;
    const got = xxh3Low32(new Uint8Array(b.buffer, b.byteOffset + start, restEnd - start));
    if (want !== got) {
      throw new WireDecodeError(`checksum mismatch: frame says ${want.toString(16).padStart(8, "0")}, computed ${got.toString(16).padStart(8, "0")}`, restEnd);
    }
  }
  let subroute: Uint8Array | null = null;
  if (flags & Flag.Subroute) {
    if (restEnd - P < SUBROUTE_LEN) throw new WireDecodeError("SUB flag set but fewer than 32 subroute bytes", P);
    restEnd -= SUBROUTE_LEN;
    subroute = new Uint8Array(b.buffer, b.byteOffset + restEnd, SUBROUTE_LEN);
  }
  readTail.start = P;
  readTail.end = restEnd;
  const payload = plen > 0 ? new Uint8Array(b.buffer, b.byteOffset + pstart, plen) : flags & Flag.PayloadIsZero ? EMPTY_PAYLOAD : null;
  return { muxId, seq, deadlineMs, handler, op, flags, payload, subroute };
}

/**
 * Calls `each` for every entry of the OpMerged frame `b` whose envelope readMessage() just parsed
 * (`count` from its Seq, entries in b[tailStart, tailEnd)). Entries are parsed in place.
 */
export function forEachMerged(b: Uint8Array, count: number, tailStart: number, tailEnd: number, each: (m: Message) => boolean): void {
  if (count > tailEnd - tailStart) {
    throw new WireDecodeError(`OpMerged claims ${count} entries but only ${tailEnd - tailStart} bytes follow`, tailStart);
  }
  let o = tailStart;
  for (let i = 0; i < count; i++) {
    P = o;
    E = tailEnd;
    const n = rdBinLen(b, "OpMerged entry");
    const s = P;
    o = s + n;
    if (!each(readMessage(b, s, o))) return;
  }
}

/**
 * Builds one OpMerged frame from already-encoded bodies (spec 2.8): envelope `97 00 N 00 00 11 00 c4 00`
 * then each body as a bin. The envelope carries no flags and no checksum.
 */
export function encodeMerged(bodies: readonly Uint8Array[]): Uint8Array {
  const total = mergedSize(bodies);
  const b = Buffer.allocUnsafe(total);
  writeMergedAt(b, 0, bodies);
  return b;
}

/** Byte size of the OpMerged frame body for `bodies`. */
export function mergedSize(bodies: readonly Uint8Array[]): number {
  let total = 1 + 1 + uintSize(bodies.length) + 1 + 1 + 1 + 1 + 2;
  for (const x of bodies) total += binHeaderSize(x.length) + x.length;
  return total;
}

/** Writes the OpMerged body at `start` of `b` (which must have mergedSize() bytes free there). */
export function writeMergedAt(b: Uint8Array, start: number, bodies: readonly Uint8Array[]): void {
  b[start] = 0x97;
  b[start + 1] = 0;
  let o = putUint(b, start + 2, bodies.length);
  b[o++] = 0;
  b[o++] = 0;
  b[o++] = Op.Merged;
  b[o++] = 0;
  b[o++] = 0xc4;
  b[o++] = 0;
  for (const x of bodies) {
    o = putBinHeader(b, o, x.length);
    b.set(x, o);
    o += x.length;
  }
}

/** Splits the entries that follow an OpMerged envelope; `count` comes from the envelope's Seq. */
export function splitMerged(b: Uint8Array, parsed: ParsedBody): Uint8Array[] {
  const count = parsed.msg.seq;
  if (count > parsed.restEnd - parsed.restStart) {
    throw new WireDecodeError(`OpMerged claims ${count} entries but only ${parsed.restEnd - parsed.restStart} bytes follow`, parsed.restStart);
  }
  const out: Uint8Array[] = [];
  let o = parsed.restStart;
  for (let i = 0; i < count; i++) {
    P = o;
    E = parsed.restEnd;
    const n = rdBinLen(b, `OpMerged entry ${i + 1}/${count}`);
    out.push(b.subarray(P, P + n));
    o = P + n;
  }
  return out;
}
