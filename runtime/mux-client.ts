// The mux-client side of calls (spec 5.1, 5.3, 6.1-6.5, 6.8): single requests and client streams.
import type { Connection } from "./connection.js";
import { ConnState } from "./connection.js";
import { AsyncQueue } from "./async-queue.js";
import { CreditWindow } from "./credit-window.js";
import {
  CanceledError,
  DeadlineExceededError,
  DisconnectedError,
  GridError,
  IncorrectSequenceError,
  PayloadTooLargeError,
  RemoteError,
  StreamStateError,
  UnknownHandlerError,
} from "./errors.js";
import type { Message } from "./wire/message.js";
import { Flag, Op } from "./wire/ops.js";
import { decodeMuxConnectError, decodePong } from "./wire/payloads.js";
import { subrouteId } from "./subroute.js";

/** An entry of a connection's *outgoing* table. */
export interface OutgoingMux {
  handle(m: Message): void;
  fail(err: Error): void;
}

/** Options of `conn.request`. */
export interface RequestOptions {
  /** Aborting rejects at once with CanceledError; nothing is sent to the server (Go behaviour). */
  signal?: AbortSignal;
  /** Absolute deadline: ms since epoch or a Date. Default: now + 60 s. Sent as DeadlineMS. */
  deadline?: number | Date;
  /** Static subroute the handler was registered under. */
  subroute?: string;
}

const MAX_DEADLINE_MS = 0xffffffff;

function deadlineOf(d: number | Date | undefined): number | undefined {
  if (d === undefined) return undefined;
  return typeof d === "number" ? d : d.getTime();
}

function checkCall(conn: Connection, handlerId: number, payload: Uint8Array | null): void {
  if (!conn.core.registry.valid(handlerId)) {
    throw new UnknownHandlerError(`handler id ${handlerId} is not in 1..${conn.core.pc.handlerLast - 1} for profile ${conn.core.profile}`);
  }
  if (payload && payload.length > conn.core.maxMessageBytes - 64) throw new PayloadTooLargeError(payload.length, conn.core.maxMessageBytes);
  if (conn.state !== ConnState.Connected) throw new DisconnectedError(`not connected to ${conn.remote}`);
}

function copyOut(p: Uint8Array | null): Uint8Array | null {
  // readMessage() already hands every message its own plain Uint8Array view into the received
  // socket chunk, which nothing reuses or mutates: no copy and no second view is needed (copies
  // were ~3% of CPU at 512 in flight). The view keeps its chunk alive while the caller holds it.
  return p;
}

/**
 * Runs one single request; see Connection.request. The deadline is fixed and the signal watched from
 * this moment on, so a call that has to wait for room in a full output queue still ends on time
 * (Go creates the request context before it blocks on the queue).
 */
export function runRequest(conn: Connection, handlerId: number, payload: Uint8Array | null, o: RequestOptions): Promise<Uint8Array | null> {
  const now = Date.now();
  const deadline = deadlineOf(o.deadline) ?? now + conn.core.timing.defaultRequestTimeoutMs;
  if (!Number.isFinite(deadline)) return Promise.reject(new RangeError(`grid: request deadline ${String(o.deadline)} is not a valid time; pass ms since the epoch or a valid Date`));
  const space = conn.queueSpace();
  if (space) return waitForSpace(space, deadline - now, o.signal).then(() => startRequest(conn, handlerId, payload, o, deadline, Date.now()));
  // Same clock reading as the deadline: without a caller deadline DeadlineMS is exactly the default, as in Go.
  return startRequest(conn, handlerId, payload, o, deadline, now);
}

/** Waits for queue room, rejecting with DeadlineExceededError / CanceledError if those come first. */
function waitForSpace(space: Promise<void>, remaining: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CanceledError(signal.reason));
  if (remaining < 1) return Promise.reject(new DeadlineExceededError());
  return new Promise((resolve, reject) => {
    const done = (e: Error | null): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (e) reject(e);
      else resolve();
    };
    const onAbort = (): void => done(new CanceledError(signal!.reason));
    const timer = setTimeout(() => done(new DeadlineExceededError()), remaining);
    signal?.addEventListener("abort", onAbort, { once: true });
    void space.then(() => done(null));
  });
}

