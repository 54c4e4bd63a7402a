// `npm run vectors -- <file>` as a user runs it: the summary line format and
// the exit codes (0 all pass, 1 some fail, 2 usage).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { vectorPath } from "../vectors/index.js";

const GOLDEN = vectorPath("msgp-golden.json");

function run(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/check-vectors.ts", ...args], { encoding: "utf8" });
}

test("check-vectors: one FAIL line per bad vector, summary, exit 1", () => {
  const file = JSON.parse(readFileSync(GOLDEN, "utf8")) as { vectors: { name: string; type: string; hex: string }[] };
  const pick = (name: string) => {
    const v = file.vectors.find((x) => x.name === name);
    assert.ok(v, `golden vector ${name} exists`);
    return v;
  };
  // one good vector, one with a wrong byte, one with a type nobody declared
  const good = pick("dsync/lockresp_ok");
  const bad = { ...pick("grid/message_zero"), hex: "97000000000000c401" };
  const unknown = { ...good, name: "made/up", type: "NoSuchType" };
  const dir = mkdtempSync(join(tmpdir(), "vectors-"));
  try {
    const path = join(dir, "v.json");
    writeFileSync(path, JSON.stringify({ ...file, vectors: [good, bad, unknown] }));
    const r = run(["--", path]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.at(-1), "1 passed, 2 failed");
    assert.ok(lines.some((l) => l.startsWith("FAIL grid/message_zero: ")), r.stdout);
    assert.ok(lines.some((l) => l.startsWith("FAIL made/up: type NoSuchType")), r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check-vectors: the shared golden file passes completely, exit 0", () => {
  const r = run([GOLDEN]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout.trim().split("\n").at(-1) ?? "", /^\d+ passed, 0 failed$/);
});

test("check-vectors: no file is a usage error, exit 2", () => {
  const r = run([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: npm run vectors/);
});
