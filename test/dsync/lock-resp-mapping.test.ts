// The RPC result tables of spec 5.2 (server) and 5.3 (client).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fromLockResponse, toLockResponse } from "../../dsync/lock-resp-mapping.js";
import { LockOp, ResponseCode } from "../../dsync/lock-args.js";
import { LockerError, LockNotInitializedError } from "../../dsync/errors.js";

describe("server mapping: local result -> LockResp (spec 5.2)", () => {
  const boom = new LockerError("boom");
  const rows: [string, number, { ok: boolean } | { error: unknown }, number, string][] = [
    ["Lock err", LockOp.Lock, { error: boom }, ResponseCode.Err, "boom"],
    ["Lock refused", LockOp.Lock, { ok: false }, ResponseCode.LockConflict, ""],
    ["Lock ok", LockOp.Lock, { ok: true }, ResponseCode.OK, ""],
    ["RLock err", LockOp.RLock, { error: boom }, ResponseCode.Err, "boom"],
    ["RLock refused", LockOp.RLock, { ok: false }, ResponseCode.LockConflict, ""],
    ["RLock ok", LockOp.RLock, { ok: true }, ResponseCode.OK, ""],
    ["Refresh err", LockOp.Refresh, { error: boom }, ResponseCode.Err, "boom"],
    ["Refresh not found", LockOp.Refresh, { ok: false }, ResponseCode.LockNotFound, ""],
    ["Refresh ok", LockOp.Refresh, { ok: true }, ResponseCode.OK, ""],
    ["Unlock err", LockOp.Unlock, { error: boom }, ResponseCode.Err, "boom"],
    ["Unlock false", LockOp.Unlock, { ok: false }, ResponseCode.OK, ""],
    ["Unlock ok", LockOp.Unlock, { ok: true }, ResponseCode.OK, ""],
    ["RUnlock false", LockOp.RUnlock, { ok: false }, ResponseCode.OK, ""],
    ["RUnlock err", LockOp.RUnlock, { error: boom }, ResponseCode.Err, "boom"],
    ["ForceUnlock false", LockOp.ForceUnlock, { ok: false }, ResponseCode.OK, ""],
    ["ForceUnlock err", LockOp.ForceUnlock, { error: "plain string" }, ResponseCode.Err, "plain string"],
  ];
  for (const [name, op, outcome, code, err] of rows) {
    it(name, () => {
      assert.deepEqual(toLockResponse(op as never, outcome), { code, err });
    });
  }
});

describe("client mapping: LockResp -> (ok, err) (spec 5.3)", () => {
  it("0 -> true; 1 and 3 -> false without error", () => {
    assert.equal(fromLockResponse({ code: 0, err: "" }), true);
    assert.equal(fromLockResponse({ code: 1, err: "" }), false);
    assert.equal(fromLockResponse({ code: 3, err: "" }), false);
  });
  it("2 -> the 'lock not initialized' sentinel", () => {
    assert.throws(() => fromLockResponse({ code: 2, err: "" }), (e: unknown) => e instanceof LockNotInitializedError && e.message === "lock not initialized");
  });
  it("4 and unknown codes -> error with the Err text (possibly empty)", () => {
    assert.throws(() => fromLockResponse({ code: 4, err: "boom" }), (e: unknown) => e instanceof LockerError && e.message === "boom");
    assert.throws(() => fromLockResponse({ code: 200, err: "" }), (e: unknown) => e instanceof LockerError && e.message === "");
  });
});
