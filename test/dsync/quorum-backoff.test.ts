// Quorum arithmetic (spec 2.4, 2.10, 7.4 item 1) and the retry sleeps (2.5, 7.4 item 6).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { failedUnlocks, quorumFor, unlockTolerance } from "../../dsync/quorum.js";
import { backoffMs, retryMinIntervalFromEnv, seededRng, unlockRetrySleepMs } from "../../dsync/backoff.js";
import { DsyncUsageError } from "../../dsync/errors.js";

describe("quorum table (spec 2.4)", () => {
  const table: [number, number, number, number, number][] = [
    [1, 1, 0, 1, 0],
    [2, 1, 1, 2, 0],
    [3, 2, 1, 2, 1],
    [4, 2, 2, 3, 1],
    [5, 3, 2, 3, 2],
    [6, 3, 3, 4, 2],
    [7, 4, 3, 4, 3],
    [8, 4, 4, 5, 3],
    [16, 8, 8, 9, 7],
  ];
  for (const [n, rq, rt, wq, wt] of table) {
    it(`N=${n}: read ${rq}/${rt}, write ${wq}/${wt}`, () => {
      assert.deepEqual(quorumFor(n, false), { quorum: rq, tolerance: rt });
      assert.deepEqual(quorumFor(n, true), { quorum: wq, tolerance: wt });
      assert.equal(rq, Math.ceil(n / 2));
      assert.equal(wq, Math.floor(n / 2) + 1);
    });
  }
  it("N=0 degenerate values (rejected by DRWMutex before use)", () => {
    assert.deepEqual(quorumFor(0, false), { quorum: 0, tolerance: 0 });
    assert.deepEqual(quorumFor(0, true), { quorum: 1, tolerance: -1 });
  });
});

describe("unlock allowance (spec 2.10 table)", () => {
  // N -> most granted-but-unreleased lockers at which unlock stops retrying
  const allowance: [number, number][] = [
    [1, 0],
    [2, 0],
    [3, 1],
    [4, 1],
    [5, 2],
    [6, 2],
  ];
  for (const [n, ok] of allowance) {
    it(`N=${n}: stops once at most ${ok} remain`, () => {
      const t = unlockTolerance(n);
      const locks = (held: number) => Array.from({ length: n }, (_, i) => (i < held ? "uid" : ""));
      assert.equal(failedUnlocks(locks(ok), t), false);
      if (ok + 1 <= n) assert.equal(failedUnlocks(locks(ok + 1), t), true);
    });
  }
});

describe("backoff (spec 2.5)", () => {
  it("stays in (0, min(250 + 100a, 5000)] ms and reaches the cap at attempt 48", () => {
    const rng = seededRng(42);
    for (let a = 1; a <= 60; a++) {
      const base = Math.min(250 + 100 * a, 5000);
      for (let k = 0; k < 50; k++) {
        const s = backoffMs(a, rng);
        assert.ok(s > 0 && s <= base, `attempt ${a}: ${s} not in (0, ${base}]`);
      }
    }
    assert.equal(backoffMs(1, () => 0), 350);
    assert.equal(backoffMs(47, () => 0), 4950);
    assert.equal(backoffMs(48, () => 0), 5000);
    assert.equal(backoffMs(1000, () => 0), 5000);
    assert.equal(backoffMs(1, () => 0.5), 175);
    assert.ok(backoffMs(1, () => 0.999999999) > 0);
  });
  it("honours a custom minimum", () => {
    assert.equal(backoffMs(1, () => 0, 10), 110);
  });
  it("seeded rng is reproducible", () => {
    const a = seededRng(7);
    const b = seededRng(7);
    const xs = Array.from({ length: 20 }, () => backoffMs(3, a));
    const ys = Array.from({ length: 20 }, () => backoffMs(3, b));
    assert.deepEqual(xs, ys);
    assert.notDeepEqual(xs, Array.from({ length: 20 }, () => backoffMs(3, seededRng(8))));
  });
  it("unlock retry sleep is in [0, min)", () => {
    assert.equal(unlockRetrySleepMs(() => 0), 0);
    assert.equal(unlockRetrySleepMs(() => 0.999), 249);
  });
  it("_MINIO_LOCK_RETRY_INTERVAL: integer ms accepted, garbage is a usage error instead of a crash", () => {
    assert.equal(retryMinIntervalFromEnv({}), 250);
    assert.equal(retryMinIntervalFromEnv({ _MINIO_LOCK_RETRY_INTERVAL: "40" }), 40);
    assert.throws(() => retryMinIntervalFromEnv({ _MINIO_LOCK_RETRY_INTERVAL: "1.5s" }), DsyncUsageError);
  });
});
