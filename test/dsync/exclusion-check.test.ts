// The shared mutual-exclusion verdict: conflicting overlaps are found, sharing readers and
// back-to-back tenures are not, and the brute-force pairwise definition agrees on random logs.
import { it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { findExclusionViolations, type Hold } from "../../dsync/exclusion-check.js";

const h = (who: string, resource: string, write: boolean, from: number, to: number): Hold => ({ who, resource, write, from, to });

it("flags a writer overlapping a reader or a writer on the same resource", () => {
  const v = findExclusionViolations([h("w1", "x", true, 1, 5), h("w2", "x", false, 3, 8), h("w3", "x", true, 4, 6)]);
  assert.deepEqual(
    v.map((x) => x.text),
    ["w1 (write) and w2 (read) both held x during [3, 5]", "w1 (write) and w3 (write) both held x during [4, 5]", "w2 (read) and w3 (write) both held x during [4, 6]"],
  );
});

it("lets readers share, keeps resources apart and treats release-then-grant at one instant as no overlap", () => {
  const holds = [h("r1", "x", false, 1, 9), h("r2", "x", false, 2, 3), h("w1", "y", true, 1, 9), h("w2", "z", true, 1, 4), h("w3", "z", true, 4, 7)];
  assert.deepEqual(findExclusionViolations(holds), []);
});

it("a hold still open (to = Infinity) conflicts with every later writer", () => {
  const v = findExclusionViolations([h("w1", "x", true, 1, Infinity), h("w2", "x", true, 100, 101)]);
  assert.equal(v.length, 1);
});

it("agrees with the pairwise definition on random logs", () => {
  const hold = fc
    .record({ who: fc.constantFrom("a", "b", "c"), resource: fc.constantFrom("x", "y"), write: fc.boolean(), from: fc.integer({ min: 0, max: 50 }), len: fc.integer({ min: 1, max: 10 }) })
    .map((r) => h(r.who, r.resource, r.write, r.from, r.from + r.len));
  fc.assert(
    fc.property(fc.array(hold, { maxLength: 30 }), (holds) => {
      let pairs = 0;
      for (let i = 0; i < holds.length; i++) {
        for (let j = i + 1; j < holds.length; j++) {
          const a = holds[i]!;
          const b = holds[j]!;
          if (a.resource === b.resource && (a.write || b.write) && a.from < b.to && b.from < a.to) pairs++;
        }
      }
      assert.equal(findExclusionViolations(holds).length, pairs);
    }),
  );
});
