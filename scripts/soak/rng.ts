// Seeded randomness for the soak phases. Every iteration gets its own generator derived from
// (run seed, phase, iteration), so a failure found at iteration i is replayed by that triple alone,
// whatever the time bound let the run reach.

/** A deterministic random source with the few draws the phases need. */
export interface SoakRng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n); 0 when n <= 0. */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast and good enough to explore inputs (not for anything secret). */
export function soakRng(seed: number): SoakRng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => (n <= 0 ? 0 : Math.floor(next() * n));
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T,
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = int(256);
      return out;
    },
    chance: (p: number): boolean => next() < p,
  };
}

/** The per-iteration seed: mixes run seed, phase name and iteration so phases never share streams. */
export function iterationSeed(runSeed: number, phase: string, iteration: number): number {
  let h = (runSeed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < phase.length; i++) h = Math.imul(h ^ phase.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ iteration, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
