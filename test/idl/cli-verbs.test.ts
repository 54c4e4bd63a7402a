// `grid-gen fmt` and `grid-gen parse` through the real CLI entry, on temp files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const dir = mkdtempSync(join(tmpdir(), "grid-idl-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "cli.ts", ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

const messy = "package p;\nstruct A{X:int;}\n";
const clean = "package p;\n\nstruct A {\n  X: int;\n}\n";

test("fmt --check lists unformatted files and exits 1; --write fixes them; then --check passes", () => {
  const sub = join(dir, "fmt");
  mkdirSync(join(sub, "nested"), { recursive: true });
  writeFileSync(join(sub, "ok.grid"), clean);
  writeFileSync(join(sub, "nested", "messy.grid"), messy);
  let r = cli("fmt", "--check", sub);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /not formatted: .*nested\/messy\.grid/);
  assert.doesNotMatch(r.stdout, /ok\.grid/);
  r = cli("fmt", "--write", sub);
  assert.equal(r.status, 0);
  assert.equal(readFileSync(join(sub, "nested", "messy.grid"), "utf8"), clean);
  r = cli("fmt", "--check", sub);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("fmt prints to stdout by default, reports syntax errors with exit 1, usage errors with exit 2", () => {
  const f = join(dir, "one.grid");
  writeFileSync(f, messy);
  let r = cli("fmt", f);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, clean);
  writeFileSync(join(dir, "bad.grid"), "package p;\nstruct A { X int; }\n");
  r = cli("fmt", join(dir, "bad.grid"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.grid:2:14 - error E0010: expected ':' in a field declaration, found 'int'/);
  assert.equal(cli("fmt").status, 2);
  assert.equal(cli("fmt", "--bogus", f).status, 2);
  assert.equal(cli("fmt", join(dir, "absent.grid")).status, 2);
});

test("parse prints diagnostics and exits 1 on errors, 0 when clean; --json dumps the AST", () => {
  const bad = join(dir, "p-bad.grid");
  writeFileSync(bad, "package p;\nservice S {\n  rpc A = 0 (NoPayload) returns (Nope);\n}\n");
  let r = cli("parse", bad);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /p-bad\.grid:3:11 - error E0601/);
  assert.match(r.stderr, /p-bad\.grid:3:34 - error E0101: cannot find type 'Nope'/);
  assert.match(r.stderr, /2 errors, 0 warnings/);
  r = cli("parse", "schemas/bench/echo.grid");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "ok: 1 file, 1 type, 1 service, 4 handlers\n");
  r = cli("parse", "--json", "schemas/examples/everything.grid");
  assert.equal(r.status, 0, r.stderr);
  const dump = JSON.parse(r.stdout) as { files: { path: string; types: { name: string; kind: string; values?: { value: unknown }[] }[] }[]; diagnostics: unknown[] };
  assert.deepEqual(dump.diagnostics, []);
  const main = dump.files.find((f) => f.path === "schemas/examples/everything.grid");
  const code = main?.types.find((t) => t.name === "Code");
  assert.equal(code?.values?.[2]?.value, "255", "bigint values are strings in JSON");
  assert.deepEqual(dump.files.map((f) => f.path).slice(-1), ["schemas/examples/everything.grid"]);
});
