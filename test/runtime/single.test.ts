// Spec 10.1 single-request scenarios over real loopback sockets, in both wire profiles.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { setupGrid, bytes, text, tablesEmpty, eventually, type TestGrid } from "./harness.js";
import { CanceledError, DeadlineExceededError, RemoteError, UnknownHandlerError, PayloadTooLargeError, DisconnectedError } from "../../runtime/errors.js";
import type { WireProfile } from "../../runtime/wire/profile.js";

const P = "Hello Grid World!";

for (const profile of ["current", "2024-04"] as WireProfile[]) {
  const T1 = profile === "current" ? 78 : 73;
  const T2 = T1 + 1;
  describe(`single requests [${profile}]`, () => {
    let g: TestGrid;
    before(async () => {
      g = await setupGrid(2, {
        profile,
        configure: (m, i) => {
          if (i === 1 || true) {
            m.registerSingle(T1, async (p) => {
              const s = text(p);
              if (s === "nil") return null;
              if (s === "empty") return new Uint8Array(0);
              if (s?.startsWith("sleep:")) await new Promise((r) => setTimeout(r, Number(s.slice(6))));
              return p === null ? new Uint8Array(0) : p;
            });
            m.registerSingle(T2, async (p) => {
              throw new RemoteError(text(p) ?? "");
            });
            m.registerSingle(T1, async (p, ctx) => bytes(`${ctx.subroute}:${text(p)}:${ctx.caller}`), { subroute: "subroute/1" });
          }
        },
        extra: () => ({ maxMessageBytes: 4 * 1024 * 1024 }),
      });
    });
    after(async () => {
      assert.ok(await eventually(() => tablesEmpty(g)), "mux tables empty");
      await g.close();
    });
    const conn = () => g.managers[0]!.connection(g.hosts[1]!)!;

    test("localToRemote: echo", async () => {
      assert.equal(text(await conn().request(T1, bytes(P))), P);
    });
    test("localToRemoteErr: error equal by value to RemoteError(payload)", async () => {
      await assert.rejects(conn().request(T2, bytes(P)), (e: unknown) => e instanceof RemoteError && e.message === P);
    });
    test("localToRemoteHuge: 1 MiB round-trips intact", async () => {
      const big = new Uint8Array(1 << 20).fill(0x3f);
      const r = await conn().request(T1, big);
      assert.equal(r!.length, big.length);
      assert.ok(r!.every((b) => b === 0x3f));
    });
    test("localToRemoteErrHuge: 1 KiB error text intact", async () => {
      const s = "!".repeat(1024);
      await assert.rejects(conn().request(T2, bytes(s)), (e: unknown) => e instanceof RemoteError && e.message === s);
    });
    test("nil vs empty (ZERO flag): empty -> empty, nil -> null, null request -> handler sees null", async () => {
      const a = await conn().request(T1, bytes("empty"));
      assert.ok(a !== null && a.length === 0);
      assert.equal(await conn().request(T1, bytes("nil")), null);
      const c = await conn().request(T1, null);
      assert.ok(c !== null && c.length === 0);
    });
    test("subroute request: handler sees subroute and caller", async () => {
      const r = await conn().subroute("subroute").subroute("1").request(T1, bytes("x"));
      assert.equal(text(r), `subroute/1:x:${g.hosts[0]}`);
    });
    test("unknown subroute / unregistered handler -> RemoteError with Go's text", async () => {
      const want = profile === "current" ? "Invalid Handler for type: ServerVerify" : "Invalid Handler for type";
      await assert.rejects(conn().request(21, bytes("x")), (e: unknown) => e instanceof RemoteError && e.message === want);
      await assert.rejects(conn().subroute("nosuch").request(T1, bytes("x")), (e: unknown) => e instanceof RemoteError && e.message.startsWith("Invalid Handler for type"));
    });
    test("invalid handler id fails locally with UnknownHandlerError", async () => {
      await assert.rejects(conn().request(0, null), UnknownHandlerError);
      await assert.rejects(conn().request(profile === "current" ? 80 : 75, null), UnknownHandlerError);
    });
    test("deadline: caller gets DeadlineExceededError, server discards late result", async () => {
      await assert.rejects(conn().request(T1, bytes("sleep:150"), { deadline: Date.now() + 40 }), DeadlineExceededError);
      await assert.rejects(conn().request(T1, bytes("x"), { deadline: Date.now() - 1 }), DeadlineExceededError);
    });
    test("abort: immediate CanceledError", async () => {
      const ac = new AbortController();
      const p = conn().request(T1, bytes("sleep:150"), { signal: ac.signal });
      ac.abort();
      await assert.rejects(p, CanceledError);
    });
    test("oversized payload refused locally", async () => {
      await assert.rejects(conn().request(T1, new Uint8Array(5 * 1024 * 1024)), PayloadTooLargeError);
    });
    test("TestSingleRoundtripNotReady: stream to a handler not registered locally fails locally", async () => {
      const s = conn().openStream(21, {});
      await assert.rejects(async () => {
        for await (const _ of s.responses) void _;
      }, UnknownHandlerError);
    });
    test("reverse direction (acceptor is mux client) and 100 concurrent requests", async () => {
      const back = g.managers[1]!.connection(g.hosts[0]!)!;
      const rs = await Promise.all(Array.from({ length: 100 }, (_, i) => back.request(T1, bytes(`r${i}`))));
      rs.forEach((r, i) => assert.equal(text(r), `r${i}`));
      assert.ok(back.stats().framesOut < 100, `merging: ${back.stats().framesOut} frames for 100 requests`);
    });
    test("unknown host connection is undefined; requests on a closed connection -> DisconnectedError", async () => {
      assert.equal(g.managers[0]!.connection("http://127.0.0.1:1"), undefined);
      assert.equal(g.managers[0]!.connection(g.hosts[0]!), undefined);
      assert.ok(DisconnectedError);
    });
  });
}
