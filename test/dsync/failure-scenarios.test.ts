// DRWMutex under failing lockers: the scenarios spec 7.4 adds to the Go suite (items 1-8),
// plus the usage errors where Go would crash (spec 11).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DRWMutex, forceUnlockResources } from "../../dsync/drwmutex.js";
import { DsyncUsageError } from "../../dsync/errors.js";
import { seededRng } from "../../dsync/backoff.js";
import { LocalLocker } from "../../dsync/local-locker.js";
import type { Dsync } from "../../dsync/dsync.js";
import { delay, eventually, simCluster, TEST_TIMEOUTS } from "./sim-locker.js";

const FAST = { retryMinIntervalMs: 20, rng: seededRng(9) };
const ONCE = { retryIntervalMs: -1, timeoutMs: 5_000 };

describe("dsync failure scenarios (spec 7.4)", () => {
  it("item 1: N=4 with 2 lockers down: write fails (3 needed), read succeeds (2 needed)", async () => {
    const { sims, dsync } = simCluster(4);
    sims[0]!.down = true;
    sims[1]!.down = true;
    assert.equal(await new DRWMutex(dsync, ["r"], FAST).lock(ONCE), false);
    const rd = new DRWMutex(dsync, ["r"], FAST);
    assert.equal(await rd.rLock(ONCE), true);
    assert.equal(sims[2]!.inner.lockMap.get("r")?.[0]?.quorum, 2);
    await rd.rUnlock();
  });

  it("item 1: N=2 with 1 down: write never succeeds, read succeeds", async () => {
    const { sims, dsync } = simCluster(2);
    sims[1]!.down = true;
    assert.equal(await new DRWMutex(dsync, ["r"], FAST).lock({ timeoutMs: 400 }), false);
    assert.equal(sims[0]!.inner.lockMap.size, 0, "the single grant of each failed attempt was released");
    const rd = new DRWMutex(dsync, ["r"], FAST);
    assert.equal(await rd.rLock(ONCE), true);
    await rd.rUnlock();
  });

  it("item 1: absent (null) lockers count as failures", async () => {
    const { sims } = simCluster(3);
    const dsync: Dsync = { getLockers: () => ({ lockers: [sims[0]!, null, null], owner: "o" }), timeouts: TEST_TIMEOUTS };
    assert.equal(await new DRWMutex(dsync, ["r"], FAST).lock(ONCE), false);
    // Quorum became impossible before s0 answered, so its grant goes out through the late drain.
    assert.ok(await eventually(() => sims[0]!.inner.lockMap.size === 0 && sims[0]!.ops("unlock").length === 1));
    const dsync2: Dsync = { getLockers: () => ({ lockers: [sims[0]!, sims[1]!, null], owner: "o" }), timeouts: TEST_TIMEOUTS };
    const m = new DRWMutex(dsync2, ["r"], FAST);
    assert.equal(await m.lock(ONCE), true);
    assert.equal(await m.unlock(), true);
  });

  it("item 2: with every locker down a held lock is not reported lost", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["r"], { ...FAST, refreshIntervalMs: 30 });
    let lost = false;
    assert.equal(await mu.lock({ onLost: () => (lost = true) }), true);
    for (const s of sims) s.down = true;
    assert.ok(await eventually(() => sims.every((s) => s.ops("refresh").filter((c) => c.error).length >= 3)));
    assert.equal(lost, false);
    assert.equal(mu.lostSignal?.aborted, false);
    for (const s of sims) s.down = false;
    assert.equal(await mu.unlock(), true);
  });

  it("item 3: when quorum is missed exactly the granting lockers get a release (same UID/Owner/Resources, Source '', no Quorum)", async () => {
    const { sims, dsync } = simCluster(5);
    for (const s of sims.slice(0, 3)) s.refuse = true;
    const mu = new DRWMutex(dsync, ["b/o1", "b/o2"], FAST);
    assert.equal(await mu.lock({ ...ONCE, source: "src" }), false);
    await delay(20);
    for (const s of sims.slice(0, 3)) assert.equal(s.ops("unlock").length, 0, `${s.label} never granted`);
    for (const s of sims.slice(3)) {
      const rel = s.ops("unlock");
      assert.equal(rel.length, 1, `${s.label} granted and must be released once`);
      assert.deepEqual({ ...rel[0]!.args }, { uid: mu.id, resources: ["b/o1", "b/o2"], source: "", owner: "node-test", quorum: undefined });
      assert.equal(s.inner.lockMap.size, 0);
    }
  });

  it("item 4: a grant arriving after Acquire is released once its call completes, and is not recorded", async () => {
    const { sims, dsync } = simCluster(5, { ...TEST_TIMEOUTS, acquireMs: 100 });
    sims[4]!.delayMs = 250;
    const mu = new DRWMutex(dsync, ["late"], FAST);
    assert.equal(await mu.lock(), true);
    assert.equal(sims[4]!.ops("lock")[0]!.doneSeq, undefined, "the slow call was still running when lock() returned");
    assert.ok(await eventually(() => sims[4]!.ops("unlock")[0]?.doneSeq !== undefined));
    assert.equal(sims[4]!.ops("lock")[0]!.result, true, "the slow locker did grant");
    assert.equal(sims[4]!.inner.lockMap.size, 0, "and the drain released it");
    sims[4]!.delayMs = 0;
    assert.equal(await mu.unlock(), true);
    assert.equal(sims[4]!.ops("unlock").length, 1, "the unrecorded grant gets no second release from unlock()");
    for (const s of sims.slice(0, 4)) assert.equal(s.ops("unlock").length, 1);
  });

  it("item 5: no early exit on success: lock() waits for a slow but in-time locker and records its grant", async () => {
    const { sims, dsync } = simCluster(5);
    sims[2]!.delayMs = 80;
    const mu = new DRWMutex(dsync, ["slow"], FAST);
    assert.equal(await mu.lock(), true);
    assert.notEqual(sims[2]!.ops("lock")[0]!.doneSeq, undefined, "lock() returned only after the slow locker answered");
    sims[2]!.delayMs = 0;
    assert.equal(await mu.unlock(), true);
    assert.equal(sims[2]!.ops("unlock").length, 1, "the slow locker's grant was recorded, so unlock released it");
  });

  it("item 6: retryInterval < 0 makes exactly one attempt", async () => {
    const { sims, dsync } = simCluster(5);
    const holder = new DRWMutex(dsync, ["x"], FAST);
    await holder.lock();
    const c = new DRWMutex(dsync, ["x"], FAST);
    assert.equal(await c.lock(ONCE), false);
    for (const s of sims) assert.equal(s.ops("lock").filter((k) => k.args.uid === c.id).length, 1);
    await holder.unlock();
  });

  it("item 6: retryInterval > 0 retries with that fixed sleep until the timeout", async () => {
    const { sims, dsync } = simCluster(5);
    const holder = new DRWMutex(dsync, ["x"], FAST);
    await holder.lock();
    const c = new DRWMutex(dsync, ["x"], { ...FAST, rng: () => 0 });
    assert.equal(await c.lock({ retryIntervalMs: 30, timeoutMs: 200 }), false);
    const attempts = sims[0]!.ops("lock").filter((k) => k.args.uid === c.id).length;
    assert.ok(attempts >= 3, `expected several attempts, got ${attempts}`);
    await holder.unlock();
  });

  it("item 6: the default backoff draws from the injected rng", async () => {
    const { dsync } = simCluster(3);
    const holder = new DRWMutex(dsync, ["x"], FAST);
    await holder.lock();
    let draws = 0;
    const c = new DRWMutex(dsync, ["x"], {
      retryMinIntervalMs: 1,
      rng: () => {
        draws++;
        return 0.99;
      },
    });
    assert.equal(await c.lock({ timeoutMs: 150 }), false);
    assert.ok(draws >= 1);
    await holder.unlock();
  });

  for (const [notFound, lose] of [
    [2, false],
    [3, true],
  ] as const) {
    it(`item 7: N=5 write quorum 3, ${notFound} not-found answers ${lose ? "lose" : "keep"} the lock`, async () => {
      const { sims, dsync } = simCluster(5);
      for (const s of sims.slice(0, notFound)) s.refreshNotFound = true;
      const mu = new DRWMutex(dsync, ["r"], { ...FAST, refreshIntervalMs: 30 });
      let lost = 0;
      assert.equal(await mu.lock({ onLost: () => lost++ }), true);
      if (lose) {
        assert.ok(await eventually(() => lost === 1));
        for (const s of sims) assert.deepEqual(s.ops("forceUnlock").map((c) => c.args.uid), [mu.id]);
        const n = sims[4]!.ops("refresh").length;
        await delay(100);
        assert.equal(sims[4]!.ops("refresh").length, n, "refreshing stopped");
        assert.equal(lost, 1);
      } else {
        assert.ok(await eventually(() => sims[0]!.ops("refresh").length >= 3));
        assert.equal(lost, 0);
        for (const s of sims) assert.equal(s.ops("forceUnlock").length, 0);
      }
      await mu.unlock();
    });
  }

  it("item 8: N=4: one unreleased locker is within the allowance, unlock stops after one round", async () => {
    const { sims, dsync } = simCluster(4);
    const mu = new DRWMutex(dsync, ["u"], FAST);
    assert.equal(await mu.lock(), true);
    sims[0]!.down = true;
    assert.equal(await mu.unlock(), true);
    for (const s of sims) assert.equal(s.ops("unlock").length, 1);
  });

  it("item 8: N=4: two unreleased lockers hit the strict even-N rule, unlock retries until one is back", async () => {
    const { sims, dsync } = simCluster(4);
    const mu = new DRWMutex(dsync, ["u"], FAST);
    assert.equal(await mu.lock(), true);
    sims[0]!.down = true;
    sims[1]!.down = true;
    let done = false;
    const p = mu.unlock().then((ok) => ((done = true), ok));
    assert.ok(await eventually(() => sims[0]!.ops("unlock").length >= 3));
    assert.equal(done, false);
    assert.equal(sims[2]!.ops("unlock").length, 1, "released lockers are not asked again");
    sims[0]!.down = false;
    assert.equal(await p, true);
    assert.equal(sims[0]!.inner.lockMap.size, 0);
  });

  it("item 8: N=5: two unreleased lockers are within the allowance", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["u"], FAST);
    assert.equal(await mu.lock(), true);
    sims[0]!.down = true;
    sims[1]!.down = true;
    assert.equal(await mu.unlock(), true);
    assert.equal(sims[0]!.ops("unlock").length, 1);
  });

  it("unlock gives up after its retry budget (HEAD bound) and reports false", async () => {
    const { sims, dsync } = simCluster(3, { ...TEST_TIMEOUTS, releaseRetryBudgetMs: 100 });
    const mu = new DRWMutex(dsync, ["u"], FAST);
    assert.equal(await mu.lock(), true);
    for (const s of sims) s.down = true;
    assert.equal(await mu.unlock(), false);
  });
});

