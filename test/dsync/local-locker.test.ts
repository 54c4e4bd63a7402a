// MinIO's local-locker behaviour (spec 4, 7.3, 7.4 item 9) against the in-memory lock server.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LocalLocker } from "../../dsync/local-locker.js";
import { lockArgs } from "../../dsync/lock-args.js";
import { LockCanceledError, LockerError } from "../../dsync/errors.js";
import { startLockMaintenance } from "../../dsync/lock-maintenance.js";

const A = (uid: string, resources: string[], owner = "owner") => lockArgs({ uid, resources, owner, source: "src", quorum: 3 });

describe("local locker: write locks", () => {
  it("grants all names or none (all-or-nothing) and is not re-entrant", () => {
    const l = new LocalLocker();
    assert.equal(l.lockSync(A("u1", ["a", "b"])), true);
    assert.equal(l.lockSync(A("u2", ["b", "c"])), false);
    assert.equal(l.lockMap.has("c"), false, "a refused group must not lock any name");
    assert.equal(l.lockSync(A("u1", ["a"])), false, "same UID is refused too");
    const e = l.lockMap.get("a")?.[0];
    assert.equal(e?.group, true);
    assert.deepEqual([...l.lockUID.entries()], [["u10", "a"], ["u11", "b"]]);
  });

  it("refuses more than 1000 names with MinIO's text and changes nothing", () => {
    const l = new LocalLocker();
    const names = Array.from({ length: 1001 }, (_, i) => `n${i}`);
    assert.throws(() => l.lockSync(A("u", names)), (e: unknown) => e instanceof LockerError && /more than 1000 resources/.test(e.message));
    assert.equal(l.lockMap.size, 0);
    assert.equal(l.lockSync(A("u", names.slice(0, 1000))), true);
  });

  it("empty resources grant trivially", () => {
    const l = new LocalLocker();
    assert.equal(l.lockSync(A("u", [])), true);
    assert.equal(l.lockMap.size, 0);
  });

  it("write lock conflicts with a read lock and vice versa", () => {
    const l = new LocalLocker();
    assert.equal(l.rLockSync(A("r", ["x"])), true);
    assert.equal(l.lockSync(A("w", ["x"])), false);
    const l2 = new LocalLocker();
    assert.equal(l2.lockSync(A("w", ["x"])), true);
    assert.equal(l2.rLockSync(A("r", ["x"])), false);
  });
});

describe("local locker: read locks", () => {
  it("rejects 0 or 2 names", () => {
    const l = new LocalLocker();
    assert.throws(() => l.rLockSync(A("u", [])), /RLock called with more than one resource/);
    assert.throws(() => l.rLockSync(A("u", ["a", "b"])), /RLock called with more than one resource/);
  });

  it("same UID twice gives two entries but one index key (TestLocalLockerExpire shape)", () => {
    const l = new LocalLocker();
    for (let i = 0; i < 1000; i++) assert.equal(l.lockSync(A(`w${i}`, [`wn${i}`])), true);
    for (let i = 0; i < 1000; i++) {
      assert.equal(l.rLockSync(A(`r${i}`, [`rn${i}`])), true);
      assert.equal(l.rLockSync(A(`r${i}`, [`rn${i}`])), true);
    }
    assert.equal(l.lockMap.size, 2000);
    assert.equal(l.lockUID.size, 2000);
    l.expireOldLocks(3600_000);
    assert.equal(l.lockMap.size, 2000);
    l.expireOldLocks(-60_000);
    assert.equal(l.lockMap.size, 0);
    assert.equal(l.lockUID.size, 0);
  });
});

