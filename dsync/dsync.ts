// The configuration a DRWMutex runs against (MinIO's Dsync object, spec 2.1): where the
// lockers come from and how long each kind of call may take.
import type { NetLocker } from "./net-locker.js";

/** Per-call budgets (spec 2.1), in ms. */
export interface DsyncTimeouts {
  /** How long one acquisition attempt collects answers. */
  acquireMs: number;
  /** Deadline of each Refresh call. */
  refreshCallMs: number;
  /** Deadline of each Unlock/RUnlock call. */
  unlockCallMs: number;
  /** Shared deadline of the force-unlock fan-out. */
  forceUnlockCallMs: number;
  /**
   * How long dsync waits for each Lock/RLock call. MinIO passes no deadline and relies on the
   * grid's 60 s default; we pass none either but stop waiting locally (DECISIONS.md D9).
   */
  lockCallMs: number;
  /** Unlock stops retrying this long after it was called (MinIO HEAD's bound, DECISIONS.md D2). */
  releaseRetryBudgetMs: number;
}

/** MinIO's defaults. */
export const DEFAULT_TIMEOUTS: DsyncTimeouts = {
  acquireMs: 1_000,
  refreshCallMs: 5_000,
  unlockCallMs: 30_000,
  forceUnlockCallMs: 30_000,
  lockCallMs: 60_000,
  releaseRetryBudgetMs: 30_000,
};

/** What GetLockers() returns: a fixed-order list (entries may be absent) and this node's name. */
export interface LockerList {
  readonly lockers: ReadonlyArray<NetLocker | null>;
  readonly owner: string;
}

/** MinIO's Dsync: called again on every operation, so a caller may swap clients but not reorder them. */
export interface Dsync {
  getLockers(): LockerList;
  timeouts?: Partial<DsyncTimeouts>;
}

/** Fills in defaults for the timeouts a Dsync leaves out. */
export function resolveTimeouts(d: Dsync): DsyncTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...d.timeouts };
}
