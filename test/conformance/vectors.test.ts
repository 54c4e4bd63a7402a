// Every golden vector (shared/vectors/msgp-golden.json, produced by the real
// tinylib/msgp) must encode to its bytes and decode back to its value through
// the codecs generated from schemas/golden.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { loadGoldenCodecs } from "./golden-codecs.js";
import { loadGoldenSchema } from "./golden-schema.js";
import { checkVectorFile } from "./vector-check.js";
import { vectorPath } from "../vectors/index.js";

const GOLDEN = vectorPath("msgp-golden.json");

test("msgp golden vectors: 100% pass", { skip: existsSync(GOLDEN) ? false : `vector file not found at ${GOLDEN}` }, async (t) => {
  const schema = loadGoldenSchema();
  const codecs = await loadGoldenCodecs();
  const report = checkVectorFile(GOLDEN, schema, codecs);
  t.diagnostic(`codecs: ${codecs.source}`);
  t.diagnostic(`${report.passed} passed, ${report.failed} failed`);
  assert.ok(report.passed >= 367, `expected all 367 vectors to be checked, ${report.passed + report.failed} were`);
  assert.deepEqual(
    report.failures.map((f) => `${f.name}: ${f.reason}`),
    [],
    `${report.failed} golden vectors fail`,
  );
});

test("vector check: a wrong codec is caught", async () => {
  // The checker itself must be able to fail: a codec that drops the last byte
  // of every encoding and decodes everything to null fails every vector.
  const schema = loadGoldenSchema();
  const real = await loadGoldenCodecs();
  const broken = {
    source: "broken",
    get: (name: string) => {
      const c = real.get(name);
      return c && { encode: (v: unknown) => c.encode(v).subarray(0, -1), decode: () => null };
    },
  };
  const report = checkVectorFile(GOLDEN, schema, broken);
  assert.equal(report.passed, 0);
  assert.ok(report.failures.some((f) => f.reason.startsWith("encode")));
});
