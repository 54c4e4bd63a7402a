// One upgraded WebSocket as the grid connection sees it: whole messages in, one frame per write out.
import type { Duplex } from "node:stream";
import { encodeFrame, FrameReader, WsProtocolError } from "./ws-frame.js";

/** Handlers a connection installs on a link. */
export interface LinkHandlers {
  message(data: Uint8Array, binary: boolean): void;
  closed(err: Error | null): void;
}

/**
 * A live socket after the upgrade. The dialer side masks (`isDialer`), the acceptor checks masks.
 * WebSocket pings are answered, a close frame is answered and ends the link; grid itself never
 * sends ping/close frames (spec 1.8). Writes that stay blocked longer than `writeTimeoutMs` kill the
 * link, mirroring Go's per-frame write deadline.
 */
export class WsLink {
  private handlers: LinkHandlers | null = null;
  private readonly reader: FrameReader;
  private ended = false;
  private writeTimer: NodeJS.Timeout | null = null;
  private drainWaiters: Array<() => void> = [];
  /** Bytes received on this link (WebSocket payloads). */
  bytesIn = 0;

  constructor(
    readonly socket: Duplex,
    readonly isDialer: boolean,
    maxMessageBytes: number,
    private readonly writeTimeoutMs: number,
  ) {
    this.reader = new FrameReader(!isDialer, maxMessageBytes, {
      message: (d, bin) => {
        this.bytesIn += d.length;
        if (this.held) this.held.push([d, bin]);
        else this.handlers?.message(d, bin);
      },
      control: (op, d) => {
        if (op === 9) this.rawWrite(encodeFrame(d, this.isDialer, 10));
        else if (op === 8) {
          this.rawWrite(encodeFrame(d.subarray(0, 2), this.isDialer, 8));
          this.end(new WsProtocolError("peer sent a close frame"));
        }
      },
    });
    socket.on("data", (c: Buffer) => {
      if (this.ended) return;
      try {
        this.reader.push(c);
      } catch (e) {
        this.end(e as Error);
      }
    });
    socket.on("error", (e: Error) => this.end(e));
    socket.on("close", () => this.end(new Error("grid: socket closed by peer")));
    socket.on("drain", () => {
      if (this.writeTimer) clearTimeout(this.writeTimer);
      this.writeTimer = null;
      const w = this.drainWaiters;
      this.drainWaiters = [];
      for (const f of w) f();
    });
  }

  private held: Array<[Uint8Array, boolean]> | null = null;

  /**
   * Buffers incoming messages until the next `start()`: used between the handshake answer and the
   * connection taking over, so a message the peer sends right after its handshake is not lost.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Installs the consumer and replays bytes that arrived together with the upgrade response. */
  start(h: LinkHandlers, early?: Uint8Array): void {
    this.handlers = h;
    const held = this.held;
    this.held = null;
    if (held) for (const [d, bin] of held) if (!this.ended) h.message(d, bin);
    if (early && early.length > 0) {
      try {
        this.reader.push(Buffer.from(early));
      } catch (e) {
        this.end(e as Error);
      }
    }
  }

  /** True once the link is dead. */
  get closed(): boolean {
    return this.ended;
  }

  private rawWrite(frame: Buffer): boolean {
    if (this.ended) return false;
    const ok = this.socket.write(frame);
    if (!ok && !this.writeTimer) {
      this.writeTimer = setTimeout(() => this.end(new Error(`grid: write blocked for more than ${this.writeTimeoutMs} ms`)), this.writeTimeoutMs);
    }
    return ok;
  }

  /** Writes one binary frame; false means the socket buffer is full (wait with `drained()`). */
  send(body: Uint8Array): boolean {
    return this.rawWrite(encodeFrame(body, this.isDialer));
  }

  /** Writes a frame prepared with frameInPlace() (header room already reserved). */
  sendPrepared(frame: Buffer): boolean {
    return this.rawWrite(frame);
  }

  /** Resolves when the socket accepts more data (or the link ends). */
  drained(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  /** Ends the link (idempotent); `err` is reported to the consumer. */
  end(err: Error | null): void {
    if (this.ended) return;
    this.ended = true;
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    this.socket.destroy();
    const w = this.drainWaiters;
    this.drainWaiters = [];
    for (const f of w) f();
    this.handlers?.closed(err);
  }

  /** Graceful variant used after a handshake rejection: flush, then close. */
  endAfterFlush(): void {
    if (this.ended) return;
    this.socket.end();
    setTimeout(() => this.end(null), 1000).unref();
  }
}
