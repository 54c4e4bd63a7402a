// Retry sleeps (spec 2.5, 2.14). The random source is injected so tests are reproducible.
import { DsyncUsageError } from "./errors.js";

/** MinIO lockRetryMinInterval: backoff minimum and the bound of the unlock retry sleep. */
export const LOCK_RETRY_MIN_INTERVAL_MS = 250;
/** Added to the backoff base per attempt. */
export const BACKOFF_UNIT_MS = 100;
/** Largest backoff base. */
export const BACKOFF_CAP_MS = 5_000;

/** A uniform [0, 1) source. */
export type Rng = () => number;

/**
 * Sleep before retry `attempt` (1, 2, ...): base = min(min + attempt*100ms, 5s), then
 * base - trunc(r*base) in whole nanoseconds, so the result lies in (0, base]. Returned in ms.
 */
export function backoffMs(attempt: number, rng: Rng, minMs: number = LOCK_RETRY_MIN_INTERVAL_MS): number {
  const baseNs = Math.min((minMs + attempt * BACKOFF_UNIT_MS) * 1e6, BACKOFF_CAP_MS * 1e6);
  return (baseNs - Math.trunc(rng() * baseNs)) / 1e6;
}

/** Sleep between unlock retries: uniform in [0, min) ms. */
export function unlockRetrySleepMs(rng: Rng, minMs: number = LOCK_RETRY_MIN_INTERVAL_MS): number {
  return Math.trunc(rng() * minMs);
}

/**
 * Reads `_MINIO_LOCK_RETRY_INTERVAL` (integer ms) like MinIO; where Go crashes at startup on a
 * non-integer we throw a usage error naming the variable.
 */
export function retryMinIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["_MINIO_LOCK_RETRY_INTERVAL"];
  if (raw === undefined || raw === "") return LOCK_RETRY_MIN_INTERVAL_MS;
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    throw new DsyncUsageError(`_MINIO_LOCK_RETRY_INTERVAL must be an integer number of milliseconds, got ${JSON.stringify(raw)}`);
  }
  return Number.parseInt(raw, 10);
}

/** A seeded uniform [0,1) generator (mulberry32) for reproducible tests and simulations. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
