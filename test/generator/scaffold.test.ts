// grid-gen scaffold: a new skeleton lists every handler; on an existing file it
// adds only the missing stubs and keeps every existing line byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadProgram } from "../../idl/index.js";
import { ScaffoldError, newImplementation, updateImplementation } from "../../generator/scaffold.js";
import { ROOT, cli, tempDir } from "./helpers.js";

const program = loadProgram([join(ROOT, "schemas/examples/everything.grid")]);
const svc = program.files.at(-1)!.services[0]!;

test("a new skeleton has one stub per handler, typed by the generated server interface", () => {
  const r = newImplementation(svc, "schemas/examples/everything.grid", "../generated/examples/everything.js");
  assert.deepStrictEqual(r.added, ["get", "ping", "sub", "listen", "copy", "events", "upload"]);
  assert.match(r.text, /export const everythingServer: api\.EverythingServer = \{/);
  assert.match(r.text, /async \*copy\(payload, requests, ctx\)/);
});

test("updating adds only missing stubs and never changes an existing line", () => {
  const user = [
    "// my server",
    'import type * as api from "../generated/examples/everything.js";',
    "const helper = (n: number) => n + 1; // user code",
    "",
    "export const impl: api.EverythingServer = {",
    "    get(req) { return req }, // odd formatting kept as is",
    "    async ping() { return {}; },",
    "    sub: async () => null",
    "}",
    "export default impl;",
    "",
  ].join("\n");
  const r = updateImplementation(svc, user, "impl.ts");
  assert.deepStrictEqual(r.added, ["listen", "copy", "events", "upload"]);
  // every original line survives, in order
  const out = r.text.split("\n");
  let i = 0;
  for (const line of user.split("\n")) {
    while (i < out.length && out[i] !== line) i++;
    assert.ok(i < out.length, `line lost or changed: ${JSON.stringify(line)}`);
    i++;
  }
  assert.match(r.text, /\n    async \*upload\(payload, requests, ctx\) \{/, "stubs follow the object's indentation");
  // idempotent
  assert.deepStrictEqual(updateImplementation(svc, r.text, "impl.ts").added, []);
});

test("a file without an object typed <Service>Server is refused", () => {
  assert.throws(() => updateImplementation(svc, "export const x = {};\n", "impl.ts"), ScaffoldError);
});

test("the CLI writes, then updates an implementation file", () => {
  const dir = tempDir("scaffold");
  try {
    const impl = join(dir, "impl.ts");
    let r = cli(["scaffold", "schemas/examples/everything.grid", "--out", impl]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(impl, "utf8"), /from "\.\.\/\.\.\/generated\/examples\/everything\.js"/);
    writeFileSync(impl, readFileSync(impl, "utf8").replace(/  async get\(req, ctx\) \{\n.*\n  \},\n/, ""));
    r = cli(["scaffold", "schemas/examples/everything.grid", "--out", impl]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /added 1 stub\(s\) to .*: get/);
    assert.equal(cli(["scaffold", "schemas/examples/everything.grid", "--out", impl, "--service", "Nope"]).code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a handler doc holding */ cannot end the stub's comment early in the user's file", () => {
  const src = 'package p;\nservice S {\n  route "/r";\n  /// Runs every 5 minutes (cron */5).\n  rpc Tick = 1 (NoPayload) returns (NoPayload);\n}\n';
  const p = loadProgram(["s.grid"], { readFile: () => src });
  assert.deepEqual(p.diagnostics, []);
  const r = newImplementation(p.files[0]!.services[0]!, "s.grid", "./s.js");
  assert.match(r.text, /\/\*\* Runs every 5 minutes \(cron \*\\\/5\)\. \*\//);
  assert.doesNotMatch(r.text, /cron \*\/5/);
});
