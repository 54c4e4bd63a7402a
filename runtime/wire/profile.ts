// Wire profiles: the two MinIO grid generations a node can speak (spec 1.4-1.6, 4.2 vs 11.x).

/**
 * Which Go grid a manager is byte-compatible with. `current` = MinIO HEAD (connectReq with Time and
 * Token, nanosecond X-Minio-Time, timed pings, 51-message merges, handlerLast 80); `2024-04` = the
 * reference commit 95bf4a57 (handlerLast 75, 31-message merges, RFC 3339 X-Minio-Time).
 */
export type WireProfile = "current" | "2024-04";

/** Constants that differ between the profiles; everything else is shared. */
export interface ProfileConstants {
  /** First invalid handler id (ids 1..handlerLast-1 are valid). */
  handlerLast: number;
  /** Max messages buffered before a flush; a merged frame holds this + 1. */
  maxMergeMessages: number;
  /** DeadlineMS placed in the connection ping. */
  connPingDeadlineMs: number;
  /** Whether the connection ping carries a send time and pongs echo it (HEAD). */
  timedPing: boolean;
  /** Whether connectReq carries Time and Token (HEAD). */
  connectTimeAndToken: boolean;
}

/** Looks up the constants of a profile. */
export function profileConstants(p: WireProfile): ProfileConstants {
  return p === "current"
    ? { handlerLast: 80, maxMergeMessages: 50, connPingDeadlineMs: 10000, timedPing: true, connectTimeAndToken: true }
    : { handlerLast: 75, maxMergeMessages: 30, connPingDeadlineMs: 5000, timedPing: false, connectTimeAndToken: false };
}
