// The two halves of the RPC adapter (spec 5.2, 5.3): how a server turns a local locker's
// (ok, error) into LockResp, and how a client turns LockResp back into (ok, error). Kept apart
// from any transport so both tables are tested directly.
import { LockerError, LockNotInitializedError } from "./errors.js";
import { LockOp, ResponseCode, type LockOpId, type LockResponse } from "./lock-args.js";

/** What a local locker produced for one request: resolved ok, or an error. */
export type LockerOutcome = { readonly ok: boolean } | { readonly error: unknown };

/** Server side (spec 5.2): map a local outcome to the reply code and error text. */
export function toLockResponse(op: LockOpId, outcome: LockerOutcome): LockResponse {
  if ("error" in outcome) return { code: ResponseCode.Err, err: errorText(outcome.error) };
  if (outcome.ok) return { code: ResponseCode.OK, err: "" };
  switch (op) {
    case LockOp.Lock:
    case LockOp.RLock:
      return { code: ResponseCode.LockConflict, err: "" };
    case LockOp.Refresh:
      return { code: ResponseCode.LockNotFound, err: "" };
    default:
      // Unlock-family: MinIO ignores the ok flag, completion is success.
      return { code: ResponseCode.OK, err: "" };
  }
}

/** Client side (spec 5.3): OK -> true; conflict / not-found -> false; anything else throws. */
export function fromLockResponse(resp: LockResponse): boolean {
  switch (resp.code) {
    case ResponseCode.OK:
      return true;
    case ResponseCode.LockConflict:
    case ResponseCode.LockNotFound:
      return false;
    case ResponseCode.LockNotInitialized:
      throw new LockNotInitializedError();
    default:
      throw new LockerError(resp.err);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
