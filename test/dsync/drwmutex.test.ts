// DRWMutex against in-process lockers: the dsync scenarios of spec 7.2.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DRWMutex } from "../../dsync/drwmutex.js";
import { LockLostError, NotLockedError } from "../../dsync/errors.js";
import { seededRng } from "../../dsync/backoff.js";
import { delay, eventually, simCluster, type SimLocker } from "./sim-locker.js";

const FAST = { retryMinIntervalMs: 20, rng: seededRng(1) };

function holders(sims: SimLocker[], name: string): string[][] {
  return sims.map((s) => (s.inner.lockMap.get(name) ?? []).map((e) => `${e.writer ? "W" : "R"}:${e.uid}`));
}

/** Asserts that the named resource is free on every locker. */
function assertFree(sims: SimLocker[], name: string): void {
  assert.deepEqual(holders(sims, name), sims.map(() => []));
}

describe("DRWMutex: spec 7.2 scenarios", () => {
  it("TestSimpleLock: lock, hold, unlock", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["test"], FAST);
    assert.equal(await mu.lock({ source: "main.go" }), true);
    for (const s of sims) {
      const e = s.inner.lockMap.get("test")?.[0];
      assert.equal(e?.writer, true);
      assert.equal(e?.uid, mu.id);
      assert.equal(e?.owner, "node-test");
      assert.equal(e?.source, "main.go");
      assert.equal(e?.quorum, 3);
    }
    await delay(50);
    assert.equal(await mu.unlock(), true);
    assertFree(sims, "test");
  });

  it("TestSimpleLockUnlockMultipleTimes: the object is reusable", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["test"], FAST);
    for (let i = 0; i < 5; i++) {
      assert.equal(await mu.lock(), true);
      await delay(5 + i * 5);
      assert.equal(await mu.unlock(), true);
    }
    assertFree(sims, "test");
  });

  it("TestTwoSimultaneousLocksForSameResource: B is granted only after A released", async () => {
    const { sims, dsync } = simCluster(5);
    const a = new DRWMutex(dsync, ["aap"], FAST);
    const b = new DRWMutex(dsync, ["aap"], FAST);
    const events: string[] = [];
    assert.equal(await a.lock(), true);
    const bDone = b.lock().then((ok) => events.push(`B granted ${ok}`));
    await delay(300);
    events.push("A released");
    await a.unlock();
    await bDone;
    assert.deepEqual(events, ["A released", "B granted true"]);
    assert.equal(sims[0]?.inner.lockMap.get("aap")?.[0]?.uid, b.id);
    await b.unlock();
    assertFree(sims, "aap");
  });

  it("TestThreeSimultaneousLocksForSameResource: holders are serialized", async () => {
    const { sims, dsync } = simCluster(5);
    const [dm1, dm2, dm3] = [0, 1, 2].map(() => new DRWMutex(dsync, ["aap"], { retryMinIntervalMs: 20 }));
    let holding = 0;
    let maxHolding = 0;
    const hold = async (m: DRWMutex, ms: number): Promise<void> => {
      assert.equal(await m.lock(), true);
      holding++;
      maxHolding = Math.max(maxHolding, holding);
      await delay(ms);
      holding--;
      await m.unlock();
    };
    assert.equal(await dm1!.lock(), true);
    holding++;
    const release1 = delay(100).then(async () => {
      holding--;
      await dm1!.unlock();
    });
    const g1 = (async () => {
      await hold(dm2!, 100);
      await hold(dm3!, 50);
    })();
    const g2 = (async () => {
      await hold(dm3!, 100);
      await hold(dm2!, 50);
    })();
    await Promise.all([release1, g1, g2]);
    assert.equal(maxHolding, 1);
    assertFree(sims, "aap");
  });

  it("TestTwoSimultaneousLocksForDifferentResources: both granted at once", async () => {
    const { sims, dsync } = simCluster(5);
    const a = new DRWMutex(dsync, ["aap"], FAST);
    const b = new DRWMutex(dsync, ["noot"], FAST);
    assert.equal(await a.lock({ timeoutMs: 1000 }), true);
    assert.equal(await b.lock({ timeoutMs: 1000 }), true);
    await Promise.all([a.unlock(), b.unlock()]);
    assertFree(sims, "aap");
    assertFree(sims, "noot");
  });

  it("TestSuccessfulLockRefresh: refreshes keep the lock and the loss callback silent", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["aap"], { ...FAST, refreshIntervalMs: 40 });
    let lost = 0;
    assert.equal(await mu.lock({ timeoutMs: 5 * 60_000, onLost: () => lost++ }), true);
    assert.ok(await eventually(() => sims.every((s) => s.ops("refresh").length >= 2)));
    assert.equal(lost, 0);
    assert.equal(mu.lostSignal?.aborted, false);
    const r = sims[0]!.ops("refresh")[0]!.args;
    assert.deepEqual({ ...r }, { uid: mu.id, resources: [], source: "", owner: "" });
    assert.equal(await mu.unlock(), true);
    const after = sims.map((s) => s.ops("refresh").length);
    await delay(120);
    assert.deepEqual(
      sims.map((s) => s.ops("refresh").length),
      after,
      "unlock stops the refresh loop",
    );
  });

  it("TestFailedRefreshLock: 3 of 5 not-found loses the lock; force unlock, callback once, refresh stops", async () => {
    const { sims, dsync } = simCluster(5);
    for (const s of sims.slice(0, 3)) s.refreshNotFound = true;
    const mu = new DRWMutex(dsync, ["aap"], { ...FAST, refreshIntervalMs: 60 });
    let lost = 0;
    let forceSeenBeforeCallback = false;
    assert.equal(
      await mu.lock({
        timeoutMs: 5 * 60_000,
        onLost: () => {
          lost++;
          forceSeenBeforeCallback = sims.every((s) => s.ops("forceUnlock").some((c) => c.doneSeq !== undefined));
        },
      }),
      true,
    );
    assert.ok(await eventually(() => lost > 0));
    assert.equal(forceSeenBeforeCallback, true);
    assert.equal(mu.lostSignal?.aborted, true);
    assert.ok(mu.lostSignal?.reason instanceof LockLostError);
    for (const s of sims) {
      assert.equal(s.ops("forceUnlock").length, 1);
      assert.equal(s.ops("forceUnlock")[0]!.args.uid, mu.id);
      assert.deepEqual(s.ops("forceUnlock")[0]!.args.resources, []);
    }
    assertFree(sims, "aap");
    const refreshes = sims.map((s) => s.ops("refresh").length);
    await delay(200);
    assert.deepEqual(sims.map((s) => s.ops("refresh").length), refreshes);
    assert.equal(lost, 1);
    // A following unlock neither fails nor hangs.
    assert.equal(await mu.unlock(), true);
  });

  it("TestUnlockShouldNotTimeout: unlock keeps retrying past a slow phase, whatever the caller does", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["aap"], FAST);
    assert.equal(await mu.lock(), true);
    for (const s of sims) s.delayMs = 1250; // 5x the 250 ms unlock budget
    let settled = false;
    const p = mu.unlock().then((ok) => {
      settled = true;
      return ok;
    });
    await delay(500);
    assert.equal(settled, false, "unlock must still be retrying after 500 ms");
    for (const s of sims) s.delayMs = 0;
    assert.equal(await p, true);
    assertFree(sims, "aap");
    assert.ok(sims.every((s) => s.ops("unlock").length >= 2), "the release was retried");
  });

  it("TestMutex: 10 callers share one object, 5 cycles each, never two holders", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["test"], { retryMinIntervalMs: 5, rng: seededRng(3) });
    let holding = 0;
    let violations = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 5; i++) {
          assert.equal(await mu.lock(), true);
          if (++holding !== 1) violations++;
          await delay(1);
          holding--;
          await mu.unlock();
        }
      }),
    );
    assert.equal(violations, 0);
    assertFree(sims, "test");
  });

  it("TestSimpleWriteLockAcquired: a writer waits for two readers", async () => {
    const { sims, dsync } = simCluster(5);
    const r1 = new DRWMutex(dsync, ["simplelock"], FAST);
    const r2 = new DRWMutex(dsync, ["simplelock"], FAST);
    assert.equal(await r1.rLock({ timeoutMs: 1000 }), true);
    assert.equal(await r2.rLock({ timeoutMs: 1000 }), true);
    assert.deepEqual(holders(sims, "simplelock")[0], [`R:${r1.id}`, `R:${r2.id}`]);
    const releases = Promise.all([delay(100).then(() => r1.rUnlock()), delay(150).then(() => r2.rUnlock())]);
    const w = new DRWMutex(dsync, ["simplelock"], FAST);
    assert.equal(await w.lock({ timeoutMs: 2500 }), true);
    await releases;
    assert.deepEqual(holders(sims, "simplelock")[0], [`W:${w.id}`]);
    await w.unlock();
    assertFree(sims, "simplelock");
  });

  it("TestSimpleWriteLockTimedOut: the writer gives up and leaves no grant behind", async () => {
    const { sims, dsync } = simCluster(5);
    const r1 = new DRWMutex(dsync, ["simplelock"], FAST);
    const r2 = new DRWMutex(dsync, ["simplelock"], FAST);
    assert.equal(await r1.rLock({ timeoutMs: 1000 }), true);
    assert.equal(await r2.rLock({ timeoutMs: 1000 }), true);
    const w = new DRWMutex(dsync, ["simplelock"], FAST);
    assert.equal(await w.lock({ timeoutMs: 250 }), false);
    assert.ok(sims.every((s) => s.ops("lock").length >= 1));
    await Promise.all([r1.rUnlock(), r2.rUnlock()]);
    assertFree(sims, "simplelock");
  });

  for (const [timeoutMs, expect] of [
    [2500, true],
    [250, false],
  ] as const) {
    it(`TestDualWriteLock${expect ? "Acquired" : "TimedOut"}: second writer with ${timeoutMs} ms -> ${expect}`, async () => {
      const { sims, dsync } = simCluster(5);
      const w1 = new DRWMutex(dsync, ["duallock"], FAST);
      assert.equal(await w1.lock({ timeoutMs: 1000 }), true);
      const rel = delay(400).then(() => w1.unlock());
      const w2 = new DRWMutex(dsync, ["duallock"], FAST);
      assert.equal(await w2.lock({ timeoutMs }), expect);
      await rel;
      if (expect) await w2.unlock();
      assertFree(sims, "duallock");
    });
  }

  for (const readers of [1, 3, 4]) {
    it(`TestParallelReaders(${readers}): one object, one UID, all held at once`, async () => {
      const { sims, dsync } = simCluster(5);
      const mu = new DRWMutex(dsync, ["parallel"], FAST);
      const got = await Promise.all(Array.from({ length: readers }, () => mu.rLock({ timeoutMs: 1000 })));
      assert.deepEqual(got, got.map(() => true));
      for (const h of holders(sims, "parallel")) assert.equal(h.length, readers);
      for (let i = 0; i < readers; i++) assert.equal(await mu.rUnlock(), true);
      assertFree(sims, "parallel");
    });
  }

  it("TestRWMutex hammer: readers never see a writer, a writer is always alone", async () => {
    for (const readers of [1, 3, 10]) {
      const { sims, dsync } = simCluster(5);
      let activity = 0;
      const bad: string[] = [];
      const rng = seededRng(readers);
      const writer = async (): Promise<void> => {
        const m = new DRWMutex(dsync, ["test"], { retryMinIntervalMs: 5, rng });
        for (let i = 0; i < 5; i++) {
          if (!(await m.lock({ timeoutMs: 1000 }))) continue;
          activity += 10000;
          if (activity !== 10000) bad.push(`writer saw ${activity}`);
          await delay(1);
          activity -= 10000;
          await m.unlock();
        }
      };
      const reader = async (): Promise<void> => {
        const m = new DRWMutex(dsync, ["test"], { retryMinIntervalMs: 5, rng });
        for (let i = 0; i < 5; i++) {
          if (!(await m.rLock({ timeoutMs: 1000 }))) continue;
          activity += 1;
          if (activity < 1 || activity > 9999) bad.push(`reader saw ${activity}`);
          await delay(1);
          activity -= 1;
          await m.rUnlock();
        }
      };
      await Promise.all([writer(), writer(), ...Array.from({ length: readers }, reader)]);
      assert.deepEqual(bad, []);
      assertFree(sims, "test");
    }
  });

  it("TestUnlockPanic / TestRUnlockPanic: releasing a never-locked mutex is a typed error", async () => {
    const { dsync } = simCluster(5);
    await assert.rejects(new DRWMutex(dsync, ["x"]).unlock(), NotLockedError);
    await assert.rejects(new DRWMutex(dsync, ["x"]).rUnlock(), NotLockedError);
  });

  it("TestUnlockPanic2: RLock then Unlock is an error; RUnlock still works", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["x"], FAST);
    assert.equal(await mu.rLock(), true);
    await assert.rejects(mu.unlock(), (e: unknown) => e instanceof NotLockedError && /no Lock\(\) is active/.test(e.message));
    assert.equal(await mu.rUnlock(), true);
    assertFree(sims, "x");
  });

  it("TestRUnlockPanic2: Lock then RUnlock is an error; Unlock still works", async () => {
    const { sims, dsync } = simCluster(5);
    const mu = new DRWMutex(dsync, ["x"], FAST);
    assert.equal(await mu.lock(), true);
    await assert.rejects(mu.rUnlock(), (e: unknown) => e instanceof NotLockedError && /no RLock\(\) is active/.test(e.message));
    assert.equal(await mu.unlock(), true);
    assertFree(sims, "x");
  });
});
