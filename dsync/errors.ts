// Typed errors of dsync. Go panics and ad-hoc error strings become classes here so callers can
// tell "you called it wrong" (DsyncUsageError) from "a locker said no" (LockerError).

/** Base of every dsync error; `code` is stable for programs to switch on. */
export class DsyncError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A caller mistake that Go would turn into a panic or a silent never-succeeding lock
 * (no lockers, empty UID, multi-name read lock, unlock without a lock). Fix the call site.
 */
export class DsyncUsageError extends DsyncError {
  constructor(message: string) {
    super(message, "USAGE");
  }
}

/**
 * Unlock/RUnlock on a mutex that holds no matching grant (Go: "Trying to Unlock() while no
 * Lock() is active", a panic). Thrown instead of crashing the process.
 */
export class NotLockedError extends DsyncError {
  constructor(readonly kind: "write" | "read", names: readonly string[]) {
    super(
      kind === "write"
        ? `Unlock() called while no Lock() is active on [${names.join(", ")}]: acquire with lock() first, or call rUnlock() for a read lock`
        : `RUnlock() called while no RLock() is active on [${names.join(", ")}]: acquire with rLock() first, or call unlock() for a write lock`,
      "NOT_LOCKED",
    );
  }
}

/**
 * A lock server rejected a request with an error (MinIO's local-locker errors, or RespErr
 * over the wire). The text is MinIO's where MinIO has one, so logs read the same.
 */
export class LockerError extends DsyncError {
  constructor(message: string, code = "LOCKER") {
    super(message, code);
  }
}

/** RespLockNotInitialized (code 2) from a remote locker: MinIO's "lock not initialized" sentinel. */
export class LockNotInitializedError extends LockerError {
  constructor() {
    super("lock not initialized", "NOT_INITIALIZED");
  }
}

/** The operation's signal was aborted before the locker ran it (Go: "context canceled"). */
export class LockCanceledError extends DsyncError {
  constructor(readonly reason?: unknown) {
    super("context canceled", "CANCELED");
  }
}

/** The operation's deadline passed before a locker answered (Go: "context deadline exceeded"). */
export class LockDeadlineError extends DsyncError {
  constructor() {
    super("context deadline exceeded", "DEADLINE");
  }
}

/** Reason of the lost-lock AbortSignal: a refresh round found too few lockers still holding it. */
export class LockLostError extends DsyncError {
  constructor(names: readonly string[]) {
    super(`lock on [${names.join(", ")}] lost: too many lockers no longer hold it; stop the protected work and re-acquire`, "LOST");
  }
}