function startRequest(conn: Connection, handlerId: number, payload: Uint8Array | null, o: RequestOptions, deadline: number, now: number): Promise<Uint8Array | null> {
  try {
    checkCall(conn, handlerId, payload);
  } catch (e) {
    return Promise.reject(e);
  }
  if (o.signal?.aborted) return Promise.reject(new CanceledError(o.signal.reason));
  const remaining = deadline - now;
  if (remaining < 1) return Promise.reject(new DeadlineExceededError());
  const id = conn.allocMuxId();
  return new Promise((resolve, reject) => {
    // The wall-clock deadline only sets DeadlineMS; expiry runs on the monotonic clock (like Go's
    // context), so a clock step (NTP, VM resume) neither hangs calls nor fails them early.
    const due = performance.now() + remaining;
    const req = new PendingRequest(conn, id, resolve, reject, o.signal, due);
    conn.outgoing.set(id, req);
    conn.requestDeadlines.add(req, due);
    const sub = o.subroute !== undefined && o.subroute !== "";
    conn.send({
      muxId: id,
      seq: 0,
      deadlineMs: Math.min(Math.floor(remaining), MAX_DEADLINE_MS),
      handler: handlerId,
      op: Op.Request,
      flags: conn.baseFlags | Flag.EOF | (sub ? Flag.Subroute : 0),
      payload,
      subroute: sub ? subrouteId(handlerId, o.subroute!) : null,
    });
  });
}

/**
 * One in-flight single request in *outgoing*. A class rather than per-call closures: the request
 * path runs ~100k times per second and closures (each wrapped by tsx's keepNames helper) were a
 * measurable share of CPU and garbage. Its deadline lives in the connection's RequestDeadlines.
 */
class PendingRequest implements OutgoingMux {
  private done = false;
  private readonly onAbort: (() => void) | null = null;
  /** @internal RequestDeadlines bookkeeping: slot (-1 = not scheduled) and intrusive list links. */
  slot = -1;
  prev: PendingRequest | null = null;
  next: PendingRequest | null = null;

  constructor(
    private readonly conn: Connection,
    private readonly id: number,
    private readonly resolve: (v: Uint8Array | null) => void,
    private readonly reject: (e: Error) => void,
    private readonly signal: AbortSignal | undefined,
    /** When the deadline passes, on the monotonic clock (performance.now()). */
    private readonly due: number,
  ) {
    if (signal) {
      this.onAbort = () => this.finish(new CanceledError(signal.reason));
      signal.addEventListener("abort", this.onAbort, { once: true });
    }
  }

  private finish(err: Error | null, v: Uint8Array | null = null): void {
    if (this.done) return;
    this.done = true;
    this.conn.outgoing.delete(this.id);
    if (this.slot >= 0) this.conn.requestDeadlines.remove(this);
    if (this.onAbort) this.signal!.removeEventListener("abort", this.onAbort);
    if (err) this.reject(err);
    else this.resolve(v);
  }

  /** Called by RequestDeadlines once the deadline has passed. */
  expire(): void {
    this.finish(new DeadlineExceededError());
  }

  handle(m: Message): void {
    // The deadline wheel sweeps up to a slot late; an answer arriving after the deadline is still
    // a deadline error, as in Go where the caller's context has already ended by then.
    if (performance.now() >= this.due) return this.finish(new DeadlineExceededError());
    if (m.op === Op.Response) {
      if (m.seq !== 0) return this.finish(new IncorrectSequenceError());
      if (m.flags & Flag.PayloadIsErr) return this.finish(new RemoteError(textOf(m.payload)));
      return this.finish(null, copyOut(m.payload));
    }
    if (m.op === Op.MuxConnectError) return this.finish(new RemoteError(decodeMuxConnectError(m.payload ?? new Uint8Array(0))));
    if (m.op === Op.DisconnectClientMux) this.finish(m.flags & Flag.PayloadIsErr ? new RemoteError(textOf(m.payload)) : new DisconnectedError("peer closed the request"));
  }

