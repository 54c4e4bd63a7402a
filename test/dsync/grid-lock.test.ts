// dsync over real grid connections on loopback: lock servers registered on the lock route,
// GridLocker clients, both wire layouts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DRWMutex } from "../../dsync/drwmutex.js";
import { GridLocker } from "../../dsync/grid-locker.js";
import { lockArgs } from "../../dsync/lock-args.js";
import { LockerError } from "../../dsync/errors.js";
import { RemoteError } from "../../runtime/errors.js";
import { seededRng } from "../../dsync/backoff.js";
import { startLockCluster, type LockCluster } from "./grid-cluster.js";
import { eventually } from "./sim-locker.js";

const T = { acquireMs: 500, refreshCallMs: 500, unlockCallMs: 500, forceUnlockCallMs: 500 };
const FAST = { retryMinIntervalMs: 20, rng: seededRng(5) };

for (const profile of ["current", "2024-04"] as const) {
  describe(`dsync over the grid, profile ${profile}`, () => {
    let c: LockCluster;
    before(async () => {
      c = await startLockCluster(3, profile);
    });
    after(async () => {
      await c.close();
    });

    it("a write lock from one node lands on every node's locker with that node as owner, and unlock clears it", async () => {
      const n0 = c.nodes[0]!;
      const mu = new DRWMutex(n0.dsync(T), ["bucket/object"], FAST);
      assert.equal(await mu.lock({ source: "grid.test" }), true);
      for (const nd of c.nodes) {
        const e = nd.locker.lockMap.get("bucket/object")?.[0];
        assert.equal(e?.uid, mu.id);
        assert.equal(e?.owner, n0.host);
        assert.equal(e?.source, "grid.test");
        assert.equal(e?.quorum, 2);
      }
      const other = new DRWMutex(c.nodes[1]!.dsync(T), ["bucket/object"], FAST);
      assert.equal(await other.lock({ retryIntervalMs: -1 }), false, "conflict reported over the wire");
      assert.equal(await mu.unlock(), true);
      for (const nd of c.nodes) assert.equal(nd.locker.lockMap.size, 0);
      assert.equal(await other.lock({ timeoutMs: 2000 }), true);
      assert.equal(await other.unlock(), true);
    });

    it("readers on different nodes share; a writer waits for them", async () => {
      const r1 = new DRWMutex(c.nodes[1]!.dsync(T), ["shared"], FAST);
      const r2 = new DRWMutex(c.nodes[2]!.dsync(T), ["shared"], FAST);
      assert.equal(await r1.rLock(), true);
      assert.equal(await r2.rLock(), true);
      assert.equal(c.nodes[0]!.locker.lockMap.get("shared")?.length, 2);
      const w = new DRWMutex(c.nodes[0]!.dsync(T), ["shared"], FAST);
      const wp = w.lock({ timeoutMs: 5000 });
      setTimeout(() => void r1.rUnlock().then(() => r2.rUnlock()), 100);
      assert.equal(await wp, true);
      assert.equal(await w.unlock(), true);
    });

    it("refresh answered 'not found' over the wire (code 3) loses the lock", async () => {
      const n0 = c.nodes[0]!;
      const mu = new DRWMutex(n0.dsync(T), ["refreshed"], { ...FAST, refreshIntervalMs: 40 });
      let lost = 0;
      assert.equal(await mu.lock({ onLost: () => lost++ }), true);
      // Two of three servers forget the lock (as after a restart): 2 > N - quorum = 1.
      c.nodes[1]!.locker.forceUnlockSync(lockArgs({ uid: "", resources: ["refreshed"] }));
      c.nodes[2]!.locker.forceUnlockSync(lockArgs({ uid: "", resources: ["refreshed"] }));
      assert.ok(await eventually(() => lost === 1));
      assert.equal(mu.lostSignal?.aborted, true);
      assert.equal(n0.locker.lockMap.size, 0, "the client force-unlocked its UID everywhere");
      assert.equal(await mu.unlock(), true);
    });

    it("locker errors travel as code 4 with MinIO's text; unlock-family 'false' is still OK", async () => {
      const remote = c.nodes[0]!.lockers()[1]!;
      assert.ok(remote instanceof GridLocker);
      await assert.rejects(remote.rLock(lockArgs({ uid: "u", resources: ["a", "b"] })), (e: unknown) => e instanceof LockerError && /RLock called with more than one resource/.test(e.message));
      await assert.rejects(remote.rUnlock(lockArgs({ uid: "u", resources: [] })), (e: unknown) => e instanceof LockerError && /no resource/.test(e.message));
      assert.equal(await remote.unlock(lockArgs({ uid: "nobody", resources: ["x"], owner: "o" })), true);
      assert.equal(await remote.refresh(lockArgs({ uid: "nobody" })), false);
      assert.equal(await remote.forceUnlock(lockArgs({ uid: "nobody" })), true);
      assert.equal(remote.isOnline(), true);
    });

    it("a payload that is not LockArgs is answered with a grid error naming the problem", async () => {
      const conn = c.nodes[0]!.manager.connection(c.hosts[1]!)!;
      await assert.rejects(conn.request(1, new Uint8Array([0x91, 0x01])), (e: unknown) => e instanceof RemoteError && /LockArgs.*expected map, got array/.test(e.message));
    });
  });
}

