// The README's main command must keep working: run the demo (shortened) as a
// user would and check what it promises: node kill + restart, contention,
// and a mutual-exclusion verdict that it actually checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

test("npm run demo: a 4-node dsync cluster survives a killed lock server and mutual exclusion holds", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "examples/demo.ts"], {
    encoding: "utf8",
    env: { ...process.env, DEMO_MS: "2500" },
    timeout: 120_000,
  });
  const tail = `\n--- stdout (tail)\n${r.stdout.slice(-3000)}\n--- stderr (tail)\n${r.stderr.slice(-2000)}`;
  assert.equal(r.status, 0, `demo exited ${r.status}${tail}`);
  assert.match(r.stdout, /\*\*\* killing lock node 3/, tail);
  assert.match(r.stdout, /\*\*\* restarting lock node 3/, tail);
  const grants = r.stdout.split("\n").filter((l) => / grant +write /.test(l)).length;
  assert.ok(grants >= 10, `only ${grants} write grants printed${tail}`);
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  const m = /^mutual exclusion held: (\d+) grants/.exec(last);
  assert.ok(m, `last line: ${last}${tail}`);
  assert.ok(Number(m[1]) >= grants);
});
