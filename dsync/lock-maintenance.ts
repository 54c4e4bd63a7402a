// The server's stale-lock sweep (spec 4.9): without it a crashed client's grants would block
// their names forever. Re-armed after each sweep, like MinIO, so sweeps never overlap.
import { LOCK_VALIDITY_MS, type LocalLocker } from "./local-locker.js";

/** MinIO's lockMaintenanceInterval. */
export const LOCK_MAINTENANCE_INTERVAL_MS = 60_000;

/** Sweep period and entry validity; tests shrink both. */
export interface MaintenanceOptions {
  intervalMs?: number;
  validityMs?: number;
  /** Stops the loop. */
  signal?: AbortSignal;
}

/** Starts the sweep loop; returns a stop function. The timer does not keep the process alive. */
export function startLockMaintenance(locker: LocalLocker, opts: MaintenanceOptions = {}): () => void {
  const interval = opts.intervalMs ?? LOCK_MAINTENANCE_INTERVAL_MS;
  const validity = opts.validityMs ?? LOCK_VALIDITY_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      locker.expireOldLocks(validity);
      arm();
    }, interval);
    timer.unref();
  };
  const stop = (): void => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
  opts.signal?.addEventListener("abort", stop, { once: true });
  arm();
  return stop;
}
