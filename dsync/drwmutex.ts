// The distributed read/write mutex (spec 2): broadcast to every locker, succeed on quorum,
// refresh while held, release on unlock. Behaviour follows MinIO's reference commit except
// where DECISIONS.md says otherwise.
import { randomUUID } from "node:crypto";
import { backoffMs, LOCK_RETRY_MIN_INTERVAL_MS, unlockRetrySleepMs, type Rng } from "./backoff.js";
import { callWithin } from "./call-deadline.js";
import { resolveTimeouts, type Dsync, type DsyncTimeouts } from "./dsync.js";
import { DsyncUsageError, LockLostError, NotLockedError } from "./errors.js";
import type { LockArgs } from "./lock-args.js";
import type { NetLocker } from "./net-locker.js";
import { quorumFor, unlockTolerance } from "./quorum.js";
import { releaseAll, sendRelease } from "./release.js";
import { callerSource } from "./source.js";

/** MinIO's refresh interval. */
export const REFRESH_INTERVAL_MS = 10_000;

/** Options of one acquisition (MinIO GetLock/GetRLock options plus its context). */
export interface AcquireOptions {
  /** Lock UID on every locker; default this mutex's `id`. Must be non-empty. */
  id?: string;
  /** Free-form caller description, stored by the lockers; default the caller's `[file.ts:LINE:function()]` (callerSource). */
  source?: string;
  /** Overall budget; default Infinity (MinIO's blocking Lock/RLock). */
  timeoutMs?: number;
  /** <0: one attempt only; >0: fixed sleep between attempts; 0 (default): randomized backoff. */
  retryIntervalMs?: number;
  /** Caller cancellation: ends the acquisition (returns false) and cuts retry sleeps short. */
  signal?: AbortSignal;
  /** Called once if a refresh round finds the lock lost (after the force-unlock went out). */
  onLost?: () => void;
}

/** Construction knobs; tests shrink the intervals and inject the random source. */
export interface DRWMutexOptions {
  /** Uniform [0,1) source for backoff and unlock sleeps; default Math.random. */
  rng?: Rng;
  refreshIntervalMs?: number;
  /** MinIO lockRetryMinInterval (see retryMinIntervalFromEnv). */
  retryMinIntervalMs?: number;
  /** Default UID; MinIO's namespace lock uses a fresh UUID per mutex, so do we. */
  id?: string;
}

/** Compares strings by their UTF-8 bytes, as Go's sort.Strings does. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** A distributed RW mutex over the lockers of one Dsync. One object may serve several concurrent callers. */
export class DRWMutex {
  /** Resource names, sorted byte-wise. */
  readonly names: readonly string[];
  /** Default UID of acquisitions. */
  readonly id: string;
  private readonly timeouts: DsyncTimeouts;
  private readonly rng: Rng;
  private readonly refreshIntervalMs: number;
  private readonly retryMinMs: number;
  private writeLocks: string[];
  private readLocks: string[];
  private cancelRefresh: (() => void) | undefined;
  private lost: AbortSignal | undefined;

  constructor(
    private readonly dsync: Dsync,
    names: readonly string[],
    opts: DRWMutexOptions = {},
  ) {
    if (names.length === 0) throw new DsyncUsageError("DRWMutex needs at least one resource name");
    this.names = [...names].sort(byteOrder);
    this.id = opts.id ?? randomUUID();
    if (this.id === "") throw new DsyncUsageError("DRWMutex id must be non-empty: \"\" is the not-granted marker");
    this.timeouts = resolveTimeouts(dsync);
    this.rng = opts.rng ?? Math.random;
    this.refreshIntervalMs = opts.refreshIntervalMs ?? REFRESH_INTERVAL_MS;
    this.retryMinMs = opts.retryMinIntervalMs ?? LOCK_RETRY_MIN_INTERVAL_MS;
    const n = dsync.getLockers().lockers.length;
    this.writeLocks = new Array<string>(n).fill("");
    this.readLocks = new Array<string>(n).fill("");
  }

  /** Aborts when the latest successful acquisition is found lost; undefined before any success. */
  get lostSignal(): AbortSignal | undefined {
    return this.lost;
  }

  /** Write lock; true when held. Without a timeout it waits until granted or `signal` aborts. */
  lock(opts: AcquireOptions = {}): Promise<boolean> {
    // Depth 1 = whoever called lock(), as MinIO's getSource names the caller of GetLock.
    return this.lockBlocking(false, opts, opts.source ?? callerSource(1));
  }

  /** Read lock on the single name of this mutex; same contract as lock(). */
  rLock(opts: AcquireOptions = {}): Promise<boolean> {
    return this.lockBlocking(true, opts, opts.source ?? callerSource(1));
  }

  /** Releases the write grants; resolves true once enough lockers confirmed, false if it gave up. */
  unlock(): Promise<boolean> {
    return this.release(false);
  }

  /** Releases the read grants; same contract as unlock(). */
  rUnlock(): Promise<boolean> {
    return this.release(true);
  }

