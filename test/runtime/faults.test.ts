// Fault tests (issue #5): each fault ends in a typed error for the caller, the link recovers when the
// peer is healthy again, and no mux or handler is left behind. Faults are injected by a TCP proxy
// between a real dialer manager and a real acceptor manager on loopback.
import { test, describe, before, after, afterEach, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import type { Connection } from "../../runtime/connection.js";
import { CanceledError, DisconnectedError, RemoteError } from "../../runtime/errors.js";
import { encodeFrame } from "../../runtime/transport/ws-frame.js";
import { encodeMessage, parseMessage } from "../../runtime/wire/message.js";
import { Op } from "../../runtime/wire/ops.js";
import { decodeConnectResp, encodeConnectReq } from "../../runtime/wire/payloads.js";
import { FaultProxy } from "./proxy.js";
import { FAST, bytes, text, eventually, tablesEmpty } from "./harness.js";
import { rawDial } from "./fake-peer.js";

/** Active timers of this process (Node's resource list): what "no leaked timers" is measured with. */
const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((_q, r) => r.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const a = server.address();
  return { server, port: typeof a === "object" && a ? a.port : 0 };
}

/** Dialer D (real host) -> proxy -> acceptor A (its host string is the proxy's address). */
async function proxiedPair(acceptorMax = 1 << 20) {
  const sd = await listen();
  const sa = await listen();
  let proxy = await FaultProxy.start(sa.port);
  const hd = `http://127.0.0.1:${sd.port}`;
  let ha = `http://127.0.0.1:${proxy.port}`;
  while (!localShouldDial(hd, ha)) {
    proxy.close();
    proxy = await FaultProxy.start(sa.port);
    ha = `http://127.0.0.1:${proxy.port}`;
  }
  const hosts = [hd, ha];
  const mk = (local: string, max: number) => new Manager({ local, hosts, timing: { ...FAST, connPingIntervalMs: 100 }, maxMessageBytes: max });
  const d = mk(hd, 1 << 22);
  const a = mk(ha, acceptorMax);
  let blocked: (() => void) | null = null;
  for (const m of [d, a]) {
    m.registerSingle(78, async (p, ctx) => {
      if (text(p) === "block") {
        blocked?.();
        await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
      }
      return p;
    });
    m.registerStream(79, async function* (_p, input, ctx) {
      yield bytes("first");
      blocked?.();
      for await (const x of input) yield x;
      await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
    }, { inCapacity: 1, outCapacity: 1 });
  }
  d.attach(sd.server);
  a.attach(sa.server);
  await d.waitAllConnected(AbortSignal.timeout(3000));
  const conn = d.connection(ha)!;
  const back = a.connection(hd)!;
  return {
    d,
    a,
    conn,
    back,
    proxy,
    hd,
    ha,
    onBlocked: () => new Promise<void>((r) => (blocked = r)),
    async close() {
      await d.close();
      await a.close();
      proxy.close();
      for (const s of [sd.server, sa.server]) {
        s.closeAllConnections();
        s.close();
      }
    },
  };
}

type Pair = Awaited<ReturnType<typeof proxiedPair>>;

async function recovers(p: Pair, timerBaseline: number): Promise<void> {
  p.proxy.mode = "pass";
  await p.conn.waitForConnect(AbortSignal.timeout(3000));
  assert.equal(text(await p.conn.request(78, bytes("again"))), "again");
  assert.ok(await eventually(() => tablesEmpty({ managers: [p.d, p.a] })), "mux tables empty after recovery");
  // Back to the steady state's timers (one keepalive per side): nothing left from the fault.
  assert.ok(await eventually(() => activeTimers() <= timerBaseline), `timers leaked: ${activeTimers()} active, steady state ${timerBaseline}`);
}

describe("faults over a proxied loopback link", () => {
  let p: Pair;
  let timerBaseline = 0;
  before(async () => {
    p = await proxiedPair(64 * 1024);
    await eventually(() => tablesEmpty({ managers: [p.d, p.a] }));
    timerBaseline = activeTimers();
  });
  after(async () => {
    await p.close();
  });
  afterEach(async () => {
    await recovers(p, timerBaseline);
  });

  test("peer killed mid-request and mid-stream -> DisconnectedError, server handlers cancelled", async () => {
    let started = p.onBlocked();
    const req = p.conn.request(78, bytes("block"));
    await started;
    p.proxy.kill();
    await assert.rejects(req, DisconnectedError);
    await p.conn.waitForConnect(AbortSignal.timeout(3000));
    started = p.onBlocked();
    const s = p.conn.openStream(79, {});
    const it = s.responses[Symbol.asyncIterator]();
    assert.equal(text((await it.next()).value as Uint8Array), "first");
    await started;
    p.proxy.kill();
    await assert.rejects(it.next(), DisconnectedError);
  });

  test("silent peer (no pongs) -> link dropped by the pong timeout, request fails DisconnectedError", async () => {
    const req = p.conn.request(78, bytes("x"), { deadline: Date.now() + 10_000 });
    p.proxy.mode = "silent";
    await assert.rejects(req, DisconnectedError);
    // Both sides stop hearing pongs; whichever pong timer fires first drops the link (the other then
    // sees the socket close), so the reason is on one of the two sides.
    const reasons = (): string => `${p.conn.stats().lastLinkError} | ${p.back.stats().lastLinkError}`;
    assert.ok(await eventually(() => /no pong/.test(reasons())), reasons());
  });

  test("half-written frame, then the socket dies -> DisconnectedError", async () => {
    p.proxy.interceptNext((c, up, down) => {
      up.write(c.subarray(0, Math.max(1, c.length >> 1)));
      setTimeout(() => {
        up.destroy();
        down.destroy();
      }, 20);
      return true;
    });
    await assert.rejects(p.conn.request(78, bytes("half")), DisconnectedError);
  });

  test("garbage frame -> acceptor drops the link (protocol error), caller gets DisconnectedError", async () => {
    const req = p.conn.request(78, bytes("block"));
    await new Promise((r) => setTimeout(r, 20));
    p.proxy.inject(encodeFrame(Uint8Array.from([0x97, 0xff, 0xee, 1, 2, 3]), true));
    await assert.rejects(req, DisconnectedError);
    assert.ok(await eventually(() => /bad frame/.test(p.back.stats().lastLinkError ?? "")), p.back.stats().lastLinkError ?? "");
  });

  test("CRC mismatch -> acceptor drops the link", async () => {
    p.proxy.interceptNext((c, up) => {
      const x = Buffer.from(c);
      x[x.length - 1]! ^= 0x5a;
      up.write(x);
      return true;
    });
    await assert.rejects(p.conn.request(78, bytes("crc")), DisconnectedError);
    assert.ok(await eventually(() => /checksum mismatch/.test(p.back.stats().lastLinkError ?? "")), p.back.stats().lastLinkError ?? "");
  });

  test("oversized payload for the peer's limit -> link dropped, DisconnectedError; unknown handler -> RemoteError", async () => {
    await assert.rejects(p.conn.request(78, new Uint8Array(200 * 1024)), DisconnectedError);
    assert.ok(await eventually(() => /exceeds the limit/.test(p.back.stats().lastLinkError ?? "")));
    await p.conn.waitForConnect(AbortSignal.timeout(3000));
    await assert.rejects(p.conn.request(21, bytes("x")), (e: unknown) => e instanceof RemoteError && /Invalid Handler for type/.test(e.message));
  });

  test("wrong-direction dial is refused like Go", async () => {
    // The dialer side (p.d) must dial p.a, so a dial *to* p.d claiming to be p.a is refused.
    const raw = await rawDial(p.hd);
    raw.send(encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, op: Op.Connect, flags: 0, payload: encodeConnectReq({ id: new Uint8Array(16), host: p.ha, time: { sec: BigInt(Math.floor(Date.now() / 1000)), nsec: 0 }, token: "" }, true) }));
    const b = await raw.recv();
    assert.ok(b);
    const m = parseMessage(b).msg;
    assert.equal(m.op, Op.ConnectResponse);
    const r = decodeConnectResp(m.payload!);
    assert.equal(r.accepted, false);
    assert.equal(r.rejectedReason, "grid: expected to be client side, not server side");
    raw.close();
  });
});

