// MinIO's in-memory lock server (spec 4): name -> holders, plus the UID index that refresh and
// force-unlock use. The *Sync methods are the atomic core; the async NetLocker methods add the
// gate (pause / HEAD overload refusal) and the context checks MinIO HEAD performs.
import { LockCanceledError, LockDeadlineError, LockerError } from "./errors.js";
import type { LockArgs } from "./lock-args.js";
import type { LockCallOptions, NetLocker } from "./net-locker.js";
import { msToGoTime, type LockerSnapshot, type LockRequesterInfo } from "./lock-snapshot.js";
import { SerialGate } from "./serial-gate.js";

/** Most names one Lock/Unlock request may carry (MinIO maxDeleteList). */
export const MAX_LOCK_RESOURCES = 1000;
/** HEAD's lockMutexWaitLimit: Lock/RLock are refused while more callers than this wait. */
export const DEFAULT_MAX_WAITERS = 1000;
/** How long an unrefreshed entry stays valid (MinIO lockValidityDuration). */
export const LOCK_VALIDITY_MS = 60_000;

/** One holder of one name (MinIO lockRequesterInfo); times are ms since epoch. */
export interface LockEntry {
  readonly name: string;
  readonly writer: boolean;
  readonly uid: string;
  readonly timestamp: number;
  timeLastRefresh: number;
  readonly source: string;
  readonly group: boolean;
  readonly owner: string;
  readonly quorum: number;
  /** Position used in the UID index key (uid + idx); not part of any wire format. */
  readonly idx: number;
}

/** Counters of the admin view (MinIO lockStats) plus HEAD's overload counter. */
export interface LocalLockerStats {
  total: number;
  writes: number;
  reads: number;
  waiting: number;
  overloaded: number;
}

/** Construction knobs; defaults are MinIO HEAD's. */
export interface LocalLockerOptions {
  /** Endpoint string returned by toString(). */
  endpoint?: string;
  /** Clock in ms since epoch; tests inject one to drive expiry. */
  now?: () => number;
  /** Refuse Lock/RLock while more callers than this wait; Infinity = reference behaviour. */
  maxWaiters?: number;
}

/** The index key MinIO uses: UID and decimal index concatenated without a separator. */
function indexKey(uid: string, idx: number): string {
  return uid + String(idx);
}

/** MinIO's local locker; implements NetLocker so it can sit directly in a dsync locker list. */
export class LocalLocker implements NetLocker {
  /** name -> holders: one writer, or one or more readers. */
  readonly lockMap = new Map<string, LockEntry[]>();
  /** uid+idx -> name, so refresh and force-unlock find a UID's names without scanning. */
  readonly lockUID = new Map<string, string>();
  /** Serialises async callers; pause() holds it to simulate a stalled server. */
  readonly gate = new SerialGate();
  private readonly now: () => number;
  private readonly maxWaiters: number;
  private readonly endpoint: string;
  private overloaded = 0;

  constructor(opts: LocalLockerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxWaiters = opts.maxWaiters ?? DEFAULT_MAX_WAITERS;
    this.endpoint = opts.endpoint ?? "local";
  }

  // ---- synchronous core (spec 4.2-4.9) ----

  /** Write lock on every name or none (spec 4.2); not re-entrant. */
  lockSync(args: LockArgs): boolean {
    if (args.resources.length > MAX_LOCK_RESOURCES) {
      throw new LockerError(`internal error: localLocker.Lock called with more than ${MAX_LOCK_RESOURCES} resources`);
    }
    for (const name of args.resources) if (this.lockMap.has(name)) return false;
    const t = this.now();
    const group = args.resources.length > 1;
    args.resources.forEach((name, i) => {
      this.lockMap.set(name, [this.entry(args, name, true, group, i, t)]);
      this.lockUID.set(indexKey(args.uid, i), name);
    });
    return true;
  }

  /** Shared lock on exactly one name (spec 4.3). */
  rLockSync(args: LockArgs): boolean {
    if (args.resources.length !== 1) {
      throw new LockerError("internal error: localLocker.RLock called with more than one resource");
    }
    const name = args.resources[0] as string;
    const list = this.lockMap.get(name);
    if (list && isWriteLock(list)) return false;
    const e = this.entry(args, name, false, false, 0, this.now());
    if (list) list.push(e);
    else this.lockMap.set(name, [e]);
    this.lockUID.set(indexKey(args.uid, 0), name);
    return true;
  }

