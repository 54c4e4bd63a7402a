// idl/COMPAT.md documents every rule with a tested before/after example; it must
// match what the generator renders from the current rules and corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { RULES } from "../../idl/compat/rules.js";
import { COMPAT_DOC, renderCompatDoc } from "./compat-doc.js";

test("COMPAT.md has a section per rule with before/after", () => {
  const doc = readFileSync(COMPAT_DOC, "utf8");
  for (const r of RULES) {
    const at = doc.indexOf(`\n## ${r.id}\n`);
    assert.ok(at >= 0, `no section for ${r.id}`);
    const section = doc.slice(at, doc.indexOf("\n## ", at + 4));
    assert.match(section, new RegExp(`\\*\\*${r.severity}\\*\\*`));
    assert.match(section, /Before \(`/);
    assert.match(section, /After \(`/);
    assert.match(section, /Reported as: /);
  }
});

test("COMPAT.md is current (regenerate: npx tsx test/compat/compat-doc.ts --write)", async () => {
  assert.equal(readFileSync(COMPAT_DOC, "utf8"), await renderCompatDoc());
});
