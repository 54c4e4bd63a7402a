// The lock request/response as dsync code sees it, independent of which wire layout
// (reference or HEAD) the grid locker encodes it with.

/**
 * Arguments of every lock call (MinIO dsync.LockArgs). `quorum` is undefined for release,
 * refresh and force-unlock calls: the reference layout writes 0 there, HEAD writes nil.
 */
export interface LockArgs {
  readonly uid: string;
  readonly resources: readonly string[];
  readonly source: string;
  readonly owner: string;
  readonly quorum?: number | undefined;
}

/** Numeric response codes of LockResp (MinIO dsync.ResponseCode). */
export const ResponseCode = {
  OK: 0,
  LockConflict: 1,
  LockNotInitialized: 2,
  LockNotFound: 3,
  Err: 4,
} as const;

/** Wire reply of every lock handler: a code and, for code 4, MinIO's error text. */
export interface LockResponse {
  readonly code: number;
  readonly err: string;
}

/** The six lock operations, named as in the handler table (spec 5.1) with their ids. */
export const LockOp = {
  Lock: 1,
  RLock: 2,
  Unlock: 3,
  RUnlock: 4,
  Refresh: 5,
  ForceUnlock: 6,
} as const;

/** One of the lock operation ids 1..6. */
export type LockOpId = (typeof LockOp)[keyof typeof LockOp];

/** Builds LockArgs with MinIO's zero values for the fields a call leaves out. */
export function lockArgs(p: Partial<LockArgs> & { uid: string }): LockArgs {
  return { uid: p.uid, resources: p.resources ?? [], source: p.source ?? "", owner: p.owner ?? "", quorum: p.quorum };
}