  /**
   * Removes every lock held under `id` (default this mutex's) on all lockers, whoever owns it;
   * resolves to how many lockers reported removing something.
   */
  async forceUnlock(id: string = this.id): Promise<number> {
    if (id === "") throw new DsyncUsageError("forceUnlock needs a non-empty id; use forceUnlockResources() to unlock by name");
    return forceUnlockAll(this.dsync.getLockers().lockers, { uid: id, resources: [], source: "", owner: "" }, this.timeouts.forceUnlockCallMs);
  }

  private async lockBlocking(isRead: boolean, opts: AcquireOptions, source: string): Promise<boolean> {
    const id = opts.id ?? this.id;
    if (id === "") throw new DsyncUsageError("lock id must be non-empty: \"\" is the not-granted marker");
    if (isRead && this.names.length !== 1) {
      throw new DsyncUsageError(`rLock needs exactly one resource name, this mutex has ${this.names.length}: MinIO lockers refuse multi-name read locks`);
    }
    const n = this.dsync.getLockers().lockers.length;
    if (n === 0) throw new DsyncUsageError("no lockers configured: getLockers() returned an empty list");
    if (n !== this.writeLocks.length) {
      throw new DsyncUsageError(`getLockers() returned ${n} lockers, but this mutex was created with ${this.writeLocks.length}: the list must keep its length and order`);
    }
    const { quorum, tolerance } = quorumFor(n, !isRead);
    const timeout = opts.timeoutMs ?? Infinity;
    const deadline = Date.now() + timeout;
    const retry = opts.retryIntervalMs ?? 0;
    const locks = new Array<string>(n).fill("");
    let attempt = 0;
    for (;;) {
      if (opts.signal?.aborted || Date.now() >= deadline) return false;
      if (await this.tryOnce(locks, id, source, isRead, tolerance, quorum, deadline, opts.signal)) {
        if (isRead) this.readLocks = [...locks];
        else this.writeLocks = [...locks];
        this.startRefresh(id, quorum, opts.onLost);
        return true;
      }
      if (retry < 0) return false;
      await sleep(retry > 0 ? retry : backoffMs(++attempt, this.rng, this.retryMinMs), opts.signal);
    }
  }

