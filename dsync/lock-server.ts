// Serves a LocalLocker through the generated lock service (handlers 1..6, spec 5.1, 5.2), and
// runs the stale-lock sweep next to it, as MinIO's lock REST server does.
import type { GridRegistrar } from "../generated/dsync/lock.js";
import type { WireProfile } from "../runtime/wire/profile.js";
import type { LocalLocker } from "./local-locker.js";
import { LockOp, type LockArgs, type LockOpId } from "./lock-args.js";
import { startLockMaintenance, type MaintenanceOptions } from "./lock-maintenance.js";
import { toLockResponse, type LockerOutcome } from "./lock-resp-mapping.js";
import { registerLockHandlers } from "./lock-wire.js";

/** Options of the lock service. */
export interface LockServerOptions {
  /** LockArgs layout to decode: "2024-04" (reference) or "current" (HEAD). Default "current". */
  profile?: WireProfile;
  /** Sweep settings, or false for none (MinIO runs it only in distributed mode). */
  maintenance?: MaintenanceOptions | false;
}

/**
 * Registers handlers 1..6 on `manager` (a Manager on the lock route) for `locker`; returns a
 * function that stops the maintenance loop. A payload that does not decode is answered by the
 * generated wrapper with a grid error carrying the decoder's text, as Go's handler wrapper does.
 * Like the reference server, the locker runs without the caller's context.
 */
export function registerLockService(manager: GridRegistrar, locker: LocalLocker, opts: LockServerOptions = {}): () => void {
  const run: Record<LockOpId, (a: LockArgs) => Promise<boolean>> = {
    [LockOp.Lock]: (a) => locker.lock(a),
    [LockOp.RLock]: (a) => locker.rLock(a),
    [LockOp.Unlock]: (a) => locker.unlock(a),
    [LockOp.RUnlock]: (a) => locker.rUnlock(a),
    [LockOp.Refresh]: (a) => locker.refresh(a),
    [LockOp.ForceUnlock]: (a) => locker.forceUnlock(a),
  };
  registerLockHandlers(manager, opts.profile ?? "current", async (op, args) => {
    let outcome: LockerOutcome;
    try {
      outcome = { ok: await run[op](args) };
    } catch (error) {
      outcome = { error };
    }
    return toLockResponse(op, outcome);
  });
  return opts.maintenance === false ? () => {} : startLockMaintenance(locker, opts.maintenance ?? {});
}
