// Spec 10.2 stream suite (TestStreamSuite) over loopback, both profiles; mux tables must be empty
// on both sides after every sub-test.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { setupGrid, bytes, text, tablesEmpty, eventually, type TestGrid } from "./harness.js";
import { CanceledError, DeadlineExceededError, DisconnectedError, RemoteError } from "../../runtime/errors.js";
import type { WireProfile } from "../../runtime/wire/profile.js";

const P = "Hello Grid World!";
/** Active timers of this process: what "no leaked timers" is measured with. */
const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

async function collect(it: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(text(x)!);
  return out;
}

for (const profile of ["current", "2024-04"] as WireProfile[]) {
  const T1 = profile === "current" ? 78 : 73;
  const T2 = T1 + 1;
  describe(`stream suite [${profile}]`, () => {
    let g: TestGrid;
    let mode = "roundtrip";
    let cancelled = 0;
    let release: () => void = () => undefined;
    let timerBaseline = 0;
    before(async () => {
      g = await setupGrid(2, {
        profile,
        configure: (m) => {
          // T1: In 1 / Out 1 for roundtrip; mode switches behaviour per sub-test (registrations are fixed per id).
          m.registerStream(
            T1,
            async function* (payload, input, ctx) {
              if (mode === "roundtrip") {
                for await (const x of input) yield new Uint8Array([...(payload ?? []), ...x]);
              } else if (mode === "block") {
                yield bytes("first");
                await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
                cancelled++;
              } else if (mode === "out100") {
                for (let i = 0; i < 100; i++) yield new Uint8Array([i]);
              } else if (mode === "in100") {
                await new Promise<void>((r) => (release = r));
                let i = 0;
                for await (const x of input) {
                  if (x[0] !== i++) throw new Error(`out of order ${x[0]}`);
                  yield x;
                }
              }
            },
            { inCapacity: 5, outCapacity: 5 },
          );
          m.registerStream(
            T2,
            async function* (_p, input) {
              for await (const _ of input) throw new RemoteError("stream failure");
              yield bytes("never");
            },
            { inCapacity: 1, outCapacity: 1 },
          );
          m.registerSingle(T2, async (p) => p);
          m.registerStream(
            T1,
            async function* (p, input, ctx) {
              assert.equal(ctx.subroute, "subroute/1");
              for await (const x of input) yield bytes(`${text(p)}${text(x)}`);
            },
            { subroute: "subroute/1", inCapacity: 1, outCapacity: 1 },
          );
          m.registerStream(5, async function* (_p, _in, ctx) {
            yield bytes("first");
            await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
            cancelled++;
          });
        },
      });
      timerBaseline = activeTimers();
    });
    afterEach(async () => {
      assert.ok(await eventually(() => tablesEmpty(g)), `mux tables not empty: ${JSON.stringify(g.managers.map((m) => m.stats()))}`);
      // No stream left a timer behind (liveness checks, stream pings, deadlines): back to the keepalives.
      assert.ok(await eventually(() => activeTimers() <= timerBaseline), `timers leaked: ${activeTimers()} active, steady state ${timerBaseline}`);
    });
    after(async () => {
      await g.close();
    });
    const conn = () => g.managers[0]!.connection(g.hosts[1]!)!;

    test("testStreamRoundtrip: payload ++ item, 11 items then clean EOF", async () => {
      mode = "roundtrip";
      const s = conn().openStream(T1, { payload: bytes(P) });
      await s.send(bytes("0"));
      let n = 0;
      for await (const r of s.responses) {
        assert.equal(text(r), P + n);
        if (n === 10) await s.closeSend();
        else await s.send(bytes(String(++n)));
      }
      assert.equal(n, 10);
    });

    test("stream error: handler throws -> RemoteError, remaining state cleaned", async () => {
      const s = conn().openStream(T2, {});
      await s.send(bytes("x"));
      await assert.rejects(collect(s.responses), (e: unknown) => e instanceof RemoteError && e.message === "stream failure");
    });

    test("testStreamCancel: client abort -> handler cancelled, consumer gets CanceledError", async () => {
      const before = cancelled;
      const ac = new AbortController();
      const s = conn().openStream(5, { payload: bytes("block"), signal: ac.signal });
      const it = s.responses[Symbol.asyncIterator]();
      assert.equal(text((await it.next()).value as Uint8Array), "first");
      ac.abort();
      await assert.rejects(it.next(), CanceledError);
      assert.ok(await eventually(() => cancelled === before + 1));
    });

    test("testStreamDeadline: one-way and two-way, client sees a deadline or disconnect, handler cancelled", async () => {
      mode = "block";
      for (const id of [5, T1]) {
        const before = cancelled;
        const s = conn().openStream(id, { payload: bytes("block"), deadline: Date.now() + 80 });
        await assert.rejects(collect(s.responses), (e: unknown) => e instanceof DeadlineExceededError || e instanceof DisconnectedError);
        assert.ok(await eventually(() => cancelled === before + 1), "handler saw cancellation");
      }
    });

    test("testServerOutCongestion: stalled stream does not block 100 single requests", async () => {
      mode = "out100";
      const s = conn().openStream(T1, { payload: null });
      const it = s.responses[Symbol.asyncIterator]();
      assert.deepEqual((await it.next()).value, new Uint8Array([0]));
      const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => conn().request(T2, bytes(`q${i}`))));
      rs.forEach((r, i) => assert.equal(text(r), `q${i}`));
      await s.closeSend();
      for (let i = 1; i < 100; i++) assert.deepEqual((await it.next()).value, new Uint8Array([i]));
      assert.equal((await it.next()).done, true);
    });

    test("testServerInCongestion: 100 inputs wait on credits while single requests pass", async () => {
      mode = "in100";
      const s = conn().openStream(T1, { payload: null });
      const sender = (async () => {
        for (let i = 0; i < 100; i++) await s.send(new Uint8Array([i]));
        await s.closeSend();
      })();
      const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => conn().request(T2, bytes(`q${i}`))));
      assert.equal(rs.length, 100);
      await eventually(() => g.managers[1]!.stats()[g.hosts[0]!]!.incomingMuxes === 1);
      release();
      const got = await collect(s.responses);
      await sender;
      assert.equal(got.length, 100);
    });

    test("testGenericsStreamRoundtripSubroute: handler sees subroute/1", async () => {
      const s = conn().subroute("subroute").subroute("1").openStream(T1, { payload: bytes("p:") });
      const out: string[] = [];
      const sender = (async () => {
        for (let i = 0; i < 10; i++) await s.send(bytes(String(i)));
        await s.closeSend();
      })();
      for await (const r of s.responses) out.push(text(r)!);
      await sender;
      assert.deepEqual(out, Array.from({ length: 10 }, (_, i) => `p:${i}`));
    });

    test("testServerStreamResponseBlocked: consumer stalls, then cancels; handler observes it", async () => {
      mode = "out100";
      const ac = new AbortController();
      const s = conn().openStream(T1, { payload: null, signal: ac.signal });
      const it = s.responses[Symbol.asyncIterator]();
      await it.next();
      await new Promise((r) => setTimeout(r, 30));
      ac.abort();
      await assert.rejects(async () => {
        for (;;) if ((await it.next()).done) break;
      }, CanceledError);
      await assert.rejects(it.next(), CanceledError);
    });
  });
}