describe("local locker: unlock family", () => {
  it("TestLocalLockerUnlock: group locks and two-reader names empty both tables", () => {
    const l = new LocalLocker();
    for (let i = 0; i < 1000; i++) assert.equal(l.lockSync(A(`g${i}`, [0, 1, 2, 3, 4].map((k) => `g${i}/${k}`))), true);
    for (let i = 0; i < 1000; i++) {
      assert.equal(l.rLockSync(A(`ra${i}`, [`r${i}`])), true);
      assert.equal(l.rLockSync(A(`rb${i}`, [`r${i}`])), true);
    }
    assert.equal(l.lockMap.size, 6000);
    assert.equal(l.lockUID.size, 7000);
    for (let i = 0; i < 1000; i++) assert.equal(l.rUnlockSync(A(`ra${i}`, [`r${i}`])), true);
    assert.equal(l.lockMap.size, 6000);
    assert.equal(l.lockUID.size, 6000);
    for (let i = 0; i < 1000; i++) assert.equal(l.rUnlockSync(A(`rb${i}`, [`r${i}`])), true);
    assert.equal(l.lockMap.size, 5000);
    assert.equal(l.lockUID.size, 5000);
    for (let i = 0; i < 1000; i++) assert.equal(l.unlockSync(A(`g${i}`, [0, 1, 2, 3, 4].map((k) => `g${i}/${k}`))), true);
    assert.equal(l.lockMap.size, 0);
    assert.equal(l.lockUID.size, 0);
  });

  it("Unlock of a read-locked name reports it but still releases the other names", () => {
    const l = new LocalLocker();
    l.lockSync(A("w", ["a"]));
    l.rLockSync(A("r", ["b"]));
    assert.throws(() => l.unlockSync(A("w", ["a", "b"])), /unlock attempted on a read locked entity: b/);
    assert.equal(l.lockMap.has("a"), false);
    assert.equal(l.lockMap.has("b"), true);
  });

  it("Unlock of an unknown name is (false, no error); over 1000 names is an error", () => {
    const l = new LocalLocker();
    assert.equal(l.unlockSync(A("u", ["nope"])), false);
    assert.throws(() => l.unlockSync(A("u", Array.from({ length: 1001 }, (_, i) => `${i}`))), /Unlock called with more than 1000 resources/);
  });

  it("Unlock with the wrong non-empty owner removes nothing; empty owner matches any", () => {
    const l = new LocalLocker();
    l.lockSync(A("u", ["a"], "node1"));
    assert.equal(l.unlockSync(A("u", ["a"], "node2")), false);
    assert.equal(l.lockMap.has("a"), true);
    assert.equal(l.unlockSync(A("u", ["a"], "")), true);
    assert.equal(l.lockMap.has("a"), false);
  });

  it("RUnlock: write-locked name errors, unknown name is true, >1 name errors, 0 names errors instead of crashing", () => {
    const l = new LocalLocker();
    l.lockSync(A("w", ["a"]));
    assert.throws(() => l.rUnlockSync(A("w", ["a"])), /RUnlock attempted on a write locked entity: a/);
    assert.equal(l.rUnlockSync(A("x", ["unknown"])), true);
    assert.throws(() => l.rUnlockSync(A("x", ["a", "b"])), /RUnlock called with more than one resource/);
    assert.throws(() => l.rUnlockSync(A("x", [])), (e: unknown) => e instanceof LockerError && /no resource/.test(e.message));
  });

  it("TestLockRpcServerRemoveEntry", () => {
    const l = new LocalLocker();
    l.rLockSync(A("0123-4567", ["name"]));
    l.rLockSync(A("89ab-cdef", ["name"]));
    assert.equal(l.removeEntry("name", "unknown", "owner"), false);
    assert.equal(l.removeEntry("name", "0123-4567", "owner"), true);
    assert.deepEqual(l.lockMap.get("name")?.map((e) => e.uid), ["89ab-cdef"]);
    assert.equal(l.removeEntry("name", "89ab-cdef", "owner"), true);
    assert.equal(l.lockMap.has("name"), false);
  });
});