  fail(err: Error): void {
    this.finish(err);
  }
}

/** Granularity of request deadlines: a request fails at most this much (plus timer lateness) after its deadline. */
const DEADLINE_SLOT_MS = 8;

/**
 * Deadlines of a connection's single requests: one coarse timer wheel per connection instead of a
 * setTimeout per request (measured: the per-request Timeout was ~10% of the caller's CPU at 512 in
 * flight). Requests sit in intrusive lists per 8 ms slot, so adding and removing are O(1) and
 * allocate nothing; one unref'd interval sweeps due slots while any request is scheduled.
 */
export class RequestDeadlines {
  private readonly slots = new Map<number, PendingRequest>();
  /** First slot not swept yet. */
  private nextSlot = 0;
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly tick = (): void => this.sweep();

  /** Number of scheduled requests (tests, diagnostics). */
  get size(): number {
    return this.count;
  }

  /** @internal Schedules `r` to expire at `due` (monotonic ms, performance.now()). */
  add(r: PendingRequest, due: number): void {
    if (this.timer === null) {
      this.nextSlot = Math.floor(performance.now() / DEADLINE_SLOT_MS);
      this.timer = setInterval(this.tick, DEADLINE_SLOT_MS);
      this.timer.unref();
    }
    // Due once floor(now / slot) reaches ceil(due / slot), i.e. never before the deadline.
    const slot = Math.max(Math.ceil(due / DEADLINE_SLOT_MS), this.nextSlot);
    const head = this.slots.get(slot);
    r.slot = slot;
    r.prev = null;
    r.next = head ?? null;
    if (head) head.prev = r;
    this.slots.set(slot, r);
    this.count++;
  }

  /** @internal Unschedules `r` (it finished first). */
  remove(r: PendingRequest): void {
    if (r.slot < 0) return;
    if (r.prev) r.prev.next = r.next;
    else if (r.next) this.slots.set(r.slot, r.next);
    else this.slots.delete(r.slot);
    if (r.next) r.next.prev = r.prev;
    r.slot = -1;
    r.prev = r.next = null;
    this.count--;
  }

  private expireSlot(slot: number): void {
    let r: PendingRequest | null | undefined = this.slots.get(slot);
    if (!r) return;
    this.slots.delete(slot);
    while (r) {
      const n: PendingRequest | null = r.next;
      r.slot = -1;
      r.prev = r.next = null;
      this.count--;
      r.expire();
      r = n;
    }
  }

