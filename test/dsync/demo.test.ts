// The dsync demo end to end, shortened: nodes on loopback, a node killed and restarted, and a
// verdict computed from the grant/release log that must say mutual exclusion held.
import { it } from "node:test";
import assert from "node:assert/strict";
import { runLockDemo } from "../../dsync/index.js";

it("the demo runs, kills and restarts a node, and reports mutual exclusion held", async () => {
  const lines: string[] = [];
  const r = await runLockDemo({ durationMs: 1500, print: (l) => lines.push(l) });
  assert.equal(r.overlaps, 0);
  assert.ok(r.grants > 5, `expected grants, got ${r.grants}`);
  assert.ok(lines.some((l) => l.includes("!! killing node")));
  assert.ok(lines.some((l) => l.includes("restarted")));
  assert.match(lines.at(-1) ?? "", /^mutual exclusion HELD/);
});
