// cmd/local-locker_gen_test.go (spec 7.3): the local locker's table and stats survive msgp
// encoding losslessly, with nothing left over, in Go's lockRequesterInfo layout (spec 4.10).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LocalLocker } from "../../dsync/local-locker.js";
import { lockArgs } from "../../dsync/lock-args.js";
import {
  decodeLockerSnapshot,
  encodeLockerSnapshot,
  msToGoTime,
  readLockMap,
  readLockRequesterInfo,
  readLockStats,
  writeLockMap,
  writeLockRequesterInfo,
  writeLockStats,
  type LockRequesterInfo,
} from "../../dsync/lock-snapshot.js";
import { MsgpDecodeError, MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";

/** A locker with group writes, shared readers (one UID twice), and a refreshed entry, on a fake clock. */
function populated(): LocalLocker {
  let t = 1_700_000_000_123;
  const l = new LocalLocker({ now: () => (t += 7) });
  const A = (uid: string, resources: string[], owner: string, quorum = 3) => lockArgs({ uid, resources, owner, source: `[x.ts:${uid.length}:f()]`, quorum });
  assert.equal(l.lockSync(A("g1", ["b/1", "b/2", "b/3"], "node-a")), true);
  assert.equal(l.lockSync(A("w1", ["solo"], "node-b", 2)), true);
  for (let i = 0; i < 20; i++) {
    assert.equal(l.rLockSync(A(`r${i}`, [`read/${i % 5}`], "node-c", 2)), true);
  }
  assert.equal(l.rLockSync(A("r0", ["read/0"], "node-c")), true);
  assert.equal(l.refreshSync(A("g1", [], "")), true);
  return l;
}

function roundTrip(bytes: Uint8Array): void {
  const skipper = new MsgpReader(bytes);
  skipper.skip();
  assert.equal(skipper.pos, bytes.length, "skip() must consume the whole message");
}

/** Go's time extension written by hand: c7 0c 05, int64 seconds, uint32 nanoseconds, big-endian. */
function timeExt(sec: bigint, nsec: number): number[] {
  const b = Buffer.alloc(15);
  b.set([0xc7, 0x0c, 0x05]);
  b.writeBigInt64BE(sec, 3);
  b.writeUInt32BE(nsec, 11);
  return [...b];
}

function str(s: string): number[] {
  const u = Buffer.from(s, "utf8");
  assert.ok(u.length < 32);
  return [0xa0 | u.length, ...u];
}

describe("cmd/local-locker_gen_test.go: locker snapshot codec", () => {
  it("a populated locker round-trips losslessly, stats included, and skip() consumes everything", () => {
    const l = populated();
    const snap = l.snapshot();
    assert.equal(snap.locks.size, 3 + 1 + 5);
    assert.deepEqual(snap.stats, { total: 9, writes: 4, reads: 21 });
    assert.equal(snap.locks.get("read/0")?.length, 5, "r0 twice + r5, r10, r15");
    const g = snap.locks.get("b/2")?.[0];
    assert.ok(g && g.group && g.writer && g.uid === "g1" && g.owner === "node-a" && g.quorum === 3);
    assert.notDeepEqual(g.timeLastRefresh, g.timestamp, "refresh moved TimeLastRefresh only");

    const bytes = encodeLockerSnapshot(snap);
    const back = decodeLockerSnapshot(bytes);
    assert.deepEqual(back, snap);
    assert.deepEqual([...back.locks.keys()], [...snap.locks.keys()], "map order kept");
    roundTrip(bytes);
    assert.deepEqual(encodeLockerSnapshot(back), bytes, "re-encoding gives the same bytes");
  });

  it("each part (entry, lock map, stats) decodes to the end of its bytes", () => {
    const snap = populated().snapshot();
    const entry = snap.locks.get("solo")?.[0] as LockRequesterInfo;
    const parts: Array<[(w: MsgpWriter) => void, (r: MsgpReader) => unknown, unknown]> = [
      [(w) => writeLockRequesterInfo(w, entry), readLockRequesterInfo, entry],
      [(w) => writeLockMap(w, snap.locks), readLockMap, snap.locks],
      [(w) => writeLockStats(w, snap.stats), readLockStats, snap.stats],
    ];
    for (const [write, read, want] of parts) {
      const w = new MsgpWriter();
      write(w);
      const bytes = w.finish();
      const r = new MsgpReader(bytes);
      assert.deepEqual(read(r), want);
      assert.equal(r.atEnd(), true, "nothing left over");
      roundTrip(bytes);
    }
  });

  it("an entry is Go's 9-key map in field order with time extensions (hand-built bytes)", () => {
    const e: LockRequesterInfo = {
      name: "b/o",
      writer: true,
      uid: "u-1",
      timestamp: { sec: 1_700_000_000n, nsec: 123_456_789 },
      timeLastRefresh: { sec: 1_700_000_010n, nsec: 5 },
      source: "[a.go:1:F()]",
      group: false,
      owner: "node",
      quorum: 3,
    };
    const want = [
      0x89,
      ...str("Name"), ...str("b/o"),
      ...str("Writer"), 0xc3,
      ...str("UID"), ...str("u-1"),
      ...str("Timestamp"), ...timeExt(1_700_000_000n, 123_456_789),
      ...str("TimeLastRefresh"), ...timeExt(1_700_000_010n, 5),
      ...str("Source"), ...str("[a.go:1:F()]"),
      ...str("Group"), 0xc2,
      ...str("Owner"), ...str("node"),
      ...str("Quorum"), 0x03,
    ];
    const w = new MsgpWriter();
    writeLockRequesterInfo(w, e);
    assert.deepEqual([...w.finish()], want);
    assert.deepEqual(readLockRequesterInfo(new MsgpReader(Uint8Array.from(want))), e, "a Go peer's nanoseconds survive");
  });

  it("like msgp's generated code: unknown keys are skipped, absent keys keep zero values", () => {
    const bytes = Uint8Array.from([
      0x82,
      ...str("LockMap"), 0x81,
      ...str("x"), 0x91, 0x82, ...str("Name"), ...str("x"), ...str("Future"), 0x92, 0x01, 0x02,
      ...str("Stats"), 0x82, ...str("Reads"), 0x07, ...str("Waiting"), 0x01,
    ]);
    const s = decodeLockerSnapshot(bytes);
    assert.deepEqual(s.stats, { total: 0, writes: 0, reads: 7 });
    const x = s.locks.get("x")?.[0];
    assert.equal(x?.name, "x");
    assert.equal(x?.writer, false);
    assert.deepEqual(x?.timestamp, { sec: -62135596800n, nsec: 0 }, "Go's zero time");
  });

  it("like msgp (spec msgp 4): a nil entry list is refused, because Go writes a nil slice as 90, never c0", () => {
    const bytes = Uint8Array.from([0x81, ...str("LockMap"), 0x81, ...str("y"), 0xc0]);
    assert.throws(() => decodeLockerSnapshot(bytes), (e: unknown) => e instanceof MsgpDecodeError && e.path.join(".") === "LockMap.y" && /expected array, got nil/.test(e.message));
  });

  it("truncated input, a wrong type or trailing bytes give MsgpDecodeError, never a crash", () => {
    const bytes = encodeLockerSnapshot(populated().snapshot());
    for (let cut = 0; cut < bytes.length; cut += 13) {
      assert.throws(() => decodeLockerSnapshot(bytes.subarray(0, cut)), MsgpDecodeError, `cut at ${cut}`);
    }
    assert.throws(() => decodeLockerSnapshot(Uint8Array.from([...bytes, 0xc0])), /1 trailing bytes.*one snapshot per message/);
    const bad = Uint8Array.from([0x81, ...str("Stats"), 0x81, ...str("Total"), ...str("many")]);
    assert.throws(() => decodeLockerSnapshot(bad), (e: unknown) => e instanceof MsgpDecodeError && e.path.join(".") === "Stats.Total");
  });

  it("msToGoTime keeps the locker's milliseconds exact", () => {
    assert.deepEqual(msToGoTime(1_700_000_000_123), { sec: 1_700_000_000n, nsec: 123_000_000 });
    assert.deepEqual(msToGoTime(-1), { sec: -1n, nsec: 999_000_000 });
    assert.deepEqual(msToGoTime(0), { sec: 0n, nsec: 0 });
  });
});
