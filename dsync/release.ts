// Release helpers shared by Unlock, failed attempts and the late-grant drain (spec 2.10).
import { callWithin } from "./call-deadline.js";
import type { LockArgs } from "./lock-args.js";
import type { NetLocker } from "./net-locker.js";
import { failedUnlocks } from "./quorum.js";

/** One release to one locker; true iff it completed without error (its ok flag is ignored). */
export async function sendRelease(
  locker: NetLocker | null | undefined,
  owner: string,
  uid: string,
  isRead: boolean,
  names: readonly string[],
  unlockCallMs: number,
): Promise<boolean> {
  if (!locker || uid === "") return false;
  const args: LockArgs = { uid, resources: names, source: "", owner, quorum: undefined };
  try {
    await callWithin((o) => (isRead ? locker.rUnlock(args, o) : locker.unlock(args, o)), { deadline: Date.now() + unlockCallMs });
    return true;
  } catch {
    return false;
  }
}

/**
 * Releases every recorded grant in parallel, clearing the entries that succeeded, and says
 * whether few enough remain unreleased for the release to count.
 */
export async function releaseAll(
  tolerance: number,
  owner: string,
  locks: string[],
  isRead: boolean,
  lockers: ReadonlyArray<NetLocker | null>,
  names: readonly string[],
  unlockCallMs: number,
): Promise<boolean> {
  await Promise.all(
    locks.map(async (uid, i) => {
      if (uid === "") return;
      if (await sendRelease(lockers[i], owner, uid, isRead, names, unlockCallMs)) locks[i] = "";
    }),
  );
  return !failedUnlocks(locks, tolerance);
}
