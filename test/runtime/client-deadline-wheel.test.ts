// Single-request deadlines run on one coarse timer wheel per connection (mux-client RequestDeadlines).
// Over real loopback: many concurrent calls with mixed deadlines, some answered in time and some
// never; each call ends exactly once with its own outcome, none fails before its deadline, and the
// outgoing table and the wheel are empty afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DeadlineExceededError } from "../../runtime/errors.js";
import { setupGrid, bytes, text } from "./harness.js";

test("mixed deadlines on one connection: answered calls resolve, silent ones expire, never early", async () => {
  const parked: Array<() => void> = [];
  const g = await setupGrid(2, {
    configure: (m) =>
      m.registerSingle(78, (p, ctx) => {
        if (text(p) === "echo") return p;
        // Never answers on its own; released when the caller's deadline has passed anyway.
        return new Promise((r) => {
          parked.push(() => r(null));
          ctx.signal.addEventListener("abort", () => r(null), { once: true });
        });
      }),
  });
  try {
    const conn = g.managers[0]!.connection(g.hosts[1]!)!;
    const calls = Array.from({ length: 120 }, (_, i) => {
      const silent = i % 3 === 0;
      const deadline = Date.now() + 20 + (i % 7) * 15;
      return conn.request(78, bytes(silent ? "park" : "echo"), { deadline }).then(
        (v) => ({ i, silent, deadline, ok: text(v), err: null as unknown, at: Date.now() }),
        (e: unknown) => ({ i, silent, deadline, ok: null, err: e, at: Date.now() }),
      );
    });
    const res = await Promise.all(calls);
    for (const r of res) {
      if (r.silent) {
        assert.ok(r.err instanceof DeadlineExceededError, `call ${r.i}: ${String(r.err)}`);
        assert.ok(r.at >= r.deadline, `call ${r.i} expired ${r.deadline - r.at} ms before its deadline`);
      } else assert.equal(r.ok, "echo", `call ${r.i}: ${String(r.err)}`);
    }
    assert.equal(conn.stats().outgoingMuxes, 0);
    assert.equal(conn.requestDeadlines.size, 0);
    // A deadline that is not a time could never be swept: refused up front, nothing scheduled.
    await assert.rejects(conn.request(78, bytes("echo"), { deadline: new Date("not a date") }), RangeError);
    assert.equal(conn.requestDeadlines.size, 0);
  } finally {
    for (const f of parked) f();
    await g.close();
  }
});
