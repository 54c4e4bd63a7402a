// Bridges dsync's layout-independent LockArgs/LockResponse and the generated lock service of
// each wire layout (generated/dsync/lock.ts = reference "2024-04", lock-current.ts = HEAD).
import * as ref from "../generated/dsync/lock.js";
import * as cur from "../generated/dsync/lock-current.js";
import type { Connection } from "../runtime/connection.js";
import type { HandlerContext } from "../runtime/handlers.js";
import type { WireProfile } from "../runtime/wire/profile.js";
import type { LockArgs, LockOpId, LockResponse } from "./lock-args.js";
import { LockOp } from "./lock-args.js";

/** What a generated LockClient call looks like, for either layout. */
type ClientCall = (a: LockArgs, o: { signal?: AbortSignal; deadline?: number }) => Promise<LockResponse>;

/** The six typed calls of one peer, in dsync's types. */
export type LockCalls = Record<LockOpId, ClientCall>;

function toRef(a: LockArgs): ref.LockArgs {
  return { UID: a.uid, Resources: [...a.resources], Source: a.source, Owner: a.owner, Quorum: a.quorum ?? 0 };
}
function toCur(a: LockArgs): cur.LockArgs {
  return { UID: a.uid, Resources: [...a.resources], Owner: a.owner, Source: a.source, Quorum: a.quorum ?? null };
}
function fromRef(a: ref.LockArgs): LockArgs {
  return { uid: a.UID, resources: a.Resources, source: a.Source, owner: a.Owner, quorum: a.Quorum };
}
function fromCur(a: cur.LockArgs): LockArgs {
  return { uid: a.UID, resources: a.Resources, source: a.Source, owner: a.Owner, quorum: a.Quorum ?? undefined };
}
function resp(r: { Code: number; Err: string }): LockResponse {
  return { code: r.Code, err: r.Err };
}

/** The six methods every generated LockClient has, whatever its LockArgs layout. */
type GeneratedLockClient<A> = Record<
  "lock" | "rLock" | "unlock" | "rUnlock" | "refresh" | "forceUnlock",
  (a: A, o: { signal?: AbortSignal; deadline?: number }) => Promise<{ Code: number; Err: string }>
>;

function callsOver<A>(c: GeneratedLockClient<A>, toWire: (a: LockArgs) => A): LockCalls {
  return {
    [LockOp.Lock]: async (a, o) => resp(await c.lock(toWire(a), o)),
    [LockOp.RLock]: async (a, o) => resp(await c.rLock(toWire(a), o)),
    [LockOp.Unlock]: async (a, o) => resp(await c.unlock(toWire(a), o)),
    [LockOp.RUnlock]: async (a, o) => resp(await c.rUnlock(toWire(a), o)),
    [LockOp.Refresh]: async (a, o) => resp(await c.refresh(toWire(a), o)),
    [LockOp.ForceUnlock]: async (a, o) => resp(await c.forceUnlock(toWire(a), o)),
  };
}

/** Typed calls over the generated client of the chosen layout. */
export function lockCalls(conn: Pick<Connection, "request" | "openStream">, profile: WireProfile): LockCalls {
  return profile === "2024-04" ? callsOver(new ref.LockClient(conn), toRef) : callsOver(new cur.LockClient(conn), toCur);
}

/** A server implementation in dsync's types: one function answering every operation. */
export type LockHandler = (op: LockOpId, args: LockArgs, ctx: HandlerContext) => Promise<LockResponse>;

/** A generated LockServer implementation over `handle`, whatever the LockArgs layout `A`. */
function serverOver<A>(fromWire: (a: A) => LockArgs, handle: LockHandler) {
  const h = (op: LockOpId) => async (a: A, ctx: HandlerContext) => {
    const r = await handle(op, fromWire(a), ctx);
    return { Code: r.code, Err: r.err };
  };
  return {
    lock: h(LockOp.Lock),
    rLock: h(LockOp.RLock),
    unlock: h(LockOp.Unlock),
    rUnlock: h(LockOp.RUnlock),
    refresh: h(LockOp.Refresh),
    forceUnlock: h(LockOp.ForceUnlock),
  };
}

/** Registers `handle` through the generated server interface of the chosen layout. */
export function registerLockHandlers(manager: Pick<ref.GridRegistrar, "registerSingle" | "registerStream">, profile: WireProfile, handle: LockHandler): void {
  if (profile === "2024-04") ref.registerLockService(manager, serverOver(fromRef, handle));
  else cur.registerLockService(manager, serverOver(fromCur, handle));
}

/** Payload bytes of LockArgs as the generated encoder of the layout writes them. */
export function encodeLockArgsGenerated(a: LockArgs, profile: WireProfile): Uint8Array {
  return profile === "2024-04" ? ref.LockArgsCodec.encode(toRef(a)) : cur.LockArgsCodec.encode(toCur(a));
}

/** LockArgs decoded by the generated decoder of the layout. */
export function decodeLockArgsGenerated(b: Uint8Array, profile: WireProfile): LockArgs {
  return profile === "2024-04" ? fromRef(ref.LockArgsCodec.decode(b)) : fromCur(cur.LockArgsCodec.decode(b));
}