describe("dsync over the grid: a node goes down", () => {
  it("with one of three nodes gone, locks still reach quorum; the dead locker reports offline", async () => {
    const c = await startLockCluster(3);
    try {
      const dead = c.nodes[2]!;
      await dead.close();
      c.servers[2]!.closeAllConnections();
      const grid = c.nodes[0]!.lockers()[2]!;
      assert.ok(await eventually(() => !grid.isOnline(), 3000));
      // TestLockRESTlient: every call to an unreachable peer is an error, not a hang or a "no".
      const a = lockArgs({ uid: "u", resources: ["r"], owner: "o" });
      for (const call of [grid.rLock(a, { deadline: Date.now() + 1000 }), grid.lock(a, { deadline: Date.now() + 1000 }), grid.rUnlock(a, { deadline: Date.now() + 1000 }), grid.unlock(a, { deadline: Date.now() + 1000 })]) {
        await assert.rejects(call);
      }
      const mu = new DRWMutex(c.nodes[0]!.dsync(T), ["survivor"], FAST);
      assert.equal(await mu.lock({ timeoutMs: 3000 }), true);
      assert.equal(c.nodes[1]!.locker.lockMap.has("survivor"), true);
      assert.equal(await mu.unlock(), true);
    } finally {
      await c.close();
    }
  });
});

describe("dsync over the grid: wire bytes", () => {
  for (const profile of ["current", "2024-04"] as const) {
    it(`${profile}: a Lock request is handler 1, OpRequest, EOF, DeadlineMS 60000, with the exact LockArgs bytes`, async () => {
      const seen: { deadlineMs: number; handler: number; op: number; flags: number; payload: string }[] = [];
      const c = await startLockCluster(3, profile, (node, ev) => {
        if (node === 0 && ev.dir === "out" && ev.msg.handler === 1) {
          seen.push({ deadlineMs: ev.msg.deadlineMs, handler: ev.msg.handler, op: ev.msg.op, flags: ev.msg.flags, payload: Buffer.from(ev.msg.payload ?? []).toString("hex") });
        }
      });
      try {
        const n0 = c.nodes[0]!;
        const mu = new DRWMutex({ getLockers: () => ({ lockers: n0.lockers(), owner: "node1" }), timeouts: T }, ["bucket/object"], { ...FAST, id: "uid1" });
        assert.equal(await mu.lock({ source: "src" }), true);
        await mu.unlock();
        assert.equal(seen.length, 2, "one Lock request to each remote locker");
        const want = profile === "2024-04"
          ? "85a3554944a475696431a95265736f757263657391ad6275636b65742f6f626a656374a6536f75726365a3737263a54f776e6572a56e6f646531a651756f72756d02"
          : "85a3554944a475696431a95265736f757263657391ad6275636b65742f6f626a656374a54f776e6572a56e6f646531a6536f75726365a3737263a651756f72756d02";
        for (const m of seen) {
          assert.equal(m.deadlineMs, 60000);
          assert.equal(m.op, 14);
          assert.equal(m.flags & 0x02, 0x02, "FlagEOF");
          assert.equal(m.payload, want, "spec 6.4 example A with Quorum 2 (N=3)");
        }
      } finally {
        await c.close();
      }
    });
  }
});
