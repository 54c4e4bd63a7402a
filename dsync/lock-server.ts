// Serves a LocalLocker on a grid manager as MinIO's six lock handlers (spec 5.1, 5.2), and
// runs the stale-lock sweep next to it, as MinIO's lock REST server does.
import type { HandlerContext } from "../runtime/handlers.js";
import type { WireProfile } from "../runtime/wire/profile.js";
import type { LocalLocker } from "./local-locker.js";
import { LockOp, type LockArgs, type LockOpId } from "./lock-args.js";
import { decodeLockArgs, encodeLockResp } from "./lock-codec.js";
import { startLockMaintenance, type MaintenanceOptions } from "./lock-maintenance.js";
import { toLockResponse, type LockerOutcome } from "./lock-resp-mapping.js";

/** The registration surface of a grid Manager that the lock service needs. */
export interface SingleHandlerHost {
  registerSingle(handlerId: number, fn: (payload: Uint8Array | null, ctx: HandlerContext) => Promise<Uint8Array | null>): void;
}

/** Options of the lock service. */
export interface LockServerOptions {
  /** LockArgs layout to decode: "2024-04" (reference) or "current" (HEAD). Default "current". */
  profile?: WireProfile;
  /** Sweep settings, or false for none (MinIO runs it only in distributed mode). */
  maintenance?: MaintenanceOptions | false;
}

const EMPTY = new Uint8Array(0);

/**
 * Registers handlers 1..6 on `host` (a Manager on the lock route) for `locker`; returns a
 * function that stops the maintenance loop. A payload that does not decode is answered with
 * a grid error carrying the decoder's text, as Go's handler wrapper does.
 */
export function registerLockService(host: SingleHandlerHost, locker: LocalLocker, opts: LockServerOptions = {}): () => void {
  const profile = opts.profile ?? "current";
  const ops: [LockOpId, (a: LockArgs) => Promise<boolean>][] = [
    [LockOp.Lock, (a) => locker.lock(a)],
    [LockOp.RLock, (a) => locker.rLock(a)],
    [LockOp.Unlock, (a) => locker.unlock(a)],
    [LockOp.RUnlock, (a) => locker.rUnlock(a)],
    [LockOp.Refresh, (a) => locker.refresh(a)],
    [LockOp.ForceUnlock, (a) => locker.forceUnlock(a)],
  ];
  for (const [id, run] of ops) {
    host.registerSingle(id, async (payload) => {
      const args = decodeLockArgs(payload ?? EMPTY, profile);
      let outcome: LockerOutcome;
      try {
        outcome = { ok: await run(args) };
      } catch (error) {
        outcome = { error };
      }
      return encodeLockResp(toLockResponse(id, outcome));
    });
  }
  return opts.maintenance === false ? () => {} : startLockMaintenance(locker, opts.maintenance ?? {});
}
