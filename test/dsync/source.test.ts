// TestGetSource (spec 7.3): lock entries record where the lock was taken as [file:LINE:function()].
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { callerSource, formatFrame, UNKNOWN_SOURCE } from "../../dsync/source.js";
import { DRWMutex } from "../../dsync/drwmutex.js";
import { simCluster } from "./sim-locker.js";

const SELF = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");

/** 1-based line of this file that carries `marker`; the expected LINE of a source string. */
function lineOf(marker: string): number {
  const i = SELF.findIndex((l) => l.includes(marker) && !l.includes("lineOf("));
  assert.ok(i >= 0, `marker ${marker} not found in the test file`);
  return i + 1;
}

function whereAmI(): string {
  return callerSource(); // @mark-direct
}

function innerHelper(): string {
  return callerSource(1);
}

function outerCaller(): string {
  return innerHelper(); // @mark-depth1
}

async function takeWriteLock(mu: DRWMutex): Promise<boolean> {
  return mu.lock({ retryIntervalMs: -1 }); // @mark-lock
}

async function takeReadLock(mu: DRWMutex): Promise<boolean> {
  return mu.rLock({ retryIntervalMs: -1 }); // @mark-rlock
}

describe("TestGetSource: callerSource", () => {
  it("names this file, the calling line and the calling function", () => {
    assert.equal(whereAmI(), `[source.test.ts:${lineOf("@mark-direct")}:whereAmI()]`);
  });

  it("depth 1 names the caller's caller", () => {
    assert.equal(outerCaller(), `[source.test.ts:${lineOf("@mark-depth1")}:outerCaller()]`);
  });

  it("a depth beyond the stack or a bad depth gives the unknown form, not a throw", () => {
    assert.equal(callerSource(10_000), UNKNOWN_SOURCE);
    assert.equal(callerSource(-1), UNKNOWN_SOURCE);
    assert.equal(callerSource(1.5), UNKNOWN_SOURCE);
    assert.equal(UNKNOWN_SOURCE, "[<unknown>:0:()]");
  });

  it("formats the V8 frame shapes and falls back on the ones without a file location", () => {
    assert.equal(formatFrame("    at async DRWMutex.lock (file:///work/main/dsync/drwmutex.ts:104:12)"), "[drwmutex.ts:104:DRWMutex.lock()]");
    assert.equal(formatFrame("    at new Foo (/a/b/foo.ts:7:1)"), "[foo.ts:7:Foo()]");
    assert.equal(formatFrame("    at Object.run [as handler] (C:\\src\\x.ts:3:9)"), "[x.ts:3:Object.run()]");
    assert.equal(formatFrame("    at file:///w/main.ts?v=1:12:3"), "[main.ts:12:<anonymous>()]");
    assert.equal(formatFrame("    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)"), UNKNOWN_SOURCE);
    assert.equal(formatFrame("    at async Promise.all (index 0)"), UNKNOWN_SOURCE);
    assert.equal(formatFrame("garbage"), UNKNOWN_SOURCE);
  });
});

describe("TestGetSource: DRWMutex fills LockArgs.Source with its caller", () => {
  it("lock() without a source records the caller's location on every locker", async () => {
    const { sims, dsync } = simCluster(3);
    const mu = new DRWMutex(dsync, ["src/w"]);
    assert.equal(await takeWriteLock(mu), true);
    const want = `[source.test.ts:${lineOf("@mark-lock")}:takeWriteLock()]`;
    assert.deepEqual(sims.map((s) => s.inner.lockMap.get("src/w")?.[0]?.source), [want, want, want]);
    assert.equal(await mu.unlock(), true);
  });

  it("rLock() does the same, and an explicit source wins", async () => {
    const { sims, dsync } = simCluster(3);
    const mu = new DRWMutex(dsync, ["src/r"]);
    assert.equal(await takeReadLock(mu), true);
    const want = `[source.test.ts:${lineOf("@mark-rlock")}:takeReadLock()]`;
    assert.deepEqual(sims.map((s) => s.inner.lockMap.get("src/r")?.[0]?.source), [want, want, want]);
    assert.equal(await mu.rUnlock(), true);
    const mu2 = new DRWMutex(dsync, ["src/x"]);
    assert.equal(await mu2.lock({ source: "given", retryIntervalMs: -1 }), true);
    assert.deepEqual(sims.map((s) => s.inner.lockMap.get("src/x")?.[0]?.source), ["given", "given", "given"]);
    assert.equal(await mu2.unlock(), true);
  });
});
