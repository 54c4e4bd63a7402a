// The connection's output side: grid messages are encoded straight into a shared chunk, grouped into
// OpMerged batches by Go's writer rule (spec 4.4), and handed out as finished WebSocket frames.
//
// Why a chunk instead of one buffer per message: at ~100k requests/s per-message Buffers, per-frame
// merge buffers and the copies between them were a large share of CPU and GC. Here a message is
// written once, in place, and its frame header goes into room reserved in front of the batch; the
// chunk is rewound once the socket has taken every frame cut from it.
import { binHeaderSize, putBinHeader, putUint, uintSize } from "../wire/msgp-lite.js";
import { messageSize, writeMessageAt, type Message } from "../wire/message.js";
import { Op } from "../wire/ops.js";
import { frameBefore } from "./ws-frame.js";

/** Go's merge byte bound: a batch only keeps growing while the bytes buffered before the new message stay below it. */
export const MERGE_BYTE_LIMIT = 32768 - 1024;
/** Room in front of a batch: WebSocket header (<= 14) + OpMerged envelope (<= 13). */
const RESERVE = 28;
const CHUNK = 256 * 1024;

/** A finished frame and how many grid messages it carries. */
export interface ReadyFrame {
  frame: Buffer;
  messages: number;
  /** Grid frame body bytes (what the connection counts as bytesOut). */
  bodyBytes: number;
}

/**
 * Builds WebSocket frames from grid messages. A batch holds at most `maxMerge` buffered messages
 * plus the one that closes it, exactly like Go's writer; a lone message is never wrapped.
 */
export class FrameBatcher {
  private chunk: Buffer = Buffer.allocUnsafeSlow(CHUNK);
  private pos = 0;
  /** Offset of the open batch's first entry (its bin header), or -1 when no batch is open. */
  private first = -1;
  private count = 0;
  /** Body bytes of the open batch's entries (Go's batchBytes). */
  private bytes = 0;
  private lastBody = 0;
  private lastLen = 0;
  private readonly ready: ReadyFrame[] = [];
  private readyHead = 0;
  /** Messages accepted but not yet handed out as part of a frame taken with next(). */
  pending = 0;

  constructor(
    private readonly maxMerge: number,
    private readonly mask: boolean,
  ) {}

  /** Encodes `m` (copying its payload now). Returns true when this closed a batch, i.e. a frame is ready. */
  add(m: Message): boolean {
    const len = messageSize(m);
    const entry = binHeaderSize(len) + len;
    const open = this.first >= 0;
    // Go: buffer m while fewer than maxMerge are buffered and the bytes stay below the limit; else m
    // is the last message of the batch, whatever its size.
    const buffered = this.count < this.maxMerge && this.bytes + len < MERGE_BYTE_LIMIT;
    const need = (open ? 0 : RESERVE) + entry;
    if (this.pos + need > this.chunk.length) this.grow(need);
    if (!open) {
      this.pos += RESERVE;
      this.first = this.pos;
    }
    let o = putBinHeader(this.chunk, this.pos, len);
    this.lastBody = o;
    this.lastLen = len;
    o = writeMessageAt(this.chunk, o, m);
    this.pos = o;
    this.count++;
    this.bytes += len;
    this.pending++;
    if (buffered) return false;
    this.close();
    return true;
  }

  /** Closes the open batch, if any (the writer's "queue is empty now" moment). */
  close(): void {
    if (this.first < 0) return;
    const b = this.chunk;
    let bodyStart: number;
    let n: number;
    if (this.count === 1) {
      bodyStart = this.lastBody;
      n = this.lastLen;
    } else {
      // Envelope `97 00 <N> 00 00 <OpMerged> 00 c4 00` written right before the first entry.
      const envLen = 8 + uintSize(this.count);
      bodyStart = this.first - envLen;
      b[bodyStart] = 0x97;
      b[bodyStart + 1] = 0;
      let o = putUint(b, bodyStart + 2, this.count);
      b[o++] = 0;
      b[o++] = 0;
      b[o++] = Op.Merged;
      b[o++] = 0;
      b[o++] = 0xc4;
      b[o] = 0;
      n = this.pos - bodyStart;
    }
    const at = frameBefore(b, bodyStart, n, this.mask);
    this.ready.push({ frame: b.subarray(at, this.pos), messages: this.count, bodyBytes: n });
    this.first = -1;
    this.count = 0;
    this.bytes = 0;
  }

  /** Next finished frame in order, or undefined. */
  next(): ReadyFrame | undefined {
    if (this.readyHead >= this.ready.length) return undefined;
    const f = this.ready[this.readyHead]!;
    this.ready[this.readyHead++] = undefined as unknown as ReadyFrame;
    if (this.readyHead === this.ready.length) {
      this.ready.length = 0;
      this.readyHead = 0;
    }
    this.pending -= f.messages;
    return f;
  }

  /**
   * Call when the socket holds no reference to any frame handed out (everything written and nothing
   * queued): the chunk is rewound instead of replaced.
   */
  recycle(): void {
    if (this.first >= 0 || this.readyHead < this.ready.length) return;
    // A chunk grown for one huge message is not kept for the life of the connection.
    if (this.chunk.length > CHUNK) this.chunk = Buffer.allocUnsafeSlow(CHUNK);
    this.pos = 0;
  }

  /** Moves the open batch (if any) to a fresh chunk big enough for `need` more bytes. */
  private grow(need: number): void {
    const from = this.first >= 0 ? this.first - RESERVE : this.pos;
    const used = this.pos - from;
    const size = Math.max(CHUNK, used + need + RESERVE);
    const next = Buffer.allocUnsafeSlow(size);
    if (used > 0) this.chunk.copy(next, 0, from, this.pos);
    if (this.first >= 0) {
      this.lastBody -= from;
      this.first -= from;
    }
    this.pos = used;
    this.chunk = next;
  }
}