  /** Release write locks (spec 4.4); a read-locked name records an error but the others proceed. */
  unlockSync(args: LockArgs): boolean {
    if (args.resources.length > MAX_LOCK_RESOURCES) {
      throw new LockerError(`internal error: localLocker.Unlock called with more than ${MAX_LOCK_RESOURCES} resources`);
    }
    let reply = false;
    let err: LockerError | undefined;
    for (const name of args.resources) {
      const list = this.lockMap.get(name);
      if (!list) continue;
      if (!isWriteLock(list)) {
        err = new LockerError(`unlock attempted on a read locked entity: ${name}`);
        continue;
      }
      reply = this.removeEntry(name, args.uid, args.owner) || reply;
    }
    if (err) throw err;
    return reply;
  }

  /** Release one reader (spec 4.5); unknown names count as released. */
  rUnlockSync(args: LockArgs): boolean {
    if (args.resources.length > 1) {
      throw new LockerError("internal error: localLocker.RUnlock called with more than one resource");
    }
    if (args.resources.length === 0) {
      // Go indexes element 0 and panics here (spec 11.3); we answer with an error instead.
      throw new LockerError("internal error: localLocker.RUnlock called with no resource: pass exactly one name");
    }
    const name = args.resources[0] as string;
    const list = this.lockMap.get(name);
    if (!list) return true;
    if (isWriteLock(list)) throw new LockerError(`RUnlock attempted on a write locked entity: ${name}`);
    this.removeEntry(name, args.uid, args.owner);
    return true;
  }

  /** Mark every entry of `uid` as refreshed now (spec 4.7); false = lock not found. */
  refreshSync(args: LockArgs): boolean {
    let name = this.lockUID.get(indexKey(args.uid, 0));
    if (name === undefined) return false;
    const t = this.now();
    for (let idx = 0; ; idx++) {
      const list = this.lockMap.get(name);
      if (!list) {
        this.lockUID.delete(indexKey(args.uid, idx));
        return idx > 0;
      }
      for (const e of list) if (e.uid === args.uid) e.timeLastRefresh = t;
      const next = this.lockUID.get(indexKey(args.uid, idx + 1));
      if (next === undefined) return true;
      name = next;
    }
  }

  /** Drop locks regardless of owner, by resource names (uid "") or by UID (spec 4.8). */
  forceUnlockSync(args: LockArgs): boolean {
    if (args.uid === "") {
      for (const name of args.resources) {
        const list = this.lockMap.get(name);
        if (!list) continue;
        for (const uid of list.map((e) => e.uid)) {
          if (!this.lockMap.has(name)) {
            for (let k = 0; k < MAX_LOCK_RESOURCES; k++) {
              if (!this.lockUID.delete(indexKey(uid, k))) break;
            }
            continue;
          }
          this.removeEntry(name, uid, "");
        }
      }
      return true;
    }
    for (let idx = 0; ; idx++) {
      const key = indexKey(args.uid, idx);
      const name = this.lockUID.get(key);
      if (name === undefined) return idx > 0;
      if (!this.lockMap.has(name)) {
        this.lockUID.delete(key);
        continue;
      }
      this.removeEntry(name, args.uid, "");
    }
  }

  /** Remove entries whose last refresh is strictly older than `validityMs` (spec 4.9). */
  expireOldLocks(validityMs: number = LOCK_VALIDITY_MS): void {
    const t = this.now();
    for (const [name, list] of this.lockMap) {
      for (let i = 0; i < list.length; ) {
        const e = list[i] as LockEntry;
        if (t - e.timeLastRefresh > validityMs) {
          this.lockUID.delete(indexKey(e.uid, e.idx));
          if (list.length === 1) {
            this.lockMap.delete(name);
            break;
          }
          list.splice(i, 1);
          continue;
        }
        i++;
      }
    }
  }

  /** First entry with this UID (and owner, when given) leaves the list (spec 4.6). */
  removeEntry(name: string, uid: string, owner: string): boolean {
    const list = this.lockMap.get(name);
    if (!list) return false;
    const i = list.findIndex((e) => e.uid === uid && (owner === "" || e.owner === owner));
    if (i < 0) return false;
    const e = list[i] as LockEntry;
    if (list.length === 1) this.lockMap.delete(name);
    else list.splice(i, 1);
    this.lockUID.delete(indexKey(uid, e.idx));
    return true;
  }

