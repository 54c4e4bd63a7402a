// Public surface of dsync: the distributed RW mutex, the lockers it runs over, and the lock
// server that serves a local locker on MinIO's lock grid route.
export { DRWMutex, forceUnlockResources, REFRESH_INTERVAL_MS, type AcquireOptions, type DRWMutexOptions } from "./drwmutex.js";
export { DEFAULT_TIMEOUTS, resolveTimeouts, type Dsync, type DsyncTimeouts, type LockerList } from "./dsync.js";
export type { NetLocker, LockCallOptions } from "./net-locker.js";
export { LocalLocker, MAX_LOCK_RESOURCES, DEFAULT_MAX_WAITERS, LOCK_VALIDITY_MS, type LocalLockerOptions, type LockEntry, type LocalLockerStats } from "./local-locker.js";
export { startLockMaintenance, LOCK_MAINTENANCE_INTERVAL_MS, type MaintenanceOptions } from "./lock-maintenance.js";
export { GridLocker } from "./grid-locker.js";
export { registerLockService, type LockServerOptions } from "./lock-server.js";
export { LockNode, type LockNodeOptions } from "./lock-node.js";
export { lockArgs, LockOp, ResponseCode, type LockArgs, type LockOpId, type LockResponse } from "./lock-args.js";
export { quorumFor, unlockTolerance, failedUnlocks, type Quorum } from "./quorum.js";
export { backoffMs, seededRng, retryMinIntervalFromEnv, LOCK_RETRY_MIN_INTERVAL_MS, type Rng } from "./backoff.js";
export { DsyncError, DsyncUsageError, NotLockedError, LockerError, LockNotInitializedError, LockCanceledError, LockDeadlineError, LockLostError } from "./errors.js";
export { findExclusionViolations, type Hold, type ExclusionViolation } from "./exclusion-check.js";
export { runLockDemo, type LockDemoOptions, type LockDemoResult } from "./demo.js";
export { callerSource, UNKNOWN_SOURCE } from "./source.js";
export { encodeLockerSnapshot, decodeLockerSnapshot, writeLockMap, readLockMap, writeLockRequesterInfo, readLockRequesterInfo, writeLockStats, readLockStats, msToGoTime, type LockerSnapshot, type LockRequesterInfo, type LockStatsSnapshot } from "./lock-snapshot.js";
export { topLockEntries, type PeerLocks, type TopLockEntry, type TopLockOptions } from "./top-locks.js";
