// idl/GRAMMAR.md stays in step with the front end: every diagnostic code is
// documented, and every ```grid example in it parses.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DIAGNOSTIC_CODES, parseSource } from "../../idl/index.js";

const doc = readFileSync("idl/GRAMMAR.md", "utf8");

test("every diagnostic code has a row in the GRAMMAR.md table, and no row is stale", () => {
  const documented = [...doc.matchAll(/^\| ([EW]\d{4}) \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]);
  const expected = Object.keys(DIAGNOSTIC_CODES).map((c) => [c, c.startsWith("W") ? "warning" : "error"]);
  assert.deepEqual(documented, expected);
});

test("every grid example in GRAMMAR.md is free of syntax errors", () => {
  const blocks = [...doc.matchAll(/```grid\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  assert.ok(blocks.length >= 10);
  for (const b of blocks) {
    const text = b.includes("package ") ? b : `package doc;\n${b}`;
    const syntax = parseSource(text, "doc.grid").diagnostics.filter((d) => /^E00/.test(d.code));
    assert.deepEqual(syntax, [], b);
  }
});