  /** Counts for the admin view; `waiting`/`overloaded` are HEAD's overload counters. */
  stats(): LocalLockerStats {
    let writes = 0;
    let reads = 0;
    for (const list of this.lockMap.values()) {
      if (list[0]?.writer) writes++;
      else reads += list.length;
    }
    return { total: this.lockMap.size, writes, reads, waiting: this.gate.waiting, overloaded: this.overloaded };
  }

  /** A copy of the table for inspection (MinIO DupLockMap), empty lists pruned. */
  dupLockMap(): Map<string, LockEntry[]> {
    const out = new Map<string, LockEntry[]>();
    for (const [name, list] of this.lockMap) if (list.length > 0) out.set(name, list.map((e) => ({ ...e })));
    return out;
  }

  /** Plain-data copy of the table and counts (MinIO DupLockMap + stats), what peers are served for "top locks". */
  snapshot(): LockerSnapshot {
    const locks = new Map<string, LockRequesterInfo[]>();
    for (const [name, list] of this.dupLockMap()) {
      locks.set(
        name,
        list.map((e) => ({
          name: e.name,
          writer: e.writer,
          uid: e.uid,
          timestamp: msToGoTime(e.timestamp),
          timeLastRefresh: msToGoTime(e.timeLastRefresh),
          source: e.source,
          group: e.group,
          owner: e.owner,
          quorum: e.quorum,
        })),
      );
    }
    const { total, writes, reads } = this.stats();
    return { locks, stats: { total, writes, reads } };
  }

  /** Holds the gate until the returned function is called: every async call queues (a stalled server). */
  async pause(): Promise<() => void> {
    return this.gate.acquire();
  }

  // ---- NetLocker (async) ----

  async lock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.acquireOp(() => this.lockSync(args), opts);
  }

  async rLock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.acquireOp(() => this.rLockSync(args), opts);
  }

  async unlock(args: LockArgs, _opts?: LockCallOptions): Promise<boolean> {
    return this.gated(() => this.unlockSync(args));
  }

  async rUnlock(args: LockArgs, _opts?: LockCallOptions): Promise<boolean> {
    return this.gated(() => this.rUnlockSync(args));
  }

  async refresh(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    checkSignal(opts);
    return this.gated(() => {
      checkSignal(opts);
      return this.refreshSync(args);
    });
  }

  async forceUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    checkSignal(opts);
    return this.gated(() => {
      checkSignal(opts);
      return this.forceUnlockSync(args);
    });
  }

  isOnline(): boolean {
    return true;
  }

  isLocal(): boolean {
    return true;
  }

  toString(): string {
    return this.endpoint;
  }

  async close(): Promise<void> {}

  // HEAD: refuse acquisitions when overloaded, and check the context once the mutex is held.
  private async acquireOp(fn: () => boolean, opts?: LockCallOptions): Promise<boolean> {
    if (this.gate.waiting > this.maxWaiters) {
      this.overloaded++;
      return false;
    }
    return this.gated(() => {
      checkSignal(opts);
      return fn();
    });
  }

  private async gated(fn: () => boolean): Promise<boolean> {
    const release = await this.gate.acquire();
    try {
      return fn();
    } finally {
      release();
    }
  }

  private entry(args: LockArgs, name: string, writer: boolean, group: boolean, idx: number, t: number): LockEntry {
    return {
      name,
      writer,
      uid: args.uid,
      timestamp: t,
      timeLastRefresh: t,
      source: args.source,
      group,
      owner: args.owner,
      quorum: args.quorum ?? 0,
      idx,
    };
  }
}

/** A list is a write lock iff it is exactly one writer entry. */
function isWriteLock(list: readonly LockEntry[]): boolean {
  return list.length === 1 && (list[0] as LockEntry).writer;
}

function checkSignal(opts?: LockCallOptions): void {
  if (opts?.signal?.aborted) throw new LockCanceledError(opts.signal.reason);
  if (opts?.deadline !== undefined && Date.now() >= opts.deadline) throw new LockDeadlineError();
}
