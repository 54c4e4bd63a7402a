// What generated clients and register functions call: typed call options,
// typed streams over ClientStream, and async-iterable adapters. Kept in the
// runtime (not emitted into each generated module) so there is one copy.
import type { Connection } from "./connection.js";
import type { Manager } from "./manager.js";
import type { HandlerContext } from "./handlers.js";
import type { ClientStream, RequestOptions } from "./mux-client.js";
import { EMPTY_BYTES } from "./msgp/types.js";

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

/** What a server method returns: the response, or a promise of it. */
export type Awaitable<T> = Promise<T> | T;

/** A value's whole-payload codec: what generated `XCodec` objects are, so handler specs can name them. */
export interface PayloadCodec<T> {
  encode(v: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/**
 * The facts of one single handler from the .grid, emitted once per handler so a
 * client method and the register function are one short call each (and the
 * generated file reads as a table a reviewer can check against the .grid).
 */
export interface SingleSpec<Req, Resp> {
  readonly id: number;
  /** "Service.Handler", for error messages. */
  readonly name: string;
  readonly payload: PayloadCodec<Req>;
  readonly output: PayloadCodec<Resp>;
  /** Default deadline of a call (.grid `timeout`), if any. */
  readonly timeoutMs?: number;
  /** Static subroutes the handler is declared under (.grid `subroutes`). */
  readonly subroutes: readonly string[];
}

/** The facts of one stream handler; a null codec means that direction carries nothing. */
export interface StreamSpec<P, In, Out> {
  readonly id: number;
  readonly name: string;
  readonly payload: PayloadCodec<P> | null;
  readonly input: PayloadCodec<In> | null;
  readonly output: PayloadCodec<Out>;
  readonly inCapacity: number;
  readonly outCapacity: number;
  readonly stateless?: boolean;
  readonly timeoutMs?: number;
  readonly subroutes: readonly string[];
}

/** The `payload` of a stream spec whose stream has no initial payload (typed so the payload parameter is `null`). */
export const NO_PAYLOAD: PayloadCodec<null> | null = null;
/** The `input` of a stream spec whose stream has no input direction (typed so the input items are `never`). */
export const NO_INPUT: PayloadCodec<never> | null = null;

/** Registration options of a generated register function; `subroute` is one the service declares. */
export interface RegisterServiceOptions<S extends string> {
  subroute?: S;
}

/**
 * A subroute the .grid does not declare for that handler or service. Thrown for
 * JS callers (TypeScript callers get a compile error instead) so a typo does not
 * silently register or call a handler nobody can reach.
 */
export class UndeclaredSubrouteError extends Error {
  override readonly name = "UndeclaredSubrouteError";
  constructor(
    readonly where: string,
    readonly subroute: string,
    readonly declared: readonly string[],
  ) {
    super(
      `${where}: subroute ${JSON.stringify(subroute)} is not declared in the .grid (${declared.length === 0 ? "it declares no subroutes" : `declared: ${declared.map((s) => JSON.stringify(s)).join(", ")}`}); add it to the handler's subroutes = [...] or pass a declared one`,
    );
  }
}


/** Whether `subroute` was asked for but is not among `declared` (the rule every helper below applies). */
function undeclared(subroute: string | undefined, declared: readonly string[]): subroute is string {
  return subroute !== undefined && !declared.includes(subroute);
}

function checkedOptions(spec: { readonly name: string; readonly subroutes: readonly string[] }, o: CallOptions<string>, timeoutMs: number | undefined): RequestOptions {
  if (undeclared(o.subroute, spec.subroutes)) throw new UndeclaredSubrouteError(spec.name, o.subroute, spec.subroutes);
  return callOptions(o, timeoutMs);
}

/** One typed single call: encode, request (default deadline from the spec), decode. */
export async function callSingle<Req, Resp>(conn: GridCaller, spec: SingleSpec<Req, Resp>, req: Req, opts: CallOptions<string>): Promise<Resp> {
  const o = checkedOptions(spec, opts, spec.timeoutMs);
  const res = await conn.request(spec.id, spec.payload.encode(req), o);
  return spec.output.decode(res ?? EMPTY_BYTES);
}

/** Opens a typed stream; capacities come from the spec, so no local registration is needed. */
export function openTypedStream<P, In, Out>(conn: GridCaller, spec: StreamSpec<P, In, Out>, payload: P, opts: CallOptions<string>): TypedStream<In, Out> {
  const s = conn.openStream(spec.id, {
    ...checkedOptions(spec, opts, spec.timeoutMs),
    payload: spec.payload === null ? null : spec.payload.encode(payload),
    inCapacity: spec.inCapacity,
    outCapacity: spec.outCapacity,
  });
  const input = spec.input;
  const output = spec.output;
  return typedStream(s, input === null ? noInput : (x: In) => input.encode(x), (b) => output.decode(b));
}

/**
 * Checks a register function's subroute against what the service declares
 * (`declared` = every handler's subroutes) before anything is registered.
 */
export function checkServiceSubroute(service: string, opts: RegisterServiceOptions<string>, declared: readonly string[]): void {
  if (undeclared(opts.subroute, declared)) throw new UndeclaredSubrouteError(`register${service}Service`, opts.subroute, declared);
}

/**
 * Registers a single handler unless a subroute is asked for that this handler
 * does not declare (then it is not reachable there by a typed client: skipped).
 */
export function serveSingle<Req, Resp>(
  manager: GridRegistrar,
  spec: SingleSpec<Req, Resp>,
  handle: (req: Req, ctx: HandlerContext) => Promise<Resp> | Resp,
  opts: RegisterServiceOptions<string>,
): void {
  if (undeclared(opts.subroute, spec.subroutes)) return;
  const sub = opts.subroute === undefined ? {} : { subroute: opts.subroute };
  manager.registerSingle(spec.id, async (p, ctx) => spec.output.encode(await handle(spec.payload.decode(p ?? EMPTY_BYTES), ctx)), sub);
}

/** Registers a stream handler (same subroute rule as serveSingle) with the spec's capacities. */
export function serveStream<P, In, Out>(
  manager: GridRegistrar,
  spec: StreamSpec<P, In, Out>,
  handle: (payload: P, requests: AsyncIterable<In>, ctx: HandlerContext) => AsyncIterable<Out>,
  opts: RegisterServiceOptions<string>,
): void {
  if (undeclared(opts.subroute, spec.subroutes)) return;
  const { payload, input, output } = spec;
  manager.registerStream(
    spec.id,
    (p, reqs, ctx) => {
      // A spec without a payload codec is only emitted with P = null.
      const pay = payload === null ? (null as P) : payload.decode(p ?? EMPTY_BYTES);
      const ins: AsyncIterable<In> = input === null ? noRequests(reqs) : mapAsync(reqs, (b) => input.decode(b));
      return mapAsync(handle(pay, ins, ctx), (x) => output.encode(x));
    },
    {
      ...(opts.subroute === undefined ? {} : { subroute: opts.subroute }),
      inCapacity: spec.inCapacity,
      outCapacity: spec.outCapacity,
      ...(spec.stateless === true ? { stateless: true } : {}),
    },
  );
}