describe("handshake refusals recover once fixed", () => {
  async function pair(o: { token: () => string; validate?: (t: string) => void; authReq?: () => void; skewNs?: () => bigint }) {
    const s1 = await listen();
    const s2 = await listen();
    const h1 = `http://127.0.0.1:${s1.port}`;
    const h2 = `http://127.0.0.1:${s2.port}`;
    const [hd, ha, sd, sa] = localShouldDial(h1, h2) ? [h1, h2, s1, s2] : [h2, h1, s2, s1];
    const hosts = [hd, ha];
    const d = new Manager({ local: hd, hosts, timing: FAST, auth: { token: o.token }, clockNs: () => BigInt(Date.now()) * 1_000_000n + (o.skewNs?.() ?? 0n) });
    const a = new Manager({ local: ha, hosts, timing: FAST, auth: { validateToken: o.validate, authRequest: o.authReq } });
    d.attach(sd.server);
    a.attach(sa.server);
    return {
      conn: d.connection(ha)!,
      async close() {
        await d.close();
        await a.close();
        for (const s of [sd.server, sa.server]) {
          s.closeAllConnections();
          s.close();
        }
      },
    };
  }

  let timersBefore = 0;
  beforeEach(() => {
    timersBefore = activeTimers();
  });
  afterEach(async () => {
    assert.ok(await eventually(() => activeTimers() <= timersBefore), `timers leaked: ${activeTimers()} active, ${timersBefore} before the test`);
  });
  /** While refused, callers get typed errors at once: DisconnectedError for calls, CanceledError for a bounded wait. */
  async function refusedCallerErrors(conn: Connection): Promise<void> {
    await assert.rejects(conn.request(78, bytes("x")), DisconnectedError);
    await assert.rejects(conn.waitForConnect(AbortSignal.timeout(20)), CanceledError);
  }

  test("bad in-band token -> 'auth token: ...', then a good token connects", async () => {
    let tok = "bad";
    const g = await pair({ token: () => tok, validate: (t) => {
      if (t !== "good") throw new Error("token rejected");
    } });
    assert.ok(await eventually(() => /auth token: token rejected/.test(g.conn.stats().lastDialError ?? "")), g.conn.stats().lastDialError ?? "");
    await refusedCallerErrors(g.conn);
    tok = "good";
    await g.conn.waitForConnect(AbortSignal.timeout(3000));
    await g.close();
  });

  test("HTTP auth refusal -> 403, then accepted", async () => {
    let ok = false;
    const g = await pair({ token: () => "", authReq: () => {
      if (!ok) throw new Error("bad bearer");
    } });
    assert.ok(await eventually(() => /403/.test(g.conn.stats().lastDialError ?? "")), g.conn.stats().lastDialError ?? "");
    await refusedCallerErrors(g.conn);
    ok = true;
    await g.conn.waitForConnect(AbortSignal.timeout(3000));
    await g.close();
  });

  test("clock skew of 10 minutes -> refused with Go's duration text, then fixed clock connects", async () => {
    let skew = 600_000_000_000n;
    const g = await pair({ token: () => "", skewNs: () => skew });
    assert.ok(await eventually(() => /time difference too large between servers: 10m0\.\d*s|time difference too large between servers: 9m59/.test(g.conn.stats().lastDialError ?? "")), g.conn.stats().lastDialError ?? "");
    await refusedCallerErrors(g.conn);
    skew = 0n;
    await g.conn.waitForConnect(AbortSignal.timeout(3000));
    await g.close();
  });
});
