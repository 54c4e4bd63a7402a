// Bad input never crashes the checker: mangled versions of every corpus file go
// through load + compare; the result is either load errors or findings, never a
// throw, and every finding is well-formed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { compareSchemas } from "../../idl/compat/compare.js";
import { loadSchemaSet } from "../../idl/compat/load.js";
import { ruleById } from "../../idl/compat/rules.js";
import { gridFilesUnder } from "../../idl/compat/sources.js";
import { CASES_DIR, listCases } from "./corpus.js";

const texts = listCases().flatMap((c) => gridFilesUnder(join(CASES_DIR, c, "new")).map((p) => readFileSync(p, "utf8")));

/** Deletes, duplicates or replaces one slice of the text. */
const mangled = fc
  .tuple(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), fc.nat({ max: 40 }), fc.constantFrom("", "{", "}", ";", "<", "?", "stream ", "[tuple]", '"', "9", "reserved ", "= 300"))
  .map(([i, at, len, ins]) => {
    const t = texts[i]!;
    const a = at % (t.length + 1);
    return { base: t, mangled: t.slice(0, a) + ins + t.slice(a + len) };
  });

test("mangled schemas load or fail cleanly, and comparing them never throws", async () => {
  await fc.assert(
    fc.asyncProperty(mangled, async ({ base, mangled: bad }) => {
      const files: Record<string, string> = { "old.grid": base, "new.grid": bad };
      const read = (p: string) => {
        const t = files[p];
        if (t === undefined) throw new Error(`no such file ${p}`);
        return t;
      };
      const oldSet = await loadSchemaSet(["old.grid"], read);
      const newSet = await loadSchemaSet(["new.grid"], read);
      for (const e of newSet.errors) assert.match(e, /new\.grid/);
      if (oldSet.errors.length > 0 || newSet.errors.length > 0) return;
      for (const f of [...compareSchemas(oldSet, newSet), ...compareSchemas(newSet, oldSet)]) {
        assert.ok(ruleById(f.rule), `unknown rule ${f.rule}`);
        assert.ok(f.message.length > 0 && !f.message.includes("\n"), "one-line message");
        assert.ok(f.old !== undefined || f.new !== undefined, "at least one location");
      }
    }),
    { numRuns: 300, seed: 6 },
  );
});
