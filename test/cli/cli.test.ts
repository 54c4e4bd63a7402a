// The CLI entry answers --version and --help and rejects unknown verbs with exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["bin/grid-gen.js", ...args], { encoding: "utf8" });
}

test("--version prints the package version", () => {
  const r = cli("--version");
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), `grid-gen ${pkg.version}`);
});

test("--help lists every verb", () => {
  const r = cli("--help");
  assert.equal(r.status, 0);
  for (const verb of ["gen", "scaffold", "fmt", "parse", "compat"]) assert.match(r.stdout, new RegExp(`\\b${verb}\\b`));
});

test("an unknown verb exits 2 and names the verb", () => {
  const r = cli("frobnicate");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown verb 'frobnicate'/);
});
