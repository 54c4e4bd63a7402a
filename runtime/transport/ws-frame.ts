// RFC 6455 framing as the grid uses it (spec 1.8): one binary frame per grid frame body, the dialer
// masks, the acceptor never does. We frame by hand (instead of through `ws`) because the grid needs
// the exact upgrade bytes of spec 1.4, one socket write per frame, and strict control over limits
// (a lying length header must never make us allocate: payload bytes are only gathered as they arrive).
import { randomFillSync } from "node:crypto";
import bufferUtil from "bufferutil";

/** Thrown by the frame reader for any framing violation; the link is dropped. */
export class WsProtocolError extends Error {
  constructor(message: string) {
    super(`grid websocket: ${message}`);
    this.name = "WsProtocolError";
  }
}

const maskPool = Buffer.alloc(4096);
let maskPos = maskPool.length;
function nextMaskKey(): Buffer {
  if (maskPos + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskPos = 0;
  }
  const k = maskPool.subarray(maskPos, maskPos + 4);
  maskPos += 4;
  return k;
}

/** Encodes one FIN frame (binary by default) into a single buffer; masks with a fresh key if `mask`. */
export function encodeFrame(payload: Uint8Array, mask: boolean, opcode = 2): Buffer {
  const n = payload.length;
  const lenBytes = n <= 125 ? 0 : n <= 0xffff ? 2 : 8;
  const head = 2 + lenBytes + (mask ? 4 : 0);
  const out = Buffer.allocUnsafe(head + n);
  out[0] = 0x80 | opcode;
  if (lenBytes === 0) out[1] = n;
  else if (lenBytes === 2) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(Math.floor(n / 0x100000000), 2);
    out.writeUInt32BE(n >>> 0, 6);
  }
  if (mask) {
    out[1]! |= 0x80;
    const key = nextMaskKey();
    key.copy(out, head - 4);
    if (n > 0) bufferUtil.mask(payload, key, out, head, n);
  } else out.set(payload, head);
  return out;
}

/** Header length of a frame carrying `n` payload bytes. */
export function frameHeaderSize(n: number, mask: boolean): number {
  return 2 + (n <= 125 ? 0 : n <= 0xffff ? 2 : 8) + (mask ? 4 : 0);
}

/**
 * Turns `buf` (header room of frameHeaderSize(n) bytes, then `n` payload bytes) into a binary frame
 * in place, masking the payload in place for the dialer. Saves the copy encodeFrame() makes, which
 * matters for merged batches of up to 51 messages.
 */
export function frameInPlace(buf: Buffer, n: number, mask: boolean): Buffer {
  const head = frameHeaderSize(n, mask);
  buf[0] = 0x82;
  if (n <= 125) buf[1] = n;
  else if (n <= 0xffff) {
    buf[1] = 126;
    buf.writeUInt16BE(n, 2);
  } else {
    buf[1] = 127;
    buf.writeUInt32BE(Math.floor(n / 0x100000000), 2);
    buf.writeUInt32BE(n >>> 0, 6);
  }
  if (mask) {
    buf[1]! |= 0x80;
    const key = nextMaskKey();
    key.copy(buf, head - 4);
    if (n > 0) bufferUtil.mask(buf.subarray(head, head + n), key, buf, head, n);
  }
  return buf;
}

/**
 * Writes the header of a binary FIN frame carrying the `n` bytes at `bodyStart` of `buf` right before
 * them, and masks those bytes in place when `mask` (dialer). Returns where the frame starts. Used by
 * the batching writer, which leaves header room in front of every frame it builds.
 */
export function frameBefore(buf: Buffer, bodyStart: number, n: number, mask: boolean): number {
  const at = bodyStart - frameHeaderSize(n, mask);
  buf[at] = 0x82;
  let o = at + 2;
  if (n <= 125) buf[at + 1] = n;
  else if (n <= 0xffff) {
    buf[at + 1] = 126;
    buf[o++] = n >>> 8;
    buf[o++] = n & 0xff;
  } else {
    buf[at + 1] = 127;
    buf.writeUInt32BE(Math.floor(n / 0x100000000), o);
    buf.writeUInt32BE(n >>> 0, o + 4);
    o += 8;
  }
  if (mask) {
    buf[at + 1]! |= 0x80;
    const key = nextMaskKey();
    buf[o] = key[0]!;
    buf[o + 1] = key[1]!;
    buf[o + 2] = key[2]!;
    buf[o + 3] = key[3]!;
    if (n > 0) bufferUtil.mask(buf.subarray(bodyStart, bodyStart + n), key, buf, bodyStart, n);
  }
  return at;
}

