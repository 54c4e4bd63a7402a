// Spec 10.1/10.2 typed handlers (Go's TestSingleRoundtripGenerics, TestSingleRoundtripGenericsRecycle,
// testGenericsStreamRoundtrip and testGenericsStreamRoundtripSubroute) through GENERATED codecs,
// clients and register functions (schemas/tests/generics*.grid -> generated/tests/), over real
// loopback sockets in both wire profiles.
import { test, describe, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { RemoteError } from "../../runtime/errors.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import * as Head from "../../generated/tests/generics.js";
import * as Ref from "../../generated/tests/generics-2024.js";
import {
  setupGrid,
  eventually,
  tablesEmpty,
  type TestGrid,
} from "./harness.js";

const P = "Hello Grid World!";
type TestRequest = Head.TestRequest;
type TestResponse = Head.TestResponse;

for (const [profile, G] of [
  ["current", Head],
  ["2024-04", Ref],
] as Array<[WireProfile, typeof Head]>) {
  describe(`typed handlers from generated code [${profile}]`, () => {
    let g: TestGrid;
    let subroutesSeen: string[] = [];
    before(async () => {
      g = await setupGrid(2, { profile });
    });
    afterEach(async () => {
      assert.ok(await eventually(() => tablesEmpty(g)), "mux tables empty");
    });
    after(async () => {
      await g.close();
    });
    const conn = () => g.managers[0]!.connection(g.hosts[1]!)!;
    // Go's tests reuse the test ids for every handler kind; re-registering a test id replaces it
    // (test ids are exempt from duplicate checks, spec 7.2), so each test registers its service.
    const registerEverywhere = (
      f: (m: TestGrid["managers"][number]) => void,
    ): void => g.managers.forEach(f);

    test("testRequest/testResponse encode like Go's msgp (map layout, signed int)", () => {
      assert.equal(
        Buffer.from(
          G.TestRequestCodec.encode({ Num: 1n, String: "P" }),
        ).toString("hex"),
        "82a34e756d01a6537472696e67a150",
      );
      const r: TestResponse = {
        OrgNum: -1n,
        OrgString: "",
        Embedded: { Num: 300n, String: "" },
      };
      assert.equal(
        Buffer.from(G.TestResponseCodec.encode(r)).toString("hex"),
        "83a64f72674e756dffa94f7267537472696e67a0a8456d62656464656482a34e756dd1012ca6537472696e67a0",
      );
      assert.deepEqual(
        G.TestResponseCodec.decode(G.TestResponseCodec.encode(r)),
        r,
      );
    });

    test("TestSingleRoundtripGenerics: typed echo and typed remote error", async () => {
      registerEverywhere((m) =>
        G.registerGenericsRpcService(m, {
          roundtrip: (req) => ({
            OrgNum: req.Num,
            OrgString: req.String,
            Embedded: req,
          }),
          fail: (req) => {
            throw new RemoteError(req.String);
          },
        }),
      );
      const c = new G.GenericsRpcClient(conn());
      const req: TestRequest = { Num: 1n, String: P };
      const resp = await c.roundtrip(req);
      assert.equal(resp.OrgString, P);
      assert.equal(resp.OrgNum, 1n);
      assert.deepEqual(resp.Embedded, req);
      await assert.rejects(
        c.fail(req),
        (e: unknown) => e instanceof RemoteError && e.message === P,
      );
    });

    test("TestSingleRoundtripGenericsRecycle: MSS copied entry by entry; MSS error", async () => {
      registerEverywhere((m) =>
        G.registerGenericsMssService(m, {
          copy: (req) => new Map(req ?? []),
          fail: (req) => {
            throw new RemoteError(req?.get("err") ?? "");
          },
        }),
      );
      const c = new G.GenericsMssClient(conn());
      const got = await c.copy(new Map([["test", P]]));
      assert.equal(got?.get("test"), P);
      assert.equal(got?.size, 1);
      await assert.rejects(
        c.fail(new Map([["err", P]])),
        (e: unknown) => e instanceof RemoteError && e.message === P,
      );
    });

    const roundtripImpl = (
      p: TestRequest,
      requests: AsyncIterable<TestRequest>,
      sub: string,
    ): AsyncIterable<TestResponse> =>
      (async function* () {
        subroutesSeen.push(sub);
        for await (const i of requests)
          yield {
            OrgNum: i.Num + p.Num,
            OrgString: p.String + i.String,
            Embedded: i,
          };
      })();

    async function drive(
      s: Head.TypedStream<TestRequest, TestResponse>,
    ): Promise<void> {
      const sender = (async () => {
        for (let i = 0n; i < 10n; i++) await s.send({ Num: i, String: P });
        await s.closeSend();
      })();
      let n = 0n;
      for await (const r of s) {
        assert.equal(r.OrgNum, n + 1n);
        assert.equal(r.OrgString, P + P);
        assert.deepEqual(r.Embedded, { Num: n, String: P });
        n++;
      }
      await sender;
      assert.equal(n, 10n, "ten typed results, then a clean end");
    }

    test("testGenericsStreamRoundtrip: typed payload, inputs and outputs (In 1, Out 1)", async () => {
      subroutesSeen = [];
      registerEverywhere((m) =>
        G.registerGenericsStreamService(m, {
          roundtrip: (p, reqs, ctx) => roundtripImpl(p, reqs, ctx.subroute),
        }),
      );
      await drive(
        new G.GenericsStreamClient(conn()).roundtrip({ Num: 1n, String: P }),
      );
      assert.deepEqual(subroutesSeen, [""]);
    });

    test("testGenericsStreamRoundtripSubroute: same on subroute/1; the handler sees its subroute", async () => {
      subroutesSeen = [];
      registerEverywhere((m) =>
        G.registerGenericsStreamSubService(
          m,
          { roundtrip: (p, reqs, ctx) => roundtripImpl(p, reqs, ctx.subroute) },
          { subroute: "subroute/1" },
        ),
      );
      await drive(
        new G.GenericsStreamSubClient(conn()).roundtrip(
          { Num: 1n, String: P },
          { subroute: "subroute/1" },
        ),
      );
      assert.deepEqual(subroutesSeen, ["subroute/1"]);
    });
  });
}
