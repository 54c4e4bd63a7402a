// The one interface every locker implements, local or remote (spec 3). dsync only ever talks
// to lockers through it, which is what lets tests swap in slow, refusing or unreachable ones.
import type { LockArgs } from "./lock-args.js";

/** Per-call cancellation: Go's context as a signal plus an absolute deadline (ms since epoch). */
export interface LockCallOptions {
  readonly signal?: AbortSignal | undefined;
  readonly deadline?: number | undefined;
}

/**
 * A lock server as dsync sees it. Each operation resolves to MinIO's `ok` and rejects where
 * MinIO returns an error; dsync counts a rejection as "not granted" / "offline" / "not released".
 */
export interface NetLocker {
  /** Exclusive lock on all `args.resources` at once. */
  lock(args: LockArgs, opts?: LockCallOptions): Promise<boolean>;
  /** Shared lock on the single name in `args.resources`. */
  rLock(args: LockArgs, opts?: LockCallOptions): Promise<boolean>;
  /** Release an exclusive lock; dsync treats "resolved" as released whatever the boolean says. */
  unlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean>;
  /** Release one shared holder; same "resolved = released" rule. */
  rUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean>;
  /** Keep `args.uid` alive; false means "lock not found", which counts toward losing it. */
  refresh(args: LockArgs, opts?: LockCallOptions): Promise<boolean>;
  /** Remove locks regardless of owner: by UID, or by resource names when `uid` is "". */
  forceUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean>;
  /** Whether the locker is currently reachable; dsync itself never consults it. */
  isOnline(): boolean;
  /** True for the in-process locker. */
  isLocal(): boolean;
  /** Endpoint description for logs. */
  toString(): string;
  /** Release resources held by the locker client (a no-op in MinIO). */
  close(): Promise<void>;
}