/** Callbacks of a frame reader. */
export interface FrameSink {
  /** A complete data message (fragments reassembled). */
  message(data: Uint8Array, binary: boolean): void;
  /** A control frame the link must answer (ping -> pong, close -> close). */
  control(opcode: number, data: Uint8Array): void;
}

/**
 * Incremental frame parser. `expectMasked` is true on the acceptor. Never buffers more than the
 * bytes actually received, and refuses messages larger than `maxMessageBytes` as soon as the header
 * announces them.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private have = 0;
  private fragments: Buffer[] | null = null;
  private fragBytes = 0;
  private fragBinary = true;

  constructor(
    private readonly expectMasked: boolean,
    private readonly maxMessageBytes: number,
    private readonly sink: FrameSink,
  ) {}

  /** Bytes received but not yet part of a complete frame (for tests / diagnostics). */
  get pending(): number {
    return this.have;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    const all = Buffer.concat(this.chunks, this.have);
    this.chunks = [all];
    return all;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length === n) {
      this.chunks.shift();
      this.have -= n;
      return first;
    }
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      this.have -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let o = 0;
    while (o < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - o);
      c.copy(out, o, 0, k);
      o += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.have -= n;
    return out;
  }

  /** Feeds received bytes; throws WsProtocolError on violations (the caller drops the link). */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.have += chunk.length;
    for (;;) {
      if (this.have < 2) return;
      const h = this.peek(Math.min(this.have, 14));
      const b0 = h[0]!;
      const b1 = h[1]!;
      const fin = (b0 & 0x80) !== 0;
      if (b0 & 0x70) throw new WsProtocolError(`non-zero RSV bits in frame header byte 0x${b0.toString(16)}`);
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      if (masked !== this.expectMasked) {
        throw new WsProtocolError(this.expectMasked ? "unmasked frame from the dialer (RFC 6455 5.1)" : "masked frame from the acceptor (RFC 6455 5.1)");
      }
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.have < 4) return;
        len = h.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.have < 10) return;
        const hi = h.readUInt32BE(2);
        if (hi > 0x1fffff) throw new WsProtocolError("frame length exceeds 2^53");
        len = hi * 0x100000000 + h.readUInt32BE(6);
        off = 10;
      }
      const isControl = opcode >= 8;
      if (isControl && (len > 125 || !fin)) throw new WsProtocolError("control frame longer than 125 bytes or fragmented");
      if (!isControl && opcode !== 0 && opcode !== 1 && opcode !== 2) throw new WsProtocolError(`reserved opcode ${opcode}`);
      if (isControl && opcode !== 8 && opcode !== 9 && opcode !== 10) throw new WsProtocolError(`reserved control opcode ${opcode}`);
      const total = (this.fragments ? this.fragBytes : 0) + len;
      if (!isControl && total > this.maxMessageBytes) {
        throw new WsProtocolError(`message of ${total} bytes exceeds the limit of ${this.maxMessageBytes}; raise maxMessageBytes on both peers if this is intended`);
      }
      const need = off + (masked ? 4 : 0) + len;
      if (this.have < need) return;
      const header = this.take(off + (masked ? 4 : 0));
      let payload = len > 0 ? this.take(len) : Buffer.alloc(0);
      if (masked && len > 0) {
        const key = header.subarray(off, off + 4);
        // take() may return a view into a received chunk that nobody else references; unmask in place.
        bufferUtil.unmask(payload, key);
      }
      if (isControl) {
        this.sink.control(opcode, payload);
        continue;
      }
      if (opcode === 0) {
        if (!this.fragments) throw new WsProtocolError("continuation frame without a started message");
        this.fragments.push(payload);
        this.fragBytes += len;
        if (fin) {
          const data = Buffer.concat(this.fragments, this.fragBytes);
          const bin = this.fragBinary;
          this.fragments = null;
          this.fragBytes = 0;
          this.sink.message(data, bin);
        }
        continue;
      }
      if (this.fragments) throw new WsProtocolError("new data frame while a fragmented message is unfinished");
      if (!fin) {
        this.fragments = [payload];
        this.fragBytes = len;
        this.fragBinary = opcode === 2;
        continue;
      }
      this.sink.message(payload, opcode === 2);
      void payload;
      payload = Buffer.alloc(0);
    }
  }
}
