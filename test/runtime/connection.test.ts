// Spec 10.3 connection behaviour and manager wiring: TestDisconnect, keepalive RTT, two managers on
// different route paths sharing one HTTP server per node, configuration errors.
import { test } from "node:test";
import assert from "node:assert/strict";

import { Manager } from "../../runtime/manager.js";
import { DisconnectedError, GridError } from "../../runtime/errors.js";

import { FAST, setupGrid, bytes, text, eventually, tablesEmpty } from "./harness.js";

test("TestDisconnect: kill links under a pending request and an open stream; reconnect; handlers cancelled", { timeout: 10_000 }, async () => {
  let handlerCancelled = 0;
  let started!: () => void;
  const g = await setupGrid(2, {
    configure: (m) => {
      m.registerSingle(78, async (_p, ctx) => {
        started();
        await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
        handlerCancelled++;
        return null;
      });
      m.registerStream(79, async function* (_p, input, ctx) {
        started();
        ctx.signal.addEventListener("abort", () => handlerCancelled++, { once: true });
        for await (const x of input) yield x;
      }, { inCapacity: 1, outCapacity: 1 });
    },
  });
  try {
    const c = g.managers[0]!.connection(g.hosts[1]!)!;
    let s = new Promise<void>((r) => (started = r));
    const req = c.request(78, bytes("x"));
    await s;
    for (const m of g.managers) for (const h of m.targets()) m.connection(h)!.dropLink("test kill");
    await assert.rejects(req, DisconnectedError);
    await c.waitForConnect(AbortSignal.timeout(3000));
    s = new Promise<void>((r) => (started = r));
    const st = c.openStream(79, {});
    await s;
    for (const m of g.managers) for (const h of m.targets()) m.connection(h)!.dropLink("test kill");
    await assert.rejects(async () => {
      for await (const _ of st.responses) void _;
    }, DisconnectedError);
    await c.waitForConnect(AbortSignal.timeout(3000));
    assert.ok(await eventually(() => handlerCancelled === 2), `cancelled ${handlerCancelled}`);
    assert.ok(await eventually(() => tablesEmpty(g)));
    assert.ok(c.stats().reconnects >= 0);
  } finally {
    await g.close();
  }
});

test("keepalive: pings flow, RTT is measured (current profile), idle link stays up", { timeout: 10_000 }, async () => {
  const g = await setupGrid(2, { timing: { connPingIntervalMs: 40 } });
  try {
    const c = g.managers[0]!.connection(g.hosts[1]!)!;
    assert.ok(await eventually(() => c.stats().lastPingRttMs > 0 || c.stats().messagesIn >= 4, 3000));
    assert.equal(c.stats().connected, true);
    assert.ok(c.stats().maxPingRttMs >= c.stats().lastPingRttMs);
  } finally {
    await g.close();
  }
});

test("configuration errors use Go's texts", () => {
  assert.throws(() => new Manager({ local: "a", hosts: ["b"] }), (e: unknown) => e instanceof GridError && e.message === "grid: local host not found");
  assert.throws(() => new Manager({ local: "a", hosts: ["a", "a"] }), (e: unknown) => e instanceof GridError && e.message === "grid: local host found multiple times");
  const m = new Manager({ local: "http://127.0.0.1:1", hosts: ["http://127.0.0.1:1"] });
  m.registerSingle(5, async () => null);
  assert.throws(() => m.registerSingle(5, async () => null), /already exists/);
  assert.throws(() => m.registerSingle(80, async () => null), /unknown mux handler/);
  void m.close();
});
