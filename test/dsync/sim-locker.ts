// In-process lockers with failure switches (spec 7.1): a real LocalLocker behind a wrapper that
// can be slow, refuse acquisitions, answer refresh with "not found", or be unreachable. Every
// call is logged so tests can assert exactly which releases went where.
import { LocalLocker } from "../../dsync/local-locker.js";
import type { LockArgs } from "../../dsync/lock-args.js";
import type { LockCallOptions, NetLocker } from "../../dsync/net-locker.js";
import type { Dsync, DsyncTimeouts } from "../../dsync/dsync.js";

/** One logged call: op, its args, and whether/how it completed. */
export interface SimCall {
  op: "lock" | "rLock" | "unlock" | "rUnlock" | "refresh" | "forceUnlock";
  args: LockArgs;
  result?: boolean;
  error?: string;
  /** Order of completion across all lockers (a global counter, not a time). */
  doneSeq?: number;
}

let seq = 0;
/** A global event counter, so tests can order events without timing. */
export function nextSeq(): number {
  return ++seq;
}

/** A NetLocker around a LocalLocker with the switches of the Go fake server. */
export class SimLocker implements NetLocker {
  /** Every operation sleeps this long first (ignoring the caller's deadline, like the Go fake). */
  delayMs = 0;
  /** Every operation fails at once, as an unreachable peer would. */
  down = false;
  /** Lock/RLock answer "conflict" without touching the table. */
  refuse = false;
  /** Refresh answers "lock not found". */
  refreshNotFound = false;
  readonly calls: SimCall[] = [];

  constructor(
    readonly inner: LocalLocker,
    readonly label: string,
  ) {}

  private async run(op: SimCall["op"], args: LockArgs, fn: () => Promise<boolean>): Promise<boolean> {
    const call: SimCall = { op, args };
    this.calls.push(call);
    try {
      if (this.down) throw new Error(`${this.label}: remote disconnected`);
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      const ok = await fn();
      call.result = ok;
      return ok;
    } catch (e) {
      call.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      call.doneSeq = nextSeq();
    }
  }

  lock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.run("lock", args, async () => (this.refuse ? false : this.inner.lock(args, opts)));
  }
  rLock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.run("rLock", args, async () => (this.refuse ? false : this.inner.rLock(args, opts)));
  }
  unlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.run("unlock", args, () => this.inner.unlock(args, opts));
  }
  rUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.run("rUnlock", args, () => this.inner.rUnlock(args, opts));
  }
  refresh(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.run("refresh", args, async () => (this.refreshNotFound ? false : this.inner.refresh(args, opts)));
  }
  forceUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.run("forceUnlock", args, () => this.inner.forceUnlock(args, opts));
  }
  isOnline(): boolean {
    return !this.down;
  }
  isLocal(): boolean {
    return false;
  }
  toString(): string {
    return this.label;
  }
  async close(): Promise<void> {}

  /** Calls of one kind, in issue order. */
  ops(op: SimCall["op"]): SimCall[] {
    return this.calls.filter((c) => c.op === op);
  }
}

/** The Go test configuration (spec 7.1): 250 ms for every call budget. */
export const TEST_TIMEOUTS: Partial<DsyncTimeouts> = {
  acquireMs: 250,
  refreshCallMs: 250,
  unlockCallMs: 250,
  forceUnlockCallMs: 250,
  lockCallMs: 5_000,
  releaseRetryBudgetMs: 30_000,
};

/** N simulated lockers and a Dsync over them with a stable owner. */
export function simCluster(n: number, timeouts: Partial<DsyncTimeouts> = TEST_TIMEOUTS, owner = "node-test"): { sims: SimLocker[]; dsync: Dsync } {
  const sims = Array.from({ length: n }, (_, i) => new SimLocker(new LocalLocker({ endpoint: `sim${i}` }), `sim${i}`));
  return { sims, dsync: { getLockers: () => ({ lockers: sims, owner }), timeouts } };
}

/** Sleeps ms. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `cond` every 5 ms for up to `ms`; returns whether it became true. */
export async function eventually(cond: () => boolean, ms = 3_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await delay(5);
  }
  return cond();
}