  // One acquisition attempt (spec 2.6): fan out, collect until quorum is impossible, all
  // answered, or the attempt window ends; release grants of a failed attempt; drain late ones.
  private async tryOnce(
    locks: string[],
    id: string,
    source: string,
    isRead: boolean,
    tolerance: number,
    quorum: number,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    locks.fill("");
    const { lockers, owner } = this.dsync.getLockers();
    const n = locks.length;
    if (lockers.length !== n) throw new DsyncUsageError(`getLockers() changed length from ${n} to ${lockers.length} while locking`);
    const args: LockArgs = { uid: id, resources: this.names, source, owner, quorum };
    const attemptEnd = Math.min(deadline, Date.now() + this.timeouts.acquireMs);
    const callDeadline = Date.now() + this.timeouts.lockCallMs;
    // The calls deliberately do not see the attempt's end or the caller's signal (spec 9):
    // they run to completion so that a late grant can be released. No deadline is passed, so
    // the grid sends its default DeadlineMS 60000 exactly as Go does; we stop waiting locally
    // after lockCallMs.
    const calls = lockers.map((l) =>
      l === null
        ? Promise.resolve(false)
        : callWithin(() => (isRead ? l.rLock(args) : l.lock(args)), { deadline: callDeadline }).catch(() => false),
    );
    const consumed = new Array<boolean>(n).fill(false);
    let failed = 0;
    await new Promise<void>((resolve) => {
      let received = 0;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onEnd);
        resolve();
      };
      // Everything still outstanding when the window closes counts as failed (spec 11.4).
      const onEnd = (): void => {
        if (done) return;
        failed += n - received;
        finish();
      };
      const timer = setTimeout(onEnd, Math.min(Math.max(0, attemptEnd - Date.now()), 2 ** 31 - 1));
      signal?.addEventListener("abort", onEnd, { once: true });
      calls.forEach((p, i) => {
        void p.then((ok) => {
          if (done) return;
          consumed[i] = true;
          received++;
          if (ok) locks[i] = id;
          else failed++;
          if (failed > tolerance || received === n) finish();
        });
      });
    });
    const granted = locks.filter((u) => u !== "").length;
    const ok = granted >= quorum && failed <= tolerance;
    if (!ok) await releaseAll(tolerance, owner, locks, isRead, lockers, this.names, this.timeouts.unlockCallMs);
    void this.drainLateGrants(calls, consumed, lockers, owner, id, isRead);
    return ok;
  }

  // A grant nobody recorded is always released, once its call completes (spec 2.6 step 9).
  private async drainLateGrants(
    calls: Promise<boolean>[],
    consumed: boolean[],
    lockers: ReadonlyArray<NetLocker | null>,
    owner: string,
    id: string,
    isRead: boolean,
  ): Promise<void> {
    await Promise.all(
      calls.map(async (p, i) => {
        if (consumed[i]) return;
        if (await p) await sendRelease(lockers[i], owner, id, isRead, this.names, this.timeouts.unlockCallMs);
      }),
    );
  }

  private startRefresh(id: string, quorum: number, onLost: (() => void) | undefined): void {
    const stop = new AbortController();
    const lost = new AbortController();
    this.cancelRefresh?.();
    this.cancelRefresh = () => stop.abort();
    this.lost = lost.signal;
    let timer: NodeJS.Timeout | undefined;
    stop.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    const arm = (): void => {
      if (stop.signal.aborted) return;
      timer = setTimeout(() => void round(), this.refreshIntervalMs);
      // Holding a lock must not keep a process alive on its own (Go goroutines do not either).
      timer.unref();
    };
    const round = async (): Promise<void> => {
      let noQuorum: boolean;
      try {
        noQuorum = await this.refreshLock(id, quorum, stop.signal);
      } catch {
        return arm();
      }
      if (!noQuorum || stop.signal.aborted) return arm();
      await forceUnlockAll(this.dsync.getLockers().lockers, { uid: id, resources: [], source: "", owner: "" }, this.timeouts.forceUnlockCallMs, stop.signal);
      lost.abort(new LockLostError(this.names));
      onLost?.();
    };
    arm();
  }

  // One refresh round (spec 2.7): only explicit "not found" answers count toward loss.
  private refreshLock(id: string, quorum: number, signal: AbortSignal): Promise<boolean> {
    const { lockers } = this.dsync.getLockers();
    const n = lockers.length;
    const args: LockArgs = { uid: id, resources: [], source: "", owner: "" };
    return new Promise<boolean>((resolve, reject) => {
      let refreshed = 0;
      let notFound = 0;
      let received = 0;
      let done = false;
      const settle = (): void => {
        if (done) return;
        if (refreshed >= quorum || notFound > n - quorum || received === n) {
          done = true;
          signal.removeEventListener("abort", onAbort);
          resolve(notFound > n - quorum);
        }
      };
      const onAbort = (): void => {
        if (done) return;
        done = true;
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      if (n === 0) return settle();
      for (const l of lockers) {
        const p = l === null ? Promise.reject(new Error("absent locker")) : callWithin((o) => l.refresh(args, o), { signal, deadline: Date.now() + this.timeouts.refreshCallMs });
        p.then(
          (ok) => {
            received++;
            if (ok) refreshed++;
            else notFound++;
            settle();
          },
          () => {
            received++;
            settle();
          },
        );
      }
    });
  }

  // Unlock/RUnlock (spec 2.9): retry releaseAll with short random sleeps until enough lockers
  // confirmed or the retry budget is spent (DECISIONS.md D2). The caller may await or not.
  private async release(isRead: boolean): Promise<boolean> {
    const records = isRead ? this.readLocks : this.writeLocks;
    if (this.cancelRefresh === undefined || records.every((u) => u === "")) throw new NotLockedError(isRead ? "read" : "write", this.names);
    this.cancelRefresh();
    const { lockers, owner } = this.dsync.getLockers();
    if (lockers.length !== records.length) {
      throw new DsyncUsageError(`getLockers() returned ${lockers.length} lockers at unlock, but ${records.length} when locking: the list must keep its length and order`);
    }
    const locks = [...records];
    const tolerance = unlockTolerance(lockers.length);
    const start = Date.now();
    for (;;) {
      if (await releaseAll(tolerance, owner, locks, isRead, lockers, this.names, this.timeouts.unlockCallMs)) return true;
      if (Date.now() - start >= this.timeouts.releaseRetryBudgetMs) return false;
      await sleep(unlockRetrySleepMs(this.rng, this.retryMinMs));
    }
  }
}

/** Fan-out of ForceUnlock sharing one deadline; absent lockers are skipped (DECISIONS.md D7). */
async function forceUnlockAll(lockers: ReadonlyArray<NetLocker | null>, args: LockArgs, budgetMs: number, signal?: AbortSignal): Promise<number> {
  const deadline = Date.now() + budgetMs;
  const results = await Promise.all(
    lockers.map((l) => (l === null ? Promise.resolve(false) : callWithin((o) => l.forceUnlock(args, o), { signal, deadline }).catch(() => false))),
  );
  return results.filter(Boolean).length;
}

/**
 * Admin force-unlock by resource names (MinIO's admin handler): every locker drops every
 * holder of these names. Resolves to how many lockers completed the request.
 */
export async function forceUnlockResources(dsync: Dsync, names: readonly string[]): Promise<number> {
  const resources = names.filter((s) => s !== "");
  if (resources.length === 0) throw new DsyncUsageError("forceUnlockResources needs at least one non-empty resource name");
  return forceUnlockAll(dsync.getLockers().lockers, { uid: "", resources, source: "", owner: "" }, resolveTimeouts(dsync).forceUnlockCallMs);
}
