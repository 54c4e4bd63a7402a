// A NetLocker that forwards each call to a remote node's lock service over the grid (MinIO's
// lockRESTClient): LockArgs out, LockResp back, mapped with spec 5.3.
import type { Connection } from "../runtime/connection.js";
import { ConnState } from "../runtime/connection.js";
import type { WireProfile } from "../runtime/wire/profile.js";
import { LockOp, type LockArgs, type LockOpId } from "./lock-args.js";
import { decodeLockResp, encodeLockArgs, LockCodecError } from "./lock-codec.js";
import { fromLockResponse } from "./lock-resp-mapping.js";
import type { LockCallOptions, NetLocker } from "./net-locker.js";

/** The part of a grid connection the locker needs; a runtime Connection fits. */
export interface LockRequester {
  request(handlerId: number, payload: Uint8Array | null, opts?: { signal?: AbortSignal; deadline?: number }): Promise<Uint8Array | null>;
  readonly state?: number;
  toString(): string;
}

/** Remote locker over one grid connection on the lock route. */
export class GridLocker implements NetLocker {
  constructor(
    private readonly conn: LockRequester | Connection,
    /** LockArgs layout the peer expects: "2024-04" (reference) or "current" (HEAD). */
    private readonly profile: WireProfile = "current",
  ) {}

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
    const reply = await this.conn.request(op, encodeLockArgs(args, this.profile), o);
    if (reply === null) throw new LockCodecError("lock server sent an empty reply where a LockResp was expected");
    return fromLockResponse(decodeLockResp(reply));
  }
}