describe("dsync usage errors instead of Go crashes (spec 11)", () => {
  it("N = 0 is rejected up front", async () => {
    const dsync: Dsync = { getLockers: () => ({ lockers: [], owner: "o" }) };
    const m = new DRWMutex(dsync, ["x"]);
    await assert.rejects(m.lock(), DsyncUsageError);
    await assert.rejects(m.rLock(), DsyncUsageError);
  });

  it("empty id, empty name list and multi-name read locks are rejected", async () => {
    const { dsync } = simCluster(3);
    assert.throws(() => new DRWMutex(dsync, []), DsyncUsageError);
    assert.throws(() => new DRWMutex(dsync, ["x"], { id: "" }), DsyncUsageError);
    await assert.rejects(new DRWMutex(dsync, ["x"]).lock({ id: "" }), DsyncUsageError);
    await assert.rejects(new DRWMutex(dsync, ["a", "b"]).rLock(), /exactly one resource name/);
  });

  it("a locker list that changes length is reported", async () => {
    const { sims } = simCluster(4);
    let n = 3;
    const dsync: Dsync = { getLockers: () => ({ lockers: sims.slice(0, n), owner: "o" }), timeouts: TEST_TIMEOUTS };
    const m = new DRWMutex(dsync, ["x"]);
    n = 4;
    await assert.rejects(m.lock(), /must keep its length and order/);
  });

  it("names are sorted byte-wise (UTF-8), like Go's sort.Strings", () => {
    const { dsync } = simCluster(1);
    // U+FF21 sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    const m = new DRWMutex(dsync, ["b", "\u{1F600}", "\uFF21", "a"]);
    assert.deepEqual(m.names, ["a", "b", "\uFF21", "\u{1F600}"]);
  });

  it("a caller signal ends a blocked acquisition promptly with false", async () => {
    const { dsync } = simCluster(3);
    const h = new DRWMutex(dsync, ["x"], FAST);
    await h.lock();
    const ac = new AbortController();
    const p = new DRWMutex(dsync, ["x"], FAST).lock({ signal: ac.signal });
    await delay(50);
    ac.abort();
    assert.equal(await p, false);
    await h.unlock();
  });
});

