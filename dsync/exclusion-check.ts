// The mutual-exclusion verdict shared by the demos and the chaos tests: given when each holder
// got and gave back a lock, find every pair that held the same resource at once while at least
// one of them was a writer. One implementation, so the README demo, the in-process demo and the
// multi-process safety test cannot disagree about what "held" means.

/** One lock tenure as an observer saw it. `from`/`to` are on one clock (a counter or ms). */
export interface Hold {
  /** Who held it (worker name), for the violation text. */
  readonly who: string;
  readonly resource: string;
  readonly write: boolean;
  /** Observed after the grant. */
  readonly from: number;
  /** Observed before the release; `Infinity` while still held. */
  readonly to: number;
}

/** A pair of holds that broke mutual exclusion. */
export interface ExclusionViolation {
  readonly a: Hold;
  readonly b: Hold;
  /** e.g. `w1 (write) and w3 (read) both held bucket/x during [12, 14]`. */
  readonly text: string;
}

function mode(h: Hold): string {
  return h.write ? "write" : "read";
}

/**
 * Every overlapping conflicting pair (write/write or write/read on one resource). Readers may
 * share. Holds are compared as half-open spans, so a release and a grant observed at the same
 * instant do not count as overlap. Sorting per resource keeps this O(n log n + violations).
 */
export function findExclusionViolations(holds: readonly Hold[]): ExclusionViolation[] {
  const byResource = new Map<string, Hold[]>();
  for (const h of holds) {
    let list = byResource.get(h.resource);
    if (list === undefined) byResource.set(h.resource, (list = []));
    list.push(h);
  }
  const out: ExclusionViolation[] = [];
  for (const list of byResource.values()) {
    list.sort((x, y) => x.from - y.from || x.to - y.to);
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      for (let j = i + 1; j < list.length && list[j]!.from < a.to; j++) {
        const b = list[j]!;
        if (!a.write && !b.write) continue;
        const until = Math.min(a.to, b.to);
        out.push({ a, b, text: `${a.who} (${mode(a)}) and ${b.who} (${mode(b)}) both held ${a.resource} during [${b.from}, ${until}]` });
      }
    }
  }
  return out;
}
