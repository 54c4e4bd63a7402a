// Every bad input yields exactly the diagnostics its .expected file lists
// (code, file:line:col, message, hint), all of them in one run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DIAGNOSTIC_CODES } from "../../idl/index.js";
import { badCases, runCase } from "./bad-corpus.js";

const cases = badCases();

test("the corpus has at least 40 bad inputs", () => {
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
});

for (const c of cases) {
  test(`bad input ${c.name}`, () => {
    const expected = readFileSync(c.expectedPath, "utf8");
    const actual = runCase(c);
    assert.notEqual(actual.trim(), "", "a bad input must produce at least one diagnostic");
    assert.equal(actual, expected);
  });
}

test("several cases report more than one error at once", () => {
  const multi = cases.filter((c) => readFileSync(c.expectedPath, "utf8").split("\n").filter((l) => / error E\d{4}:/.test(l)).length >= 3);
  assert.ok(multi.length >= 5, `only ${multi.length} cases with 3+ errors`);
});

test("the corpus exercises nearly every diagnostic code", () => {
  const seen = new Set<string>();
  for (const c of cases) for (const m of readFileSync(c.expectedPath, "utf8").matchAll(/ ([EW]\d{4}):/g)) seen.add(m[1] ?? "");
  const missing = Object.keys(DIAGNOSTIC_CODES).filter((code) => !seen.has(code));
  // E0030 is reported by fmt only (tested in fmt.test.ts).
  assert.deepEqual(missing, ["E0030"]);
});
