// The local locker's inspectable state as plain data, and its msgp codec. MinIO serves this state
// to peers for the admin "top locks" view (cmd/local-locker_gen.go, spec 4.10): entries are
// `lockRequesterInfo` maps with Go's field names, times as msgp time extensions, so a Go peer
// decodes what we send and we decode what it sends.
import { MsgpDecodeError, MsgpReader, MsgpWriter, type GoTime } from "../runtime/msgp/index.js";

/** One holder of one name as it leaves the process (MinIO lockRequesterInfo; `idx` is never sent). */
export interface LockRequesterInfo {
  name: string;
  writer: boolean;
  uid: string;
  /** Grant time; GoTime keeps a Go peer's nanoseconds exact. */
  timestamp: GoTime;
  timeLastRefresh: GoTime;
  source: string;
  group: boolean;
  owner: string;
  quorum: number;
}

/** MinIO lockStats: names, write-locked names, reader entries. */
export interface LockStatsSnapshot {
  total: number;
  writes: number;
  reads: number;
}

/** Everything an admin view needs from one locker: its table (MinIO localLockMap) and counts. */
export interface LockerSnapshot {
  locks: Map<string, LockRequesterInfo[]>;
  stats: LockStatsSnapshot;
}

/** Converts the locker's millisecond clock to Go's time pair without losing sub-ms fractions. */
export function msToGoTime(ms: number): GoTime {
  const sec = Math.floor(ms / 1000);
  const nsec = Math.min(999_999_999, Math.max(0, Math.round((ms - sec * 1000) * 1e6)));
  return { sec: BigInt(sec), nsec };
}

// ---- encode ----

/** Writes one entry as Go's 9-key map, in the order of the generated Go codec (spec 4.10). */
export function writeLockRequesterInfo(w: MsgpWriter, e: LockRequesterInfo): void {
  w.writeMapHeader(9);
  w.writeString("Name");
  w.writeString(e.name);
  w.writeString("Writer");
  w.writeBool(e.writer);
  w.writeString("UID");
  w.writeString(e.uid);
  w.writeString("Timestamp");
  w.writeTime(e.timestamp);
  w.writeString("TimeLastRefresh");
  w.writeTime(e.timeLastRefresh);
  w.writeString("Source");
  w.writeString(e.source);
  w.writeString("Group");
  w.writeBool(e.group);
  w.writeString("Owner");
  w.writeString(e.owner);
  w.writeString("Quorum");
  w.writeInt(e.quorum);
}

/** Writes MinIO's localLockMap: name -> array of entries, in the Map's insertion order. */
export function writeLockMap(w: MsgpWriter, locks: ReadonlyMap<string, readonly LockRequesterInfo[]>): void {
  w.writeMapHeader(locks.size);
  for (const [name, list] of locks) {
    w.writeString(name);
    w.writeArrayHeader(list.length);
    for (const e of list) writeLockRequesterInfo(w, e);
  }
}

/** Writes MinIO's lockStats as a 3-key map. */
export function writeLockStats(w: MsgpWriter, s: LockStatsSnapshot): void {
  w.writeMapHeader(3);
  w.writeString("Total");
  w.writeInt(s.total);
  w.writeString("Writes");
  w.writeInt(s.writes);
  w.writeString("Reads");
  w.writeInt(s.reads);
}

/**
 * Encodes a whole snapshot as `{"LockMap": localLockMap, "Stats": lockStats}`. The envelope has
 * no Go counterpart (Go sends the two parts separately); the parts are Go's exact layouts.
 */
export function encodeLockerSnapshot(s: LockerSnapshot): Uint8Array {
  const w = new MsgpWriter(256);
  w.writeMapHeader(2);
  w.writeString("LockMap");
  writeLockMap(w, s.locks);
  w.writeString("Stats");
  writeLockStats(w, s.stats);
  return w.finish();
}

// ---- decode (as msgp's generated code: unknown keys skipped, absent keys keep zero values) ----

/** Reads one lockRequesterInfo map. */
export function readLockRequesterInfo(r: MsgpReader): LockRequesterInfo {
  const e: LockRequesterInfo = {
    name: "",
    writer: false,
    uid: "",
    timestamp: { sec: -62135596800n, nsec: 0 },
    timeLastRefresh: { sec: -62135596800n, nsec: 0 },
    source: "",
    group: false,
    owner: "",
    quorum: 0,
  };
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const key = r.readMapKey();
    try {
      switch (key) {
        case "Name": e.name = r.readString(); break;
        case "Writer": e.writer = r.readBool(); break;
        case "UID": e.uid = r.readString(); break;
        case "Timestamp": e.timestamp = r.readTime(); break;
        case "TimeLastRefresh": e.timeLastRefresh = r.readTime(); break;
        case "Source": e.source = r.readString(); break;
        case "Group": e.group = r.readBool(); break;
        case "Owner": e.owner = r.readString(); break;
        case "Quorum": e.quorum = r.readIntNumber(); break;
        default: r.skip();
      }
    } catch (err) {
      throw withPath(err, key);
    }
  }
  return e;
}

/** Reads MinIO's localLockMap; a nil entry list reads as empty (Go's nil slice). */
export function readLockMap(r: MsgpReader): Map<string, LockRequesterInfo[]> {
  const out = new Map<string, LockRequesterInfo[]>();
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const name = r.readMapKey();
    try {
      const list: LockRequesterInfo[] = [];
      if (!r.tryReadNil()) {
        const m = r.readArrayHeader();
        for (let j = 0; j < m; j++) list.push(readLockRequesterInfo(r));
      }
      out.set(name, list);
    } catch (err) {
      throw withPath(err, name);
    }
  }
  return out;
}

/** Reads MinIO's lockStats. */
export function readLockStats(r: MsgpReader): LockStatsSnapshot {
  const s: LockStatsSnapshot = { total: 0, writes: 0, reads: 0 };
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const key = r.readMapKey();
    try {
      switch (key) {
        case "Total": s.total = r.readIntNumber(); break;
        case "Writes": s.writes = r.readIntNumber(); break;
        case "Reads": s.reads = r.readIntNumber(); break;
        default: r.skip();
      }
    } catch (err) {
      throw withPath(err, key);
    }
  }
  return s;
}

/** Decodes encodeLockerSnapshot's bytes; trailing bytes are an error (one snapshot per message). */
export function decodeLockerSnapshot(bytes: Uint8Array): LockerSnapshot {
  const r = new MsgpReader(bytes);
  const s: LockerSnapshot = { locks: new Map(), stats: { total: 0, writes: 0, reads: 0 } };
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const key = r.readMapKey();
    try {
      if (key === "LockMap") s.locks = readLockMap(r);
      else if (key === "Stats") s.stats = readLockStats(r);
      else r.skip();
    } catch (err) {
      throw withPath(err, key);
    }
  }
  if (!r.atEnd()) {
    throw new MsgpDecodeError(r.pos, "end of locker snapshot", `${bytes.length - r.pos} trailing bytes`, [], "send exactly one snapshot per message");
  }
  return s;
}

function withPath(err: unknown, field: string): unknown {
  return err instanceof MsgpDecodeError ? err.withField(field) : err;
}
