// Quorum arithmetic (spec 2.4, 2.10), kept pure so the tables in the spec are tested directly.

/** Grants needed and failures absorbable for one acquisition over `n` lockers. */
export interface Quorum {
  readonly quorum: number;
  readonly tolerance: number;
}

/** Read quorum ceil(n/2); write quorum floor(n/2)+1 so two halves of a split cluster cannot both write. */
export function quorumFor(n: number, isWrite: boolean): Quorum {
  let tolerance = Math.floor(n / 2);
  let quorum = n - tolerance;
  if (isWrite && quorum === tolerance) quorum++;
  tolerance = n - quorum;
  return { quorum, tolerance };
}

/** Tolerance used by Unlock: floor(n/2) for both kinds, not the acquisition tolerance. */
export function unlockTolerance(n: number): number {
  return Math.floor(n / 2);
}

/**
 * Whether too many grants are still unreleased (MinIO failedUnlocks): with n even and tolerance
 * n/2 the rule is strict (>=), otherwise >.
 */
export function failedUnlocks(locks: readonly string[], tolerance: number): boolean {
  const stillHeld = locks.filter((uid) => uid !== "").length;
  if (locks.length - tolerance === tolerance) return stillHeld >= tolerance;
  return stillHeld > tolerance;
}
