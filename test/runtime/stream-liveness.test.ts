// Stream liveness (spec 6.8, 11.4): pings keep slow one-way and two-way streams alive past the
// server's 4x-interval liveness limit; a stream whose peer stops answering fails with DisconnectedError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setupGrid, bytes, text, tablesEmpty, eventually } from "./harness.js";
import { DisconnectedError } from "../../runtime/errors.js";

test("stream_ping: one-way and two-way streams idle for 5x the ping interval stay alive", { timeout: 10_000 }, async () => {
  const g = await setupGrid(2, {
    timing: { streamPingIntervalMs: 100 },
    configure: (m) => {
      m.registerStream(78, async function* () {
        await new Promise((r) => setTimeout(r, 500));
        yield bytes("late");
      }, { outCapacity: 1 });
      m.registerStream(79, async function* (_p, input) {
        for await (const x of input) {
          await new Promise((r) => setTimeout(r, 500));
          yield x;
        }
      }, { inCapacity: 1, outCapacity: 1 });
    },
  });
  try {
    const c = g.managers[0]!.connection(g.hosts[1]!)!;
    const got: string[] = [];
    for await (const x of c.openStream(78, {}).responses) got.push(text(x)!);
    assert.deepEqual(got, ["late"]);
    const s = c.openStream(79, {});
    await s.send(bytes("slow"));
    await s.closeSend();
    const got2: string[] = [];
    for await (const x of s.responses) got2.push(text(x)!);
    assert.deepEqual(got2, ["slow"]);
    assert.ok(await eventually(() => tablesEmpty(g)));
  } finally {
    await g.close();
  }
});

test("a stream whose server vanishes (link silently dead) fails with DisconnectedError", { timeout: 10_000 }, async () => {
  const g = await setupGrid(2, {
    timing: { streamPingIntervalMs: 80, connPingIntervalMs: 5000 },
    configure: (m) => {
      m.registerStream(78, async function* (_p, _in, ctx) {
        yield bytes("first");
        await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
      }, { outCapacity: 1 });
    },
  });
  try {
    const c = g.managers[0]!.connection(g.hosts[1]!)!;
    const s = c.openStream(78, {});
    const it = s.responses[Symbol.asyncIterator]();
    assert.equal(text((await it.next()).value as Uint8Array), "first");
    // The server side forgets the mux without telling anyone: stream pings get nf=true pongs.
    const srv = g.managers[1]!.connection(g.hosts[0]!)!;
    for (const mux of [...srv.incoming.values()]) mux.close(new Error("gone"), false);
    await assert.rejects(it.next(), (e: unknown) => e instanceof DisconnectedError || (e instanceof Error && /remote terminated call/.test(e.message)));
    assert.ok(await eventually(() => tablesEmpty(g)));
  } finally {
    await g.close();
  }
});

test("leaving for-await early cancels the stream on both sides", { timeout: 10_000 }, async () => {
  let cancelled = false;
  const g = await setupGrid(2, {
    configure: (m) => {
      m.registerStream(78, async function* (_p, _in, ctx) {
        ctx.signal.addEventListener("abort", () => (cancelled = true), { once: true });
        for (let i = 0; ; i++) yield bytes(String(i));
      }, { outCapacity: 1 });
    },
  });
  try {
    const c = g.managers[0]!.connection(g.hosts[1]!)!;
    for await (const x of c.openStream(78, {}).responses) if (text(x) === "3") break;
    assert.ok(await eventually(() => cancelled && tablesEmpty(g)));
  } finally {
    await g.close();
  }
});