  private sweep(): void {
    const now = Math.floor(performance.now() / DEADLINE_SLOT_MS);
    if (now - this.nextSlot > this.slots.size) {
      // After a long stall, visit the occupied slots instead of every 8 ms step in between.
      for (const slot of [...this.slots.keys()].sort((a, b) => a - b)) {
        if (slot > now) break;
        this.expireSlot(slot);
      }
      this.nextSlot = now + 1;
    } else {
      for (; this.nextSlot <= now && this.count > 0; this.nextSlot++) this.expireSlot(this.nextSlot);
    }
    if (this.count === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

const td = new TextDecoder();
function textOf(p: Uint8Array | null): string {
  return p ? td.decode(p) : "";
}

/** Options of `conn.openStream`. */
export interface OpenStreamOptions {
  /** Initial payload (null = absent; an empty array travels with the ZERO flag). */
  payload?: Uint8Array | null;
  subroute?: string;
  signal?: AbortSignal;
  /** Absolute deadline (ms since epoch or Date). Streams have no default deadline. */
  deadline?: number | Date;
  /** Overrides the local registration's InCapacity (must match the server's). */
  inCapacity?: number;
  /** Overrides the local registration's OutCapacity (must match the server's). */
  outCapacity?: number;
}

/**
 * A client stream. Read results from `responses` (async iterable; ends cleanly on EOF, throws
 * RemoteError / DisconnectedError / DeadlineExceededError / CanceledError / IncorrectSequenceError).
 * Write inputs with `send()` (waits for a credit) and finish them with `closeSend()`. `close()`
 * cancels the stream. Always consume `responses` to the end or call `close()`.
 */
export class ClientStream implements OutgoingMux {
  /** Output items from the server. */
  readonly responses: AsyncIterable<Uint8Array>;
  readonly muxId: number;
  private readonly queue: AsyncQueue<Uint8Array>;
  private readonly credits: CreditWindow;
  private readonly inCap: number;
  private readonly outCap: number;
  private sendSeq = 0;
  private recvSeq = 0;
  private acked = false;
  private done = false;
  private sendClosed = false;
  private sendChain: Promise<void> = Promise.resolve();
  private readonly ctl = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private lastSeen = Date.now();
  private readonly startedOk: boolean;

  constructor(
    private readonly conn: Connection,
    readonly handlerId: number,
    o: OpenStreamOptions,
  ) {
    const sub = o.subroute !== undefined && o.subroute !== "";
    const local = conn.core.registry.localStream(handlerId, sub);
    this.inCap = Math.max(0, o.inCapacity ?? local?.inCapacity ?? 0);
    this.outCap = Math.max(1, o.outCapacity ?? local?.outCapacity ?? 1);
    this.credits = new CreditWindow(0, this.inCap);
    this.queue = new AsyncQueue<Uint8Array>(() => this.creditBack());
    // Leaving a for-await loop early (break/throw) cancels the stream, like Go's Results returning.
    this.responses = {
      [Symbol.asyncIterator]: () => ({
        next: () => this.queue.next(),
        return: async () => {
          if (!this.done) this.close();
          return { value: undefined, done: true };
        },
      }),
    };
    this.muxId = 0;
    let startErr: Error | null = null;
    try {
      checkCall(conn, handlerId, o.payload ?? null);
      if (!local && (o.inCapacity === undefined || o.outCapacity === undefined)) {
        throw new UnknownHandlerError(`stream handler ${handlerId}${sub ? ` (subroute ${o.subroute})` : ""} is not registered locally; register it (capacities) or pass inCapacity and outCapacity`);
      }
      if (o.signal?.aborted) throw new CanceledError(o.signal.reason);
    } catch (e) {
      startErr = e as Error;
    }
    const deadline = deadlineOf(o.deadline);
    const remaining = deadline === undefined ? undefined : deadline - Date.now();
    if (!startErr && deadline !== undefined && !Number.isFinite(deadline)) {
      startErr = new RangeError(`grid: stream deadline ${String(o.deadline)} is not a valid time; pass ms since the epoch or a valid Date`);
    }
    if (!startErr && remaining !== undefined && remaining < 1) startErr = new DeadlineExceededError();
    if (startErr) {
      this.done = true;
      this.startedOk = false;
      this.queue.fail(startErr, true);
      this.credits.fail(startErr);
      return;
    }
    this.startedOk = true;
    this.muxId = conn.allocMuxId();
    conn.outgoing.set(this.muxId, this);
    const payload = o.payload ?? null;
    conn.send({
      muxId: this.muxId,
      seq: this.sendSeq++,
      deadlineMs: remaining === undefined ? 0 : Math.min(Math.floor(remaining), MAX_DEADLINE_MS),
      handler: handlerId,
      op: Op.ConnectMux,
      flags:
        conn.baseFlags |
        (this.inCap === 0 ? Flag.EOF : 0) |
        (payload !== null && payload.length === 0 ? Flag.PayloadIsZero : 0) |
        (sub ? Flag.Subroute : 0),
      payload,
      subroute: sub ? subrouteId(handlerId, o.subroute!) : null,
    });
    if (remaining !== undefined) this.timers.push(setTimeout(() => this.localFail(new DeadlineExceededError(), false), remaining));
    if (o.signal) {
      const onAbort = (): void => this.localFail(new CanceledError(o.signal!.reason), true);
      o.signal.addEventListener("abort", onAbort, { once: true });
      this.ctl.signal.addEventListener("abort", () => o.signal!.removeEventListener("abort", onAbort), { once: true });
    }
    const iv = conn.core.timing.streamPingIntervalMs;
    if (remaining === undefined || remaining > iv) {
      // HEAD pings one-way and two-way streams (spec 11.4); reference servers accept the pings too.
      this.timers.push(setInterval(() => this.pingTick(iv), iv));
    }
  }

  /** Aborts when the stream is over for any reason (mirrors Go's Stream.Done()). */
  get signal(): AbortSignal {
    return this.ctl.signal;
  }

  private creditBack(): void {
    if (this.done) return;
    this.conn.send({ muxId: this.muxId, seq: this.sendSeq++, deadlineMs: 0, handler: 0, op: Op.UnblockSrvMux, flags: this.conn.baseFlags, payload: null });
  }

  private pingTick(iv: number): void {
    if (this.done) return;
    if (Date.now() - this.lastSeen > 2 * iv) {
      this.localFail(new DisconnectedError(`no stream pong or data for ${2 * iv} ms`), true);
      return;
    }
    this.conn.send({ muxId: this.muxId, seq: this.sendSeq++, deadlineMs: 0, handler: 0, op: Op.Ping, flags: this.conn.baseFlags, payload: null });
  }

  /**
   * Sends one input item; resolves once it is queued for the wire (after taking a credit).
   * Rejects with the stream's error if it ended, or StreamStateError if the stream has no input.
   */
  send(item: Uint8Array): Promise<void> {
    if (this.inCap === 0) return Promise.reject(new StreamStateError("stream does not accept requests (inCapacity is 0)"));
    if (this.sendClosed) return Promise.reject(new StreamStateError("send after closeSend()"));
    const p = this.sendChain.then(async () => {
      await this.credits.take(this.ctl.signal);
      const space = this.conn.queueSpace();
      if (space) await space;
      if (this.done) throw this.failure ?? new StreamStateError("stream ended");
      this.conn.send({
        muxId: this.muxId,
        seq: this.sendSeq++,
        deadlineMs: 0,
        handler: 0,
        op: Op.MuxClientMsg,
        flags: this.conn.baseFlags | (item.length === 0 ? Flag.PayloadIsZero : 0),
        payload: item,
      });
    });
    this.sendChain = p.catch(() => undefined);
    return p;
  }

  /** Ends the input direction (OpMuxClientMsg with EOF) after all pending sends. Idempotent. */
  closeSend(): Promise<void> {
    if (this.sendClosed || this.inCap === 0) return this.sendChain;
    this.sendClosed = true;
    const p = this.sendChain.then(() => {
      if (this.done) return;
      this.conn.send({ muxId: this.muxId, seq: this.sendSeq++, deadlineMs: 0, handler: 0, op: Op.MuxClientMsg, flags: this.conn.baseFlags | Flag.EOF, payload: null });
    });
    this.sendChain = p;
    return p;
  }

  /** Cancels the stream: the consumer sees CanceledError, the server's handler is cancelled. */
  close(): void {
    this.localFail(new CanceledError(), true);
  }

  private failure: Error | null = null;

  private finish(): void {
    if (this.done) return;
    this.done = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.conn.outgoing.get(this.muxId) === this) this.conn.outgoing.delete(this.muxId);
    this.ctl.abort(this.failure ?? new Error("stream ended"));
  }

  /** Local end: deadline, cancellation, liveness. Sends OpDisconnectServerMux (next seq if `announce`, then seq 0) like Go. */
  private localFail(err: Error, announce: boolean): void {
    if (this.done) return;
    this.failure = err;
    if (announce) this.conn.send({ muxId: this.muxId, seq: this.sendSeq++, deadlineMs: 0, handler: 0, op: Op.DisconnectServerMux, flags: this.conn.baseFlags, payload: null });
    this.conn.send({ muxId: this.muxId, seq: 0, deadlineMs: 0, handler: 0, op: Op.DisconnectServerMux, flags: this.conn.baseFlags, payload: null });
    this.finish();
    this.credits.fail(err);
    this.queue.fail(err, true);
  }

  /** @internal Link loss / reconnect (spec 4.6): nothing is sent. */
  fail(err: Error): void {
    if (this.done) return;
    this.failure = err;
    this.finish();
    this.credits.fail(err);
    this.queue.fail(err, true);
  }

  private remoteEnd(err: Error | null): void {
    if (this.done) return;
    this.failure = err;
    this.finish();
    const e = err ?? new StreamStateError("stream ended");
    this.credits.fail(e);
    if (err) this.queue.fail(err, false);
    else this.queue.end();
  }

  private checkSeq(m: Message): boolean {
    if (m.seq === this.recvSeq) {
      this.recvSeq++;
      return true;
    }
    this.localFail(new IncorrectSequenceError(), false);
    return false;
  }

  /** @internal Messages for this mux from the connection's reader. */
  handle(m: Message): void {
    if (this.done) return;
    switch (m.op) {
      case Op.AckMux:
        if (!this.checkSeq(m)) return;
        if (!this.acked) {
          this.acked = true;
          if (this.inCap > 0) this.credits.add(this.inCap);
        }
        return;
      case Op.UnblockClMux:
        if (!this.checkSeq(m)) return;
        this.credits.add(1);
        return;
      case Op.MuxServerMsg: {
        this.lastSeen = Date.now();
        if (m.flags & Flag.PayloadIsErr) {
          if (!this.checkSeq(m)) return;
          return this.remoteEnd(new RemoteError(textOf(m.payload)));
        }
        if (m.payload !== null) {
          if (!this.checkSeq(m)) return;
          if (this.queue.buffered >= this.outCap) return this.localFail(new GridError("Response was blocked", "BLOCKED"), true);
          this.queue.push(copyOut(m.payload)!);
        }
        if (m.flags & Flag.EOF) this.remoteEnd(null);
        return;
      }
      case Op.MuxConnectError:
        return this.remoteEnd(new RemoteError(decodeMuxConnectError(m.payload ?? new Uint8Array(0))));
      case Op.DisconnectClientMux:
        // The server mux is gone while ours is open: Go's cleanup (deleteMux) still announces
        // OpDisconnectServerMux{Seq 0} before failing the stream.
        this.conn.send({ muxId: this.muxId, seq: 0, deadlineMs: 0, handler: 0, op: Op.DisconnectServerMux, flags: this.conn.baseFlags, payload: null });
        return this.remoteEnd(m.flags & Flag.PayloadIsErr ? new RemoteError(textOf(m.payload)) : new DisconnectedError("peer closed the stream"));
      case Op.Pong: {
        let p: { notFound: boolean; err: string | null };
        try {
          p = decodePong(m.payload ?? new Uint8Array(0));
        } catch {
          return;
        }
        if (p.notFound || p.err !== null) {
          this.remoteEnd(new GridError(p.err ?? "remote terminated call", "TERMINATED"));
          // Go closes the mux on that error; its cleanup (deleteMux) sends OpDisconnectServerMux{Seq 0}.
          this.conn.send({ muxId: this.muxId, seq: 0, deadlineMs: 0, handler: 0, op: Op.DisconnectServerMux, flags: this.conn.baseFlags, payload: null });
          return;
        }
        this.lastSeen = Date.now();
        return;
      }
    }
  }

  /** Whether the stream was opened on the wire (false if refused locally). */
  get opened(): boolean {
    return this.startedOk;
  }
}
