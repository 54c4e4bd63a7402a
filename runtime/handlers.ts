// Handler registry of a manager (spec 7.2): single and stream handlers by id and by subroute id.
import { HandlerExistsError, UnknownHandlerError } from "./errors.js";
import { subrouteId, subrouteKey } from "./subroute.js";

/** What a server handler learns about its call. */
export interface HandlerContext {
  /** Aborts on caller cancellation, deadline, stream liveness loss or link loss. */
  signal: AbortSignal;
  /** Host string of the calling peer (Go's GetCaller(ctx).Name). */
  caller: string;
  /** Subroute the handler was registered under ("" if none). */
  subroute: string;
  /** Absolute deadline (ms since epoch) propagated from the caller, if any. */
  deadline: number | undefined;
}

/** A single-request handler: request bytes in (null when empty), response bytes out (null = absent). Throw to send an error text. */
export type SingleHandler = (payload: Uint8Array | null, ctx: HandlerContext) => Promise<Uint8Array | null> | Uint8Array | null;

/**
 * A stream handler: initial payload, the caller's input items (empty iterable when inCapacity is 0),
 * and the context; yields output items. Returning ends the stream cleanly, throwing sends the error text.
 */
export type StreamHandler = (payload: Uint8Array | null, requests: AsyncIterable<Uint8Array>, ctx: HandlerContext) => AsyncIterable<Uint8Array>;

/** Registration options shared by both handler kinds. */
export interface RegisterOptions {
  /** Static subroute (Go joins parts with "/"); calls must use the same string. */
  subroute?: string;
}

/** Stream registration options; capacities must be equal on both peers (spec 6.2). */
export interface StreamRegisterOptions extends RegisterOptions {
  /** Input window (client -> server items); 0 = no input direction. Default 0. */
  inCapacity?: number;
  /** Output window (server -> client items); <= 0 means 1. Default 1. */
  outCapacity?: number;
  /**
   * Go has scaffolding for stateless streams but no node can use it (the flag is always refused,
   * spec 6.7). Accepted for IDL compatibility: the handler is registered as an ordinary one-way stream.
   */
  stateless?: boolean;
}

/** A registered single handler. */
export interface SingleReg {
  fn: SingleHandler;
  subroute: string;
}

/** A registered stream handler with its capacities. */
export interface StreamReg {
  fn: StreamHandler;
  subroute: string;
  inCapacity: number;
  outCapacity: number;
}

/** Per-manager tables. Keys: handler id, or hex of the 32-byte subroute id. */
export class HandlerRegistry {
  readonly singles = new Map<number, SingleReg>();
  readonly singlesBySub = new Map<string, SingleReg>();
  readonly streams = new Map<number, StreamReg>();
  readonly streamsBySub = new Map<string, StreamReg>();

  constructor(private readonly handlerLast: number) {}

  /** Whether `id` is a valid handler id for this profile. */
  valid(id: number): boolean {
    return Number.isInteger(id) && id > 0 && id < this.handlerLast;
  }

  private isTestId(id: number): boolean {
    return id >= this.handlerLast - 2;
  }

  private check(id: number, subroute: string): string | null {
    if (!this.valid(id)) throw new UnknownHandlerError(`handler id ${id} is not in 1..${this.handlerLast - 1} for this wire profile`);
    if (subroute === "") {
      if (!this.isTestId(id) && (this.singles.has(id) || this.streams.has(id))) throw new HandlerExistsError(`id ${id}`);
      return null;
    }
    const key = subrouteKey(subrouteId(id, subroute));
    if (!this.isTestId(id) && (this.singlesBySub.has(key) || this.streamsBySub.has(key))) throw new HandlerExistsError(`id ${id} subroute ${JSON.stringify(subroute)}`);
    return key;
  }

  /** Adds a single handler; throws UnknownHandlerError / HandlerExistsError like Go. */
  addSingle(id: number, fn: SingleHandler, subroute = ""): void {
    const key = this.check(id, subroute);
    const reg = { fn, subroute };
    if (key === null) this.singles.set(id, reg);
    else {
      this.singlesBySub.set(key, reg);
      this.singlesBySub.set(anyRouteKey(id), reg);
    }
  }

  /** Adds a stream handler; the `[id,0..0]` entry lets callers find capacities for any subroute. */
  addStream(id: number, fn: StreamHandler, o: StreamRegisterOptions): void {
    const subroute = o.subroute ?? "";
    const key = this.check(id, subroute);
    const reg: StreamReg = { fn, subroute, inCapacity: Math.max(0, o.inCapacity ?? 0), outCapacity: Math.max(1, o.outCapacity ?? 1) };
    if (key === null) this.streams.set(id, reg);
    else {
      this.streamsBySub.set(key, reg);
      this.streamsBySub.set(anyRouteKey(id), reg);
    }
  }

  /** The local stream registration a caller uses for capacities (spec 6.1 step 1). */
  localStream(id: number, subroute: boolean): StreamReg | undefined {
    return subroute ? this.streamsBySub.get(anyRouteKey(id)) : this.streams.get(id);
  }
}

/** Key of `[id, 0, 0, ..., 0]`. */
function anyRouteKey(id: number): string {
  const b = new Uint8Array(32);
  b[0] = id;
  return subrouteKey(b);
}
