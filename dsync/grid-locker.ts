// A NetLocker that forwards each call to a remote node's lock service over the grid (MinIO's
// lockRESTClient), through the generated client of the chosen layout; LockResp is mapped back
// to (ok, error) with spec 5.3.
import type { Connection } from "../runtime/connection.js";
import { ConnState } from "../runtime/connection.js";
import type { WireProfile } from "../runtime/wire/profile.js";
import { LockOp, type LockArgs, type LockOpId } from "./lock-args.js";
import { fromLockResponse } from "./lock-resp-mapping.js";
import { lockCalls, type LockCalls } from "./lock-wire.js";
import type { LockCallOptions, NetLocker } from "./net-locker.js";

/** Remote locker over one grid connection on the lock route. */
export class GridLocker implements NetLocker {
  private readonly calls: LockCalls;

  constructor(
    private readonly conn: Connection,
    /** LockArgs layout the peer expects: "2024-04" (reference) or "current" (HEAD). */
    profile: WireProfile = "current",
  ) {
    this.calls = lockCalls(conn, profile);
  }

  lock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.call(LockOp.Lock, args, opts);
  }
  rLock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.call(LockOp.RLock, args, opts);
  }
  unlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.call(LockOp.Unlock, args, opts);
  }
  rUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.call(LockOp.RUnlock, args, opts);
  }
  refresh(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.call(LockOp.Refresh, args, opts);
  }
  forceUnlock(args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    return this.call(LockOp.ForceUnlock, args, opts);
  }
  /** True iff the grid connection is up (MinIO: connection state == connected). */
  isOnline(): boolean {
    return this.conn.state === ConnState.Connected;
  }
  isLocal(): boolean {
    return false;
  }
  toString(): string {
    return this.conn.toString();
  }
  async close(): Promise<void> {}

  private async call(op: LockOpId, args: LockArgs, opts?: LockCallOptions): Promise<boolean> {
    const o: { signal?: AbortSignal; deadline?: number } = {};
    if (opts?.signal) o.signal = opts.signal;
    if (opts?.deadline !== undefined) o.deadline = opts.deadline;
    return fromLockResponse(await this.calls[op](args, o));
  }
}
