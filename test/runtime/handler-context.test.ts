// What a single-request handler's context looks like to user code: a plain-looking object with
// caller, subroute, deadline and signal (copies keep the signal, logging it works), and nothing of
// the server's internals. Over real loopback sockets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setupGrid, bytes, text } from "./harness.js";
import type { HandlerContext } from "../../runtime/handlers.js";

test("a handler's context copies like a plain object, logs as JSON and exposes no internals", async () => {
  const seen: { keys: string[]; spreadSignal: unknown; json: string; respond: unknown; conn: unknown } [] = [];
  const g = await setupGrid(2, {
    configure: (m) =>
      m.registerSingle(78, async (p, ctx: HandlerContext) => {
        const copy = { ...ctx, subroute: "wrapped" };
        seen.push({
          keys: Object.keys(ctx).sort(),
          spreadSignal: copy.signal,
          json: JSON.stringify(ctx),
          respond: (ctx as unknown as Record<string, unknown>)["respond"],
          conn: (ctx as unknown as Record<string, unknown>)["conn"],
        });
        return bytes(`ok:${text(p)}`);
      }),
  });
  try {
    const c = g.managers[0]!.connection(g.hosts[1]!)!;
    const deadline = Date.now() + 5000;
    assert.equal(text(await c.request(78, bytes("x"), { deadline })), "ok:x");
    const s = seen[0]!;
    assert.deepEqual(s.keys, ["caller", "deadline", "signal", "subroute"]);
    assert.ok(s.spreadSignal instanceof AbortSignal, "{...ctx} keeps the signal");
    const j = JSON.parse(s.json) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j).sort(), ["caller", "deadline", "subroute"]);
    assert.equal(j["caller"], g.hosts[0]);
    assert.equal(s.respond, undefined, "the reply function is not reachable from the context");
    assert.equal(s.conn, undefined, "the connection is not reachable from the context");
  } finally {
    await g.close();
  }
});
