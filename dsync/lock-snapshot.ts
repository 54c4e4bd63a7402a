// The local locker's inspectable state as plain data, and its wire form. MinIO serves this state
// to peers for the admin "top locks" view (cmd/local-locker_gen.go, spec 4.10). The bytes come
// from the codecs generated from schemas/dsync/lock-snapshot.grid (Go's field names and order,
// times as msgp time extensions); this file only maps them to dsync's camelCase types.
import { MsgpDecodeError, MsgpReader, MsgpWriter, type GoTime } from "../runtime/msgp/index.js";
import * as wire from "../generated/dsync/lock-snapshot.js";

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

// ---- between dsync's types and the generated Go-shaped ones ----

function toWireEntry(e: LockRequesterInfo): wire.LockRequesterInfo {
  return {
    Name: e.name,
    Writer: e.writer,
    UID: e.uid,
    Timestamp: e.timestamp,
    TimeLastRefresh: e.timeLastRefresh,
    Source: e.source,
    Group: e.group,
    Owner: e.owner,
    Quorum: e.quorum,
  };
}

function fromWireEntry(e: wire.LockRequesterInfo): LockRequesterInfo {
  return {
    name: e.Name,
    writer: e.Writer,
    uid: e.UID,
    timestamp: e.Timestamp,
    timeLastRefresh: e.TimeLastRefresh,
    source: e.Source,
    group: e.Group,
    owner: e.Owner,
    quorum: e.Quorum,
  };
}

function mapLocks<A, B>(locks: ReadonlyMap<string, readonly A[]>, f: (a: A) => B): Map<string, B[]> {
  const out = new Map<string, B[]>();
  for (const [name, list] of locks) out.set(name, list.map(f));
  return out;
}

function toWireStats(s: LockStatsSnapshot): wire.LockStats {
  return { Total: s.total, Writes: s.writes, Reads: s.reads };
}

// ---- encode ----

/** Writes one entry as Go's 9-key map, in the order of the generated Go codec (spec 4.10). */
export function writeLockRequesterInfo(w: MsgpWriter, e: LockRequesterInfo): void {
  wire.encodeLockRequesterInfo(w, toWireEntry(e));
}

/** Writes MinIO's localLockMap: name -> array of entries, in the Map's insertion order. */
export function writeLockMap(w: MsgpWriter, locks: ReadonlyMap<string, readonly LockRequesterInfo[]>): void {
  wire.encodeLocalLockMap(w, mapLocks(locks, toWireEntry));
}

/** Writes MinIO's lockStats as a 3-key map. */
export function writeLockStats(w: MsgpWriter, s: LockStatsSnapshot): void {
  wire.encodeLockStats(w, toWireStats(s));
}

/**
 * Encodes a whole snapshot as `{"LockMap": localLockMap, "Stats": lockStats}`. The envelope has
 * no Go counterpart (Go sends the two parts separately); the parts are Go's exact layouts.
 */
export function encodeLockerSnapshot(s: LockerSnapshot): Uint8Array {
  return wire.LockerSnapshotCodec.encode({ LockMap: mapLocks(s.locks, toWireEntry), Stats: toWireStats(s.stats) });
}

// ---- decode (msgp's rules: unknown keys skipped, absent keys keep zero values, c0 only where Go allows it) ----

/** Reads one lockRequesterInfo map. */
export function readLockRequesterInfo(r: MsgpReader): LockRequesterInfo {
  return fromWireEntry(wire.decodeLockRequesterInfo(r));
}

/** Reads MinIO's localLockMap. */
export function readLockMap(r: MsgpReader): Map<string, LockRequesterInfo[]> {
  return mapLocks(wire.decodeLocalLockMap(r), fromWireEntry);
}

/** Reads MinIO's lockStats. */
export function readLockStats(r: MsgpReader): LockStatsSnapshot {
  const s = wire.decodeLockStats(r);
  return { total: s.Total, writes: s.Writes, reads: s.Reads };
}

/** Decodes encodeLockerSnapshot's bytes; trailing bytes are an error (one snapshot per message). */
export function decodeLockerSnapshot(bytes: Uint8Array): LockerSnapshot {
  const r = new MsgpReader(bytes);
  const s = wire.decodeLockerSnapshot(r);
  if (!r.atEnd()) {
    throw new MsgpDecodeError(r.pos, "end of locker snapshot", `${bytes.length - r.pos} trailing bytes`, [], "send exactly one snapshot per message");
  }
  return { locks: mapLocks(s.LockMap, fromWireEntry), stats: { total: s.Stats.Total, writes: s.Stats.Writes, reads: s.Stats.Reads } };
}
