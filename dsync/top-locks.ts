// The admin "top locks" view (MinIO's topLockEntries, spec 4.10 / 7.3): every lock server sends its
// table, and one distributed lock shows up once per server that granted it. This merges them so
// that each (name, UID) is listed once, with the servers holding it; a pure function so any
// transport (grid, in-process) can feed it.
import type { GoTime } from "../runtime/msgp/index.js";
import type { LockRequesterInfo } from "./lock-snapshot.js";

/** One server's table as received (MinIO PeerLocks): its address and its DupLockMap. */
export interface PeerLocks {
  readonly addr: string;
  readonly locks: ReadonlyMap<string, readonly LockRequesterInfo[]>;
}

/** One merged lock (MinIO madmin.LockEntry, minus the elapsed time the caller can derive). */
export interface TopLockEntry {
  resource: string;
  uid: string;
  type: "WRITE" | "READ";
  /** Taken from the first server that reported the lock, as MinIO does. */
  source: string;
  owner: string;
  quorum: number;
  timestamp: GoTime;
  /** Servers holding this (name, UID), each once, in the order the peers were given. */
  serverList: string[];
}

/** Options of topLockEntries. */
export interface TopLockOptions {
  /** Also list locks held by fewer servers than their quorum (MinIO's `stale` query flag). */
  stale?: boolean;
}

/**
 * Merges the tables of several lock servers. Absent peers (undefined) are skipped. Unless
 * `stale`, a lock held by fewer servers than its quorum is left out (it is not a real lock any
 * more). Oldest grant first; ties by resource, then UID, so the order is deterministic.
 */
export function topLockEntries(peers: readonly (PeerLocks | undefined)[], opts: TopLockOptions = {}): TopLockEntry[] {
  // name -> uid -> entry. Nested maps, not MinIO's "name/uid" string key, which confuses
  // name "a/b" + uid "c" with name "a" + uid "b/c".
  const byName = new Map<string, Map<string, TopLockEntry>>();
  for (const peer of peers) {
    if (!peer) continue;
    for (const [name, list] of peer.locks) {
      let byUid = byName.get(name);
      if (!byUid) byName.set(name, (byUid = new Map()));
      for (const e of list) {
        const seen = byUid.get(e.uid);
        if (seen) {
          // One UID read-locking a name twice on one server is still one server holding it.
          if (!seen.serverList.includes(peer.addr)) seen.serverList.push(peer.addr);
          continue;
        }
        byUid.set(e.uid, {
          resource: name,
          uid: e.uid,
          type: e.writer ? "WRITE" : "READ",
          source: e.source,
          owner: e.owner,
          quorum: e.quorum,
          timestamp: e.timestamp,
          serverList: [peer.addr],
        });
      }
    }
  }
  const out: TopLockEntry[] = [];
  for (const byUid of byName.values()) {
    for (const entry of byUid.values()) {
      if (opts.stale || entry.serverList.length >= entry.quorum) out.push(entry);
    }
  }
  return out.sort(olderFirst);
}

function olderFirst(a: TopLockEntry, b: TopLockEntry): number {
  if (a.timestamp.sec !== b.timestamp.sec) return a.timestamp.sec < b.timestamp.sec ? -1 : 1;
  if (a.timestamp.nsec !== b.timestamp.nsec) return a.timestamp.nsec - b.timestamp.nsec;
  if (a.resource !== b.resource) return a.resource < b.resource ? -1 : 1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}
