// Generated clients and servers over real loopback grid connections: typed
// single calls with subroutes and deadlines, streams in every direction.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RemoteError } from "../../runtime/index.js";
import { setupGrid } from "../runtime/harness.js";
import * as lock from "../../generated/dsync/lock.js";
import * as echo from "../../generated/bench/echo.js";
import * as ev from "../../generated/examples/everything.js";

test("a generated client calls a generated server (dsync Lock service)", async () => {
  const g = await setupGrid(2);
  try {
    const seen: lock.LockArgs[] = [];
    lock.registerLockService(g.managers[1]!, {
      lock(req) {
        seen.push(req);
        return { Code: req.Resources.length > 1 ? lock.ResponseCode.OK : lock.ResponseCode.LockConflict, Err: "" };
      },
      rLock: async () => ({ Code: lock.ResponseCode.OK, Err: "" }),
      unlock: () => {
        throw new Error("not held");
      },
      rUnlock: () => ({ Code: lock.ResponseCode.OK, Err: "" }),
      refresh: () => ({ Code: lock.ResponseCode.LockNotFound, Err: "" }),
      forceUnlock: () => ({ Code: lock.ResponseCode.OK, Err: "" }),
    });
    const client = new lock.LockClient(g.managers[0]!.connection(g.hosts[1]!)!);
    const args = { ...lock.createLockArgs(), UID: "u1", Resources: ["a", "b"], Quorum: 2 };
    assert.deepStrictEqual(await client.lock(args), { Code: 0, Err: "" });
    assert.deepStrictEqual(seen, [args]);
    assert.equal((await client.refresh(args)).Code, lock.ResponseCode.LockNotFound);
    await assert.rejects(client.unlock(args), (e: unknown) => e instanceof RemoteError && /not held/.test(e.message));
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(client.rLock(args, { signal: ctl.signal }));
  } finally {
    await g.close();
  }
});

test("streams: responses-only, requests-only and two-way echo streams with typed items", async () => {
  const g = await setupGrid(2);
  try {
    echo.registerEchoService(g.managers[1]!, {
      echo: (b) => b,
      async *responses(p) {
        for (let i = 0n; i < 3n; i++) yield { Seq: p.Seq + i, Data: p.Data };
      },
      async *requests(_p, reqs) {
        let n = 0n;
        for await (const r of reqs) n += r.Seq;
        yield { Seq: n, Data: new Uint8Array(0) };
      },
      async *twoWay(p, reqs) {
        for await (const r of reqs) yield { Seq: r.Seq * 2n + p.Seq, Data: r.Data };
      },
    });
    const c = new echo.EchoClient(g.managers[0]!.connection(g.hosts[1]!)!);
    assert.deepStrictEqual(await c.echo(new Uint8Array([1, 2, 3])), new Uint8Array([1, 2, 3]));
    assert.equal(await c.echo(null), null);

    const got: bigint[] = [];
    for await (const m of c.responses({ Seq: 10n, Data: new Uint8Array([9]) })) got.push(m.Seq);
    assert.deepStrictEqual(got, [10n, 11n, 12n]);

    const up = c.requests();
    const sums: bigint[] = [];
    const reader = (async () => {
      for await (const m of up) sums.push(m.Seq);
    })();
    for (const s of [1n, 2n, 3n, 4n]) await up.send({ Seq: s, Data: new Uint8Array(0) });
    await up.closeSend();
    await reader;
    assert.deepStrictEqual(sums, [10n]);

    const tw = c.twoWay({ Seq: 1n, Data: new Uint8Array(0) });
    const it = tw[Symbol.asyncIterator]();
    for (const s of [5n, 6n]) {
      await tw.send({ Seq: s, Data: new Uint8Array([Number(s)]) });
      const r = await it.next();
      assert.equal(r.done, false);
      assert.equal(r.value!.Seq, s * 2n + 1n);
    }
    await tw.closeSend();
    assert.equal((await it.next()).done, true);
  } finally {
    await g.close();
  }
});

test("typed subroutes select the handler registered under that subroute", async () => {
  const g = await setupGrid(2);
  try {
    const impl = (tag: string): ev.EverythingServer => ({
      get: (s) => s,
      ping: () => ({}),
      sub: (b) => new Map([["tag", tag], ["len", String(b?.length ?? -1)]]),
      async *listen() {},
      async *copy() {},
      async *events() {},
      async *upload() {},
    });
    ev.registerEverythingService(g.managers[1]!, impl("disk"), { subroute: "disk/1" });
    ev.registerEverythingService(g.managers[1]!, impl("cache"), { subroute: "cache" });
    const c = new ev.EverythingClient(g.managers[0]!.connection(g.hosts[1]!)!);
    const r1 = await c.sub(new Uint8Array(2), { subroute: "disk/1" });
    assert.equal(r1?.get("tag"), "disk");
    const r2 = await c.sub(null, { subroute: "cache" });
    assert.deepStrictEqual(r2, new Map([["tag", "cache"], ["len", "-1"]]));
    // registered only under subroutes: a call without one finds no handler
    await assert.rejects(c.ping({}), RemoteError);
  } finally {
    await g.close();
  }
});

// Compile-time checks (tsc runs over test/): subroutes are typed per handler.
export function typedSubroutesOnly(c: ev.EverythingClient): void {
  // @ts-expect-error "nope" is not a declared subroute of Everything.Sub
  void c.sub(null, { subroute: "nope" });
  // @ts-expect-error Everything.Get declares no subroutes
  void c.get(ev.createScalars(), { subroute: "disk" });
  void c.copy({ Prefix: "" }, { subroute: "cache" });
}
