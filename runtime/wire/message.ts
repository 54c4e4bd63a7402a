// The grid `message` tuple (spec 2.2) plus its trailer (subroute id, checksum; spec 2.3, 2.7).
import { xxh3Low32 } from "../xxh3.js";
import { Flag, Op, SUBROUTE_LEN, CRC_LEN } from "./ops.js";
import { LiteReader, WireDecodeError, binHeaderSize, putBinHeader, putUint, uintSize } from "./msgp-lite.js";

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
  const r = new LiteReader(b);
  const n = r.arrayHeader("message tuple");
  if (n !== 7) throw new WireDecodeError(`message tuple must have 7 elements, has ${n}`, 0);
  const muxId = r.uint(Number.MAX_SAFE_INTEGER, "MuxID");
  const seq = r.uint(0xffffffff, "Seq");
  const deadlineMs = r.uint(0xffffffff, "DeadlineMS");
  const handler = r.uint(0xff, "Handler");
  const op = r.uint(0xff, "Op");
  const flags = r.uint(0xff, "Flags");
  let payload: Uint8Array | null = r.bin("Payload");
  if (payload.length === 0 && (flags & Flag.PayloadIsZero) === 0) payload = null;
  let restEnd = b.length;
  if (flags & Flag.CRC) {
    if (restEnd - r.pos < CRC_LEN) throw new WireDecodeError("CRC flag set but fewer than 4 trailer bytes", r.pos);
    restEnd -= CRC_LEN;
    const want = (b[restEnd]! | (b[restEnd + 1]! << 8) | (b[restEnd + 2]! << 16) | (b[restEnd + 3]! << 24)) >>> 0;
    const got = xxh3Low32(b.subarray(0, restEnd));
    if (want !== got) {
      throw new WireDecodeError(`checksum mismatch: frame says ${want.toString(16).padStart(8, "0")}, computed ${got.toString(16).padStart(8, "0")}`, restEnd);
    }
  }
  let subroute: Uint8Array | null = null;
  if (flags & Flag.Subroute) {
    if (restEnd - r.pos < SUBROUTE_LEN) throw new WireDecodeError("SUB flag set but fewer than 32 subroute bytes", r.pos);
    subroute = b.subarray(restEnd - SUBROUTE_LEN, restEnd);
    restEnd -= SUBROUTE_LEN;
  }
  return { msg: { muxId, seq, deadlineMs, handler, op, flags, payload, subroute }, restStart: r.pos, restEnd };
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
  const r = new LiteReader(b, parsed.restStart, parsed.restEnd);
  const count = parsed.msg.seq;
  if (count > parsed.restEnd - parsed.restStart) {
    throw new WireDecodeError(`OpMerged claims ${count} entries but only ${parsed.restEnd - parsed.restStart} bytes follow`, parsed.restStart);
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) out.push(r.bin(`OpMerged entry ${i + 1}/${count}`));
  return out;
}
