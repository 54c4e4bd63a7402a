// Every before/after pair under test/compat/cases must produce exactly the
// findings of its expected.json (rule, old and new location, accepted flag):
// flagged cases catch misses, near-miss cases (no findings) catch false positives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { listCases, readExpected, runCase, sortFindings } from "./corpus.js";
import { RULES } from "../../idl/compat/rules.js";

const cases = listCases();

test("the corpus has at least 60 before/after pairs", () => {
  assert.ok(cases.length >= 60, `only ${cases.length} cases`);
});

for (const name of cases) {
  test(`case ${name}`, async () => {
    const exp = readExpected(name);
    const { normalized } = await runCase(name);
    assert.deepEqual(sortFindings(normalized), sortFindings(exp.findings), exp.note);
  });
}

test("every rule has a flagged case and a near-miss case", () => {
  const flagged = new Set(cases.flatMap((c) => readExpected(c).findings.map((f) => f.rule)));
  const missing = RULES.map((r) => r.id).filter((id) => !flagged.has(id));
  assert.deepEqual(missing, [], `rules without a flagged case: ${missing.join(", ")}`);
  const nearMisses = cases.map(readExpected).filter((e) => e.findings.length === 0);
  const covered = new Set(nearMisses.flatMap((e) => e.nearMissFor ?? []));
  const noNearMiss = RULES.map((r) => r.id).filter((id) => !covered.has(id));
  assert.deepEqual(noNearMiss, [], `rules without a near-miss case: ${noNearMiss.join(", ")}`);
  for (const e of nearMisses) for (const id of e.nearMissFor ?? []) assert.ok(RULES.some((r) => r.id === id), `unknown rule ${id} in nearMissFor`);
});