describe("local locker: refresh, force unlock, expiry", () => {
  it("refresh of a group lock updates every member; unknown UID is not found", () => {
    let now = 1_000;
    const l = new LocalLocker({ now: () => now });
    l.lockSync(A("g", ["a", "b", "c"]));
    now = 5_000;
    assert.equal(l.refreshSync(A("g", [])), true);
    for (const n of ["a", "b", "c"]) assert.equal(l.lockMap.get(n)?.[0]?.timeLastRefresh, 5_000);
    assert.equal(l.lockMap.get("a")?.[0]?.timestamp, 1_000);
    assert.equal(l.refreshSync(A("other", [])), false);
  });

  it("force unlock by resource on a group lock leaves the other names locked", () => {
    const l = new LocalLocker();
    l.lockSync(A("g", ["a", "b"]));
    assert.equal(l.forceUnlockSync(A("", ["a", "unknown"])), true);
    assert.equal(l.lockMap.has("a"), false);
    assert.equal(l.lockMap.has("b"), true);
    assert.equal(l.lockUID.has("g0"), false);
    assert.equal(l.lockUID.get("g1"), "b");
  });

  it("force unlock by UID is true iff the index-0 key existed, and removes every name of the UID", () => {
    const l = new LocalLocker();
    l.lockSync(A("g", ["a", "b", "c"]));
    assert.equal(l.forceUnlockSync(A("g", ["ignored"])), true);
    assert.equal(l.lockMap.size, 0);
    assert.equal(l.lockUID.size, 0);
    assert.equal(l.forceUnlockSync(A("g", [])), false);
  });

  it("Test_localLocker_RUnlock: force-unlock half the readers by UID, RUnlock the rest", () => {
    const l = new LocalLocker();
    const names = 100;
    const readers = 10;
    for (let n = 0; n < names; n++) for (let r = 0; r < readers; r++) assert.equal(l.rLockSync(A(`u${n}-${r}`, [`n${n}`])), true);
    assert.equal(l.lockUID.size, names * readers);
    let forced = 0;
    for (let n = 0; n < names; n++) {
      for (let r = 0; r < readers; r += 2) {
        assert.equal(l.forceUnlockSync(A(`u${n}-${r}`, [`n${n}`])), true);
        forced++;
      }
    }
    assert.equal(l.lockUID.size, names * readers - forced);
    assert.equal(l.lockMap.size, names);
    for (let n = 0; n < names; n++) {
      for (let r = 1; r < readers; r += 2) assert.equal(l.rUnlockSync(A(`u${n}-${r}`, [`n${n}`])), true);
    }
    assert.equal(l.lockMap.size, 0);
    assert.equal(l.lockUID.size, 0);
  });

  it("force unlock by name drops every holder of that name", () => {
    const l = new LocalLocker();
    for (let r = 0; r < 5; r++) l.rLockSync(A(`u${r}`, ["n"]));
    l.rLockSync(A("keep", ["other"]));
    assert.equal(l.forceUnlockSync(A("", ["n"])), true);
    assert.equal(l.lockMap.has("n"), false);
    assert.deepEqual([...l.lockUID.keys()], ["keep0"]);
  });

  it("expiry is strict: an entry exactly `validity` old survives, one ms more expires", () => {
    let now = 0;
    const l = new LocalLocker({ now: () => now });
    l.rLockSync(A("a", ["x"]));
    l.rLockSync(A("b", ["x"]));
    now = 30;
    l.refreshSync(A("b", []));
    now = 60;
    l.expireOldLocks(60);
    assert.equal(l.lockMap.get("x")?.length, 2);
    now = 61;
    l.expireOldLocks(60);
    assert.deepEqual(l.lockMap.get("x")?.map((e) => e.uid), ["b"]);
    assert.equal(l.lockUID.has("a0"), false);
    now = 91;
    l.expireOldLocks(60);
    assert.equal(l.lockMap.has("x"), false);
    assert.equal(l.lockUID.size, 0);
  });

  it("the maintenance loop sweeps stale entries on its own", async () => {
    let now = 0;
    const l = new LocalLocker({ now: () => now });
    l.lockSync(A("a", ["x"]));
    now = 100;
    const ac = new AbortController();
    startLockMaintenance(l, { intervalMs: 5, validityMs: 50, signal: ac.signal });
    for (let i = 0; i < 200 && l.lockMap.size > 0; i++) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    assert.equal(l.lockMap.size, 0);
  });
});

describe("local locker: async NetLocker face (HEAD checks)", () => {
  it("refresh and force unlock honour an aborted signal; lock checks it after taking the gate", async () => {
    const l = new LocalLocker();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(l.refresh(A("u", []), { signal: ac.signal }), LockCanceledError);
    await assert.rejects(l.forceUnlock(A("u", []), { signal: ac.signal }), LockCanceledError);
    await assert.rejects(l.lock(A("u", ["a"]), { signal: ac.signal }), LockCanceledError);
    assert.equal(l.lockMap.size, 0);
  });

  it("HEAD overload protection: with more than maxWaiters queued, Lock/RLock are refused at once, Unlock is not", async () => {
    const l = new LocalLocker({ maxWaiters: 3 });
    const resume = await l.pause();
    const queued = [0, 1, 2, 3].map((i) => l.lock(A(`u${i}`, [`n${i}`])));
    assert.equal(l.stats().waiting, 4);
    assert.equal(await l.lock(A("late", ["late"])), false);
    assert.equal(await l.rLock(A("late", ["late2"])), false);
    assert.equal(l.stats().overloaded, 2);
    const unl = l.unlock(A("u0", ["n0"]));
    resume();
    assert.deepEqual(await Promise.all(queued), [true, true, true, true]);
    assert.equal(await unl, true);
    assert.equal(l.lockMap.has("late"), false);
    assert.equal(await l.lock(A("late", ["late"])), true);
  });
});
