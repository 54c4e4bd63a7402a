// Wall-clock steps (NTP) must not change how long an in-flight request waits: Go's context deadline
// and the old per-request setTimeout both run on a monotonic clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DeadlineExceededError } from "../../runtime/errors.js";
import { setupGrid, bytes, text } from "./harness.js";

const realNow = Date.now;

test("clock stepped back 60 s: a 200 ms request still times out after ~200 ms", async () => {
  const g = await setupGrid(2, { configure: (m) => m.registerSingle(78, () => new Promise(() => {})) });
  try {
    const conn = g.managers[0]!.connection(g.hosts[1]!)!;
    const t0 = performance.now();
    const p = conn.request(78, bytes("x"), { deadline: Date.now() + 200 });
    await new Promise((r) => setTimeout(r, 20));
    Date.now = () => realNow() - 60_000;
    const r = await Promise.race([
      p.then(() => "resolved", (e) => (e instanceof DeadlineExceededError ? "deadline" : String(e))),
      new Promise((res) => setTimeout(() => res("still pending after 1500 ms"), 1500)),
    ]);
    Date.now = realNow;
    assert.equal(r, "deadline", `after ${Math.round(performance.now() - t0)} ms`);
  } finally {
    Date.now = realNow;
    await g.close();
  }
});

test("clock stepped forward 10 s: a response arriving 50 ms later within a 5 s deadline resolves", async () => {
  const g = await setupGrid(2, {
    // The clock steps right after the server has answered (its own deadline check passed), so only
    // the caller's side sees the step.
    configure: (m) =>
      m.registerSingle(78, (p) => new Promise((r) => setTimeout(() => {
        r(p);
        setImmediate(() => (Date.now = () => realNow() + 10_000));
      }, 50))),
  });
  try {
    const conn = g.managers[0]!.connection(g.hosts[1]!)!;
    const p = conn.request(78, bytes("echo"), { deadline: Date.now() + 5000 });
    const r = await p.then((v) => text(v), (e) => `rejected: ${String(e)}`);
    Date.now = realNow;
    assert.equal(r, "echo");
  } finally {
    Date.now = realNow;
    await g.close();
  }
});