describe("force unlock", () => {
  it("forceUnlock() removes the mutex's UID everywhere regardless of owner", async () => {
    const { sims, dsync } = simCluster(3);
    const m = new DRWMutex(dsync, ["a", "b"], FAST);
    assert.equal(await m.lock(), true);
    const admin = new DRWMutex({ ...dsync, getLockers: () => ({ lockers: sims, owner: "other-node" }) }, ["zzz"], FAST);
    assert.equal(await admin.forceUnlock(m.id), 3);
    for (const s of sims) assert.equal(s.inner.lockMap.size, 0);
  });

  it("forceUnlockResources() drops every holder of the named resources only (absent lockers skipped)", async () => {
    const locals = [new LocalLocker(), new LocalLocker()];
    const dsync: Dsync = { getLockers: () => ({ lockers: [locals[0]!, null, locals[1]!], owner: "o" }), timeouts: TEST_TIMEOUTS };
    const a = new DRWMutex(dsync, ["a"], FAST);
    const b = new DRWMutex(dsync, ["b"], FAST);
    assert.equal(await a.rLock(), true);
    assert.equal(await b.lock(), true);
    assert.equal(await forceUnlockResources(dsync, ["a", ""]), 2);
    for (const l of locals) assert.deepEqual([...l.lockMap.keys()], ["b"]);
    await assert.rejects(forceUnlockResources(dsync, [""]), DsyncUsageError);
  });
});
