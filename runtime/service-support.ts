// What generated clients and register functions call: typed call options,
// typed streams over ClientStream, and async-iterable adapters. Kept in the
// runtime (not emitted into each generated module) so there is one copy.
import type { Connection } from "./connection.js";
import type { Manager } from "./manager.js";
import type { ClientStream, RequestOptions } from "./mux-client.js";

/** The runtime calls a generated client makes (a Connection satisfies it). */
export type GridCaller = Pick<Connection, "request" | "openStream">;
/** The runtime calls a generated register function makes (a Manager satisfies it). */
export type GridRegistrar = Pick<Manager, "registerSingle" | "registerStream">;

/** Options of one call; `subroute` is limited to the handler's declared subroutes. */
export interface CallOptions<S extends string> {
  signal?: AbortSignal;
  /** Absolute deadline (ms since epoch or a Date); defaults to the handler's timeout. */
  deadline?: number | Date;
  subroute?: S;
}

/** Turns typed call options plus the handler's default timeout into runtime request options. */
export function callOptions(o: CallOptions<string>, timeoutMs: number | undefined): RequestOptions {
  const r: RequestOptions = {};
  if (o.signal !== undefined) r.signal = o.signal;
  const d = o.deadline ?? (timeoutMs === undefined ? undefined : Date.now() + timeoutMs);
  if (d !== undefined) r.deadline = d;
  if (o.subroute !== undefined) r.subroute = o.subroute;
  return r;
}

/** A typed client stream: iterate the responses; `send` waits for a credit; `closeSend` ends input; `close` cancels. */
export interface TypedStream<In, Out> extends AsyncIterable<Out> {
  send(item: In): Promise<void>;
  closeSend(): Promise<void>;
  close(): void;
  /** Aborts when the stream is over for any reason. */
  readonly signal: AbortSignal;
}

/** Wraps a byte-level ClientStream with the handler's codecs. */
export function typedStream<In, Out>(s: ClientStream, enc: (x: In) => Uint8Array, dec: (b: Uint8Array) => Out): TypedStream<In, Out> {
  return {
    send: (item) => s.send(enc(item)),
    closeSend: () => s.closeSend(),
    close: () => s.close(),
    get signal() {
      return s.signal;
    },
    async *[Symbol.asyncIterator]() {
      for await (const b of s.responses) yield dec(b);
    },
  };
}

/** The input encoder of a stream declared without input: never callable. */
export function noInput(_: never): Uint8Array {
  throw new Error("this stream has no input direction");
}

/** Drains the (always empty) input of a stream declared without input. */
export async function* noRequests(reqs: AsyncIterable<Uint8Array>): AsyncIterable<never> {
  for await (const _ of reqs) {
    // a stream without input receives nothing
  }
}

/** Maps an async iterable lazily (decoding requests, encoding responses). */
export async function* mapAsync<A, B>(src: AsyncIterable<A>, f: (a: A) => B): AsyncIterable<B> {
  for await (const a of src) yield f(a);
}
