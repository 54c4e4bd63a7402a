// TestTopLockEntries (spec 7.3, admin): merging the tables of several lock servers lists each
// (name, UID) once with every server that holds it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LocalLocker } from "../../dsync/local-locker.js";
import { lockArgs } from "../../dsync/lock-args.js";
import { decodeLockerSnapshot, encodeLockerSnapshot } from "../../dsync/lock-snapshot.js";
import { topLockEntries, type PeerLocks } from "../../dsync/top-locks.js";

const SERVERS = ["server-0", "server-1", "server-2", "server-3"];

/** The peers' tables as the admin handler receives them: each snapshot sent through msgp. */
function overTheWire(lockers: LocalLocker[]): PeerLocks[] {
  return lockers.map((l) => ({ addr: l.toString(), locks: decodeLockerSnapshot(encodeLockerSnapshot(l.snapshot())).locks }));
}

function key(resource: string, uid: string): string {
  return JSON.stringify([resource, uid]);
}

describe("TestTopLockEntries: admin aggregation across lock servers", () => {
  it("10 group-write names under one UID on 4 servers + 50 names with 2 readers: each (name, UID) once, all 4 servers", () => {
    let t = 1_000_000;
    const lockers = SERVERS.map((endpoint) => new LocalLocker({ endpoint, now: () => (t += 1) }));
    const groupNames = Array.from({ length: 10 }, (_, i) => `bucket/group-${i}`);
    lockers.forEach((l, i) => {
      // One distributed write lock: same UID everywhere, each server's own owner string.
      assert.equal(l.lockSync(lockArgs({ uid: "group-uid", resources: groupNames, owner: `owner-${i}`, source: "[g.ts:1:w()]", quorum: 3 })), true);
      for (let n = 0; n < 50; n++) {
        for (const r of ["a", "b"]) {
          assert.equal(l.rLockSync(lockArgs({ uid: `reader-${n}-${r}`, resources: [`bucket/read-${n}`], owner: `owner-${i}`, quorum: 2 })), true);
        }
      }
    });

    const top = topLockEntries(overTheWire(lockers));
    assert.equal(top.length, 10 + 50 * 2);
    const seen = new Set(top.map((e) => key(e.resource, e.uid)));
    assert.equal(seen.size, top.length, "each (name, UID) is listed once");
    for (const e of top) assert.deepEqual(e.serverList, SERVERS, `${e.resource} ${e.uid}`);
    for (const name of groupNames) {
      assert.ok(seen.has(key(name, "group-uid")));
      const e = top.find((x) => x.resource === name);
      assert.equal(e?.type, "WRITE");
      assert.equal(e?.owner, "owner-0", "details come from the first server that reported it");
    }
    for (let n = 0; n < 50; n++) {
      for (const r of ["a", "b"]) assert.ok(seen.has(key(`bucket/read-${n}`, `reader-${n}-${r}`)));
    }
    assert.equal(top.filter((e) => e.type === "READ").length, 100);
    assert.equal(top[0]?.resource, "bucket/group-0", "oldest grant first");
  });

  it("locks below their quorum are dropped unless stale is asked for; absent peers are skipped", () => {
    const lockers = SERVERS.map((endpoint) => new LocalLocker({ endpoint }));
    lockers.slice(0, 3).forEach((l) => l.lockSync(lockArgs({ uid: "held", resources: ["x"], quorum: 3 })));
    lockers[3]!.lockSync(lockArgs({ uid: "leftover", resources: ["y"], quorum: 3 }));
    const peers = [...overTheWire(lockers), undefined];
    assert.deepEqual(topLockEntries(peers).map((e) => [e.resource, e.uid, e.serverList.length]), [["x", "held", 3]]);
    assert.deepEqual(
      topLockEntries(peers, { stale: true }).map((e) => [e.resource, e.uid]).sort(),
      [["x", "held"], ["y", "leftover"]],
    );
  });

  it("one UID read-locking a name twice on a server counts that server once; names with '/' do not collide", () => {
    const [a, b] = [new LocalLocker({ endpoint: "a" }), new LocalLocker({ endpoint: "b" })];
    for (const l of [a, b]) {
      l.rLockSync(lockArgs({ uid: "u", resources: ["n"], quorum: 2 }));
      l.rLockSync(lockArgs({ uid: "u", resources: ["n"], quorum: 2 }));
      l.lockSync(lockArgs({ uid: "c", resources: ["p/q"], quorum: 2 }));
      l.lockSync(lockArgs({ uid: "q/c", resources: ["p"], quorum: 2 }));
    }
    const top = topLockEntries(overTheWire([a, b]));
    assert.deepEqual(
      top.map((e) => [e.resource, e.uid, e.serverList.join(",")]).sort(),
      [["n", "u", "a,b"], ["p", "q/c", "a,b"], ["p/q", "c", "a,b"]],
    );
  });
});
