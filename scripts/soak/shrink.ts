// Greedy delta shrinking of a failing input, so a report shows the smallest input that still
// breaks the same invariant instead of a 3 KB mutated schema.

/**
 * Removes chunks (halves, quarters, ... single elements) while `stillFails` holds, until no single
 * element can go or `budgetMs` is spent. `stillFails` must be deterministic for a useful result.
 */
export function shrinkList<T>(input: readonly T[], stillFails: (candidate: T[]) => boolean, budgetMs = 3000): T[] {
  let cur = [...input];
  const end = Date.now() + budgetMs;
  let chunk = Math.max(1, cur.length >> 1);
  while (chunk >= 1 && Date.now() < end) {
    let removed = false;
    for (let at = 0; at < cur.length && Date.now() < end; ) {
      const cand = cur.slice(0, at).concat(cur.slice(at + chunk));
      if (cand.length < cur.length && stillFails(cand)) {
        cur = cand;
        removed = true;
      } else at += chunk;
    }
    if (!removed) chunk >>= 1;
  }
  return cur;
}

/** shrinkList over the characters of a text (lines first, then characters: far fewer tries). */
export function shrinkText(text: string, stillFails: (candidate: string) => boolean, budgetMs = 3000): string {
  const lines = shrinkList(text.split(/(?<=\n)/), (ls) => stillFails(ls.join("")), budgetMs / 2);
  return shrinkList([...lines.join("")], (cs) => stillFails(cs.join("")), budgetMs / 2).join("");
}

/** shrinkList over bytes. */
export function shrinkBytes(b: Uint8Array, stillFails: (candidate: Uint8Array) => boolean, budgetMs = 3000): Uint8Array {
  return Uint8Array.from(shrinkList([...b], (xs) => stillFails(Uint8Array.from(xs)), budgetMs));
}
