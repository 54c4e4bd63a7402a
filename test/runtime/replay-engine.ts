// Replays one recorded Go scenario (../shared/vectors/grid-traces-*.json) with OUR node in the place
// of one recorded Go peer (the dialer or the acceptor) and a scripted raw peer in the place of the
// other. The raw peer sends the other side's recorded frames verbatim; everything our node sends
// must equal what the recorded Go peer sent (grid-traces.md "How a TypeScript test should use them").
//
// What is compared, and why it can be exact:
// * The upgrade: as acceptor we receive Go's recorded upgrade request verbatim (same
//   Sec-WebSocket-Key), so our 101 answer must equal the recorded one byte for byte. As dialer our
//   request must have Go's header names, order and values (the key is random; X-Minio-Time follows
//   the injected clock).
// * Handshake frames: the manager gets the recorded instance UUID and a clock set to the recorded
//   time, so OpConnect / OpConnectResponse are byte-exact too.
// * Every other message is compared byte for byte (tuple, payload, subroute, checksum), except the
//   fields the trace documents as varying: DeadlineMS of deadline scenarios (ours must be in range;
//   the message is then re-encoded with the recorded value and must equal the recorded bytes) and
//   our own connection pings (the interval is compressed; checked against what our clock and
//   interval must produce). Pongs echo what the raw peer sent, so they are exact even where the
//   recording varies.
// * Batching is free (OpMerged expanded on both sides); connection pings are matched out of band
//   because their moment depends on a timer; `burst_40` is matched as a set (Go's goroutines picked
//   the order, trace doc "What varies"): as caller we issue the 40 requests in the recorded MuxID
//   order, so each message is still Go's bytes for that MuxID.
//
// What cannot be replayed in real time, and what stands in for it:
// * conn_ping / stream_ping waited for Go's 10 s / 15 s timers. We compress our intervals (the test
//   files' TIMING), so our ping's DeadlineMS at HEAD is our interval, not 10000 (HEAD writes its own
//   interval there); everything else about the exchange is compared. The 'sleep16' handler waits
//   for the stream pong instead of 16.5 s, which is the order the recording shows.
// * The deadline scenarios keep their real 200/300 ms deadlines; only DeadlineMS is ranged (above).
// * stream_deadline's end is a race in Go (grid-traces.md difference 3); the raw peer plays the
//   recorded order, which makes ours deterministic for each profile's recording.
// * handshake_rejected: the retry spacing (1-2 s in Go) is not compared; each attempt's upgrade and
//   OpConnect are, and so is who closes the rejected socket.
import assert from "node:assert/strict";
import type { IncomingMessage, Server } from "node:http";
import { connect, Socket as NetSocket, type Socket } from "node:net";
import type { Connection } from "../../runtime/connection.js";
import { Manager } from "../../runtime/manager.js";
import type { GridTiming } from "../../runtime/options.js";
import { WsLink } from "../../runtime/transport/link.js";
import { rfc3339Seconds } from "../../runtime/transport/upgrade.js";
import {
  encodeMessage,
  parseMessage,
  splitMerged,
  type Message,
} from "../../runtime/wire/message.js";
import { timeFromNanos } from "../../runtime/wire/msgp-lite.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import {
  decodePing,
  encodePing,
  encodePong,
} from "../../runtime/wire/payloads.js";
import {
  profileConstants,
  type WireProfile,
} from "../../runtime/wire/profile.js";
import { fakeAcceptor, RawPeer } from "./fake-peer.js";
import {
  registerTraceHandlers,
  type TraceHandlerHooks,
  type TraceIds,
} from "./go-trace-handlers.js";
import { bytes, eventually, text } from "./harness.js";
import {
  loadTraces,
  type TraceConn,
  type TraceFrame,
  type TraceMsg,
  type TraceScenario,
} from "./trace-file.js";

/** The trace files hold bytes as hex. */
export const hexBytes = (s: string): Uint8Array =>
  Uint8Array.from(Buffer.from(s, "hex"));
/** Hex of our bytes, for byte-exact comparisons with a readable diff ("" for null). */
export const toHex = (b: Uint8Array | null): string =>
  b ? Buffer.from(b).toString("hex") : "";

/** Which recorded peer our node replaces. */
export type Side = "dialer" | "acceptor";

/** One message our node sent, with its exact body bytes (OpMerged expanded). */
interface Got {
  msg: Message;
  body: Uint8Array;
}

/** One recorded message with its exact body. */
interface Expect {
  msg: TraceMsg;
  bodyHex: string;
  frame: number;
}

function flattenOurs(frame: Uint8Array): Got[] {
  const p = parseMessage(frame);
  if (p.msg.op !== Op.Merged) return [{ msg: p.msg, body: frame }];
  return splitMerged(frame, p).map((b) => ({
    msg: parseMessage(b).msg,
    body: b,
  }));
}

function recorded(f: TraceFrame): Expect[] {
  if (f.decoded.op === Op.Merged)
    return f.decoded.inner!.map((i) => ({
      msg: i,
      bodyHex: i.bodyHex,
      frame: f.index,
    }));
  return [{ msg: f.decoded, bodyHex: f.payloadHex, frame: f.index }];
}

const isConnPing = (m: {
  op: number;
  muxId?: number;
  muxID?: number;
}): boolean => m.op === Op.Ping && (m.muxId ?? m.muxID) === 0;

/** Our node's messages as seen by the raw peer; connection pings are set aside (and answered like Go would). */
class OurInbox {
  private buf: Got[] = [];
  readonly pings: Got[] = [];
  /** Every WebSocket message our node sent (for batch-size checks). */
  readonly frames: Uint8Array[] = [];

  constructor(
    private readonly peer: RawPeer,
    private readonly timed: boolean,
  ) {}

  private async fill(ms: number): Promise<boolean> {
    const b = await this.peer.recv(ms);
    if (!b) return false;
    this.frames.push(b);
    for (const g of flattenOurs(b)) {
      if (!isConnPing(g.msg)) {
        this.buf.push(g);
        continue;
      }
      this.pings.push(g);
      // Keep our node's pong timeout happy the way a Go peer would: echo the ping (spec 3.5, 11.2).
      const t = decodePing(g.msg.payload);
      this.peer.send(
        encodeMessage({
          ...g.msg,
          op: Op.Pong,
          flags: (g.msg.flags | Flag.CRC) & ~Flag.Subroute,
          payload: encodePong({ notFound: false, err: null, t }, this.timed),
        }),
      );
    }
    return true;
  }

  async next(where: string, ms = 3000): Promise<Got> {
    while (this.buf.length === 0)
      assert.ok(
        await this.fill(ms),
        `${where}: our node sent nothing more (link closed: ${this.peer.closed})`,
      );
    return this.buf.shift()!;
  }

  async waitPings(n: number, where: string): Promise<void> {
    while (this.pings.length < n)
      assert.ok(
        await this.fill(3000),
        `${where}: expected our connection ping #${n}, none came`,
      );
  }

  /** Whatever non-ping messages arrive within `ms`. */
  async extra(ms: number): Promise<Got[]> {
    const end = Date.now() + ms;
    while (Date.now() < end) if (!(await this.fill(end - Date.now()))) break;
    const out = this.buf;
    this.buf = [];
    return out;
  }
}

/** Compares one message our node sent with the recorded one (see the header comment for the rules). */
function check(got: Got, want: Expect, where: string): void {
  const w = want.msg;
  const varies = w.varies ?? [];
  if (varies.length === 0 || w.op === Op.Pong) {
    assert.equal(
      toHex(got.body),
      want.bodyHex,
      `${where}: ${w.opName} bytes differ from Go's`,
    );
    return;
  }
  assert.equal(got.msg.op, w.op, `${where}: op`);
  if (varies.includes("deadlineMS")) {
    // Go wrote 199/299 for 200/300 ms contexts; ours must be a positive value not above the context.
    assert.ok(
      got.msg.deadlineMs > 0 && got.msg.deadlineMs <= w.deadlineMS + 1,
      `${where}: DeadlineMS ${got.msg.deadlineMs} vs recorded ${w.deadlineMS}`,
    );
    const re = encodeMessage({ ...got.msg, deadlineMs: w.deadlineMS });
    assert.equal(
      toHex(re),
      want.bodyHex,
      `${where}: ${w.opName} bytes (DeadlineMS set to the recorded ${w.deadlineMS}) differ from Go's`,
    );
    return;
  }
  assert.fail(
    `${where}: no comparison rule for varying fields ${varies.join(", ")}`,
  );
}

/** Calls our node makes when it is the mux client; each returns Go-style result lines. */
export type Driver = (
  c: Connection,
  ids: TraceIds,
  s: TraceScenario,
) => Promise<string[]>;

const fmt = (r: Uint8Array | null): string =>
  r === null ? "<nil>" : `"${text(r)}"`;
async function reqRes(p: Promise<Uint8Array | null>): Promise<string> {
  try {
    return `ok ${fmt(await p)}`;
  } catch (e) {
    return `error ${(e as Error).message}`;
  }
}
async function results(
  it: AsyncIterable<Uint8Array>,
  onItem?: () => Promise<void>,
): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const x of it) {
      out.push(`item "${text(x)}"`);
      await onItem?.();
    }
    out.push("Results ended without error");
  } catch (e) {
    out.push(`error ${(e as Error).message}`);
  }
  return out;
}

const singleOk: Driver = async (c, { t1 }) => [
  await reqRes(c.request(t1, bytes("Hello Grid World!"))),
];
const twoway: Driver = async (c, { t2 }) => {
  const s = c.openStream(t2, { payload: null });
  const sender = (async () => {
    for (let i = 0; i < 3; i++) await s.send(bytes(`req-${i}`));
    await s.closeSend();
  })();
  const out = await results(s.responses);
  await sender;
  return out;
};

/** What the recorded Go caller did in each scenario (scenario `description` / `callerResults`). */
export const DRIVERS: Record<string, Driver> = {
  single_ok: singleOk,
  reverse_single_ok: singleOk,
  single_empty_nil: async (c, { t1 }) => [
    await reqRes(c.request(t1, bytes("empty"))),
    await reqRes(c.request(t1, bytes("nil"))),
    await reqRes(c.request(t1, null)),
  ],
  single_remote_error: async (c, { t2 }) => [
    await reqRes(c.request(t2, bytes("boom"))),
  ],
  single_unknown_handler: async (c) => [
    await reqRes(c.request(21, bytes("x"))),
  ],
  subroute_request: async (c, { t1 }) => [
    await reqRes(
      c.subroute("subroute").subroute("1").request(t1, bytes("Hello Subroute")),
    ),
  ],
  subroute_unknown: async (c, { t1 }) => [
    await reqRes(c.subroute("nosuch").request(t1, bytes("x"))),
  ],
  stream_oneway: async (c, { t1 }) =>
    results(c.openStream(t1, { payload: bytes("init") }).responses),
  stream_error: async (c, { t1 }) =>
    results(c.openStream(t1, { payload: bytes("error") }).responses),
  stream_cancel: async (c, { t1 }) => {
    const ac = new AbortController();
    return results(
      c.openStream(t1, { payload: bytes("block"), signal: ac.signal })
        .responses,
      async () => {
        await new Promise((res) => setTimeout(res, 100));
        ac.abort();
      },
    );
  },
  stream_twoway: twoway,
  reverse_stream_twoway: twoway,
  stream_deadline: async (c, { t1 }) =>
    results(
      c.openStream(t1, { payload: bytes("block"), deadline: Date.now() + 300 })
        .responses,
    ),
  request_deadline: async (c, { t1 }) => [
    await reqRes(
      c.request(t1, bytes("sleep:500"), { deadline: Date.now() + 200 }),
    ),
  ],
  stream_ping: async (c, { t1 }) =>
    results(c.openStream(t1, { payload: bytes("sleep16") }).responses),
  burst_40: async (c, { t1 }, s) => {
    // Issue the 40 requests in the recorded MuxID order so each payload gets the MuxID Go gave it
    // (ids are allocated synchronously in call order); then every byte is comparable.
    const reqs = s.frames
      .filter(
        (f) =>
          f.direction ===
          (s.callerHost === s.dialerHost
            ? "dialer->acceptor"
            : "acceptor->dialer"),
      )
      .flatMap((f) => recorded(f).map((e) => e.msg))
      .filter((m) => m.op === Op.Request)
      .sort((a, b) => a.muxID - b.muxID);
    const calls = reqs.map((m) =>
      c
        .request(t1, hexBytes(m.payloadHex))
        .then((r) => text(r) === m.payloadText),
    );
    const ok = await Promise.all(calls);
    return ok.every(Boolean) && ok.length === 40
      ? ["40 concurrent requests completed"]
      : [`only ${ok.filter(Boolean).length} of ${ok.length} requests echoed`];
  },
};

/** Normalises Go result lines to ours: drop the call prefix and Go type names. */
export function goResult(s: string): string {
  return s
    .replace(/^.*? -> /, "")
    .replace(/^error \S+ "(.*)"$/, "error $1")
    .replace(/^Results error \S+ "(.*)"$/, "error $1");
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** Our dialer's upgrade request vs Go's: same request line, header names, order and values. */
function checkUpgradeRequest(
  req: IncomingMessage,
  c: TraceConn,
  clockNs: bigint,
  profile: WireProfile,
  where: string,
): void {
  const lines = c.upgradeRequest.split("\r\n").filter((l) => l !== "");
  assert.equal(
    `${req.method} ${req.url} HTTP/${req.httpVersion}`,
    lines[0],
    `${where}: request line`,
  );
  const want = lines.slice(1).map((l): [string, string] => {
    const i = l.indexOf(":");
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
  const got = pairs(req.rawHeaders);
  assert.deepEqual(
    got.map(([k]) => k),
    want.map(([k]) => k),
    `${where}: upgrade header names/order`,
  );
  for (const [i, [k, v]] of got.entries()) {
    if (k === "Sec-WebSocket-Key")
      assert.match(v, /^[A-Za-z0-9+/]{22}==$/, `${where}: key`);
    else if (k === "X-Minio-Time" && profile === "current")
      assert.equal(
        v,
        clockNs.toString(),
        `${where}: X-Minio-Time is our clock in ns`,
      );
    else assert.equal(v, want[i]![1], `${where}: header ${k}`);
  }
}

/** Dials our listener like the recorded Go dialer: its exact upgrade text, then a masked WebSocket. */
async function goDial(
  port: number,
  c: TraceConn,
  where: string,
): Promise<RawPeer> {
  const sock: Socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    sock.once("connect", () => resolve());
    sock.once("error", reject);
  });
  sock.setNoDelay(true);
  sock.write(c.upgradeRequest);
  const head = await new Promise<Buffer>((resolve, reject) => {
    let acc = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      acc = Buffer.concat([acc, d]);
      if (acc.indexOf("\r\n\r\n") >= 0) {
        sock.off("data", onData);
        resolve(acc);
      }
    };
    sock.on("data", onData);
    sock.once("close", () =>
      reject(
        new Error(
          `${where}: socket closed during upgrade; got ${JSON.stringify(acc.toString("latin1"))}`,
        ),
      ),
    );
  });
  const end = head.indexOf("\r\n\r\n") + 4;
  assert.equal(
    head.subarray(0, end).toString("latin1"),
    c.upgradeResponse,
    `${where}: our 101 answer differs from Go's`,
  );
  assert.equal(
    head.length,
    end,
    `${where}: acceptor sent bytes before reading OpConnect`,
  );
  sock.removeAllListeners("close");
  sock.removeAllListeners("error");
  return new RawPeer(new WsLink(sock, true, 1 << 26, 3000));
}

/** Sends recorded frames as one socket write (they were consecutive in one direction). */
function sendFrames(peer: RawPeer, frames: TraceFrame[]): void {
  const sock = peer.link.socket as Socket;
  sock.cork();
  for (const f of frames) peer.send(hexBytes(f.payloadHex));
  sock.uncork();
}

function connectTimeNs(f: TraceFrame): bigint | null {
  const t = (
    f.decoded.payloadDecoded as
      { Time?: { time: { unixSeconds: number; nanos: number } } } | undefined
  )?.Time?.time;
  return t ? BigInt(t.unixSeconds) * 1_000_000_000n + BigInt(t.nanos) : null;
}
function payloadId(f: TraceFrame): Uint8Array {
  return hexBytes((f.decoded.payloadDecoded as { ID: { bin: string } }).ID.bin);
}

/** Options of one replay. */
export interface ReplayOptions {
  profile: WireProfile;
  s: TraceScenario;
  side: Side;
  timing?: Partial<GridTiming>;
  /** handshake_rejected as dialer: require that our dialer leaves closing the rejected socket to the acceptor (Go). */
  dialerLeavesClose?: boolean;
}

/** Fixed port of the recorded acceptor host; our dialer must dial the recorded host string. */
const RECORDED_ACCEPTOR_PORT = 19001;

/** Whether the upgrade came from a client socket of this very process (Node's active handles). */
function fromThisProcess(req: IncomingMessage): boolean {
  const handles = (
    process as unknown as { _getActiveHandles(): unknown[] }
  )._getActiveHandles();
  return handles.some(
    (h) =>
      h instanceof NetSocket &&
      h.localPort === req.socket.remotePort &&
      h.remotePort === req.socket.localPort,
  );
}

/** Binds the fake acceptor, waiting (up to 30 s) while another test process holds the port. */
async function listenRetrying(
  port: number,
  onPeer: (p: RawPeer, req: IncomingMessage) => void,
): Promise<Server> {
  // Once the port stayed taken for the whole budget, later replays fail at once instead of each
  // waiting again (the suite must not stall for minutes on a port held by something else).
  const end = Date.now() + (portGaveUp ? 0 : 30_000);
  for (;;) {
    try {
      return await fakeAcceptor(port, onPeer);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
      if (Date.now() > end) {
        portGaveUp = true;
        throw new Error(
          `port ${port} of the recorded acceptor is in use by another process; the dialer replays need it`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
let portGaveUp = false;

/** Runs one scenario; throws (assert) on the first difference from the recording. */
export async function replay(o: ReplayOptions): Promise<void> {
  const { profile, s, side } = o;
  const tf = loadTraces(profile);
  const ids: TraceIds = {
    t1: tf.handlerIDs["echo/oneway (handlerTest)"]!,
    t2: tf.handlerIDs["error/twoway (handlerTest2)"]!,
  };
  const pc = profileConstants(profile);
  const ours = side === "dialer" ? "dialer->acceptor" : "acceptor->dialer";
  const local = side === "dialer" ? s.dialerHost : s.acceptorHost;
  const remote = side === "dialer" ? s.acceptorHost : s.dialerHost;
  const rejected = s.name === "handshake_rejected";
  const framesOf = (conn: number): TraceFrame[] =>
    s.frames.filter((f) => f.conn === conn);
  const hs = framesOf(1);
  assert.equal(hs[0]!.decoded.op, Op.Connect);
  assert.equal(hs[1]!.decoded.op, Op.ConnectResponse);

  // The recorded clock: connectReq.Time at HEAD, X-Minio-Time (whole seconds) at the reference.
  const clockOf = (conn: number): bigint =>
    connectTimeNs(framesOf(conn)[0]!) ??
    BigInt(
      Date.parse(
        /X-Minio-Time: (\S+)/.exec(
          s.connections[conn - 1]!.upgradeRequest,
        )![1]!,
      ),
    ) * 1_000_000n;
  let clock = clockOf(1);
  const timing: Partial<GridTiming> = {
    retryBaseMs: 60,
    connPingIntervalMs: 60_000,
    streamPingIntervalMs: 60_000,
    ...o.timing,
  };

  // Test-controlled moments the recording produced with sleeps.
  const matchedFrames = new Set<number>();
  const matchWaiters: Array<{ index: number; resolve: () => void }> = [];
  const whenMatched = (index: number): Promise<void> =>
    new Promise((resolve) =>
      matchedFrames.has(index)
        ? resolve()
        : matchWaiters.push({ index, resolve }),
    );
  const streamPongFrame =
    s.frames.find(
      (f) =>
        f.direction === ours &&
        recorded(f).some((e) => e.msg.op === Op.Pong && e.msg.muxID !== 0),
    )?.index ?? -1;
  let slept = false;
  const hooks: TraceHandlerHooks = {
    sleep16: () => whenMatched(streamPongFrame),
    sleptDone: () => (slept = true),
  };

  // The recorded acceptor port is bound BEFORE our dialer exists, so our manager can only ever dial
  // this test's fake acceptor (another test process may be using the port; we wait for it).
  let server: Server | null = null;
  const incoming: Array<{ peer: RawPeer; req: IncomingMessage }> = [];
  let incomingWaiter: (() => void) | null = null;
  if (side === "dialer") {
    server = await listenRetrying(RECORDED_ACCEPTOR_PORT, (peer, req) => {
      // A dialer left behind by another test process may knock on the shared port: only a request
      // from a socket of this process, carrying this test's token and clock, can be ours.
      const time =
        profile === "current"
          ? clock.toString()
          : rfc3339Seconds(Number(clock / 1_000_000n));
      const auth = profile === "current" ? "Bearer debug" : "Bearer";
      if (
        !fromThisProcess(req) ||
        req.headers["x-minio-time"] !== time ||
        req.headers.authorization !== auth
      )
        return void peer.link.socket.destroy();
      incoming.push({ peer, req });
      incomingWaiter?.();
    });
  }

  const upgrades: IncomingMessage[] = [];
  const mgr = new Manager({
    local,
    hosts:
      rejected && side === "acceptor"
        ? [s.acceptorHost, "http://127.0.0.1:19003"]
        : [s.acceptorHost, s.dialerHost],
    profile,
    instanceId: payloadId(side === "dialer" ? hs[0]! : hs[1]!),
    clockNs: () => clock,
    timing,
    auth: {
      token: () => (profile === "current" ? "debug" : ""),
      authRequest: (req) => {
        upgrades.push(req);
        const want = profile === "current" ? "Bearer debug" : "Bearer";
        if (req.headers.authorization !== want)
          throw new Error(
            `unexpected Authorization ${req.headers.authorization}`,
          );
        const t = String(req.headers["x-minio-time"] ?? "");
        if (
          !(profile === "current"
            ? /^\d{19}$/.test(t)
            : !Number.isNaN(Date.parse(t)))
        )
          throw new Error(`bad X-Minio-Time ${t}`);
      },
      validateToken: (t) => {
        if (t !== "debug") throw new Error("invalid token");
      },
    },
  });
  registerTraceHandlers(mgr, ids, hooks);

  let port = 0;
  const peers: RawPeer[] = [];
  /** The raw stand-in for the other Go peer on recorded connection `conn`, after the upgrade. */
  const openPeer = async (conn: number, where: string): Promise<RawPeer> => {
    if (side === "acceptor") {
      const p = await goDial(port, s.connections[conn - 1]!, where);
      assert.equal(
        upgrades.length,
        conn,
        `${where}: our AuthRequest hook saw Go's upgrade request`,
      );
      peers.push(p);
      return p;
    }
    const deadline = Date.now() + 5000;
    while (incoming.length === 0) {
      assert.ok(Date.now() < deadline, `${where}: our dialer never connected`);
      await new Promise<void>((r) => {
        incomingWaiter = r;
        setTimeout(r, 100);
      });
    }
    const { peer, req } = incoming.shift()!;
    peers.push(peer);
    checkUpgradeRequest(req, s.connections[conn - 1]!, clock, profile, where);
    return peer;
  };

  /** Handshake of recorded connection `conn`: Go's half sent verbatim, ours compared byte for byte. */
  const handshake = async (conn: number): Promise<RawPeer> => {
    const [req, resp] = framesOf(conn);
    const where = `${s.name}#conn${conn}`;
    const peer = await openPeer(conn, where);
    if (side === "acceptor") {
      peer.send(hexBytes(req!.payloadHex));
      const b = await peer.recv(3000);
      assert.ok(b, `${where}: no OpConnectResponse`);
      assert.equal(
        toHex(b),
        resp!.payloadHex,
        `${where}: OpConnectResponse differs from Go's`,
      );
    } else {
      const b = await peer.recv(3000);
      assert.ok(b, `${where}: no OpConnect`);
      assert.equal(
        toHex(b),
        req!.payloadHex,
        `${where}: OpConnect differs from Go's`,
      );
      if (conn < s.connections.length) clock = clockOf(conn + 1); // the next attempt happens later
      peer.send(hexBytes(resp!.payloadHex));
    }
    return peer;
  };

  try {
    if (side === "acceptor") port = (await mgr.listen(0)).port;
    if (rejected) {
      for (const c of s.connections) {
        const where = `${s.name}#conn${c.id}`;
        const peer = await handshake(c.id);
        assert.deepEqual(c.socketClosedBy, ["acceptor"]);
        if (side === "acceptor") {
          // We reject and close; the Go dialer never closes a rejected socket itself.
          assert.equal(
            await peer.recv(3000),
            null,
            `${where}: nothing may follow the rejection`,
          );
          assert.ok(
            peer.closed,
            `${where}: our acceptor must close the rejected socket`,
          );
        } else {
          if (o.dialerLeavesClose) {
            assert.equal(await peer.recv(150), null);
            assert.equal(
              peer.closed || peer.remoteEnded,
              false,
              `${where}: our dialer closed the rejected socket; Go leaves that to the acceptor`,
            );
          }
          peer.close();
        }
      }
      if (side === "dialer") {
        const st = mgr.connection(remote)!.stats();
        assert.notEqual(st.connected, true);
        assert.match(
          st.lastDialError ?? "",
          /unknown incoming host: http:\/\/127\.0\.0\.1:19002/,
        );
      }
      return;
    }

    const peer = await handshake(1);
    const inbox = new OurInbox(peer, pc.timedPing);
    const conn = mgr.connection(remote)!;
    await conn.waitForConnect(AbortSignal.timeout(3000));
    const ourCaller = s.callerHost === local;
    const driver = ourCaller ? DRIVERS[s.name] : undefined;
    if (ourCaller && s.callerResults.length > 0)
      assert.ok(driver, `no driver for ${s.name}`);
    const driving = driver
      ? driver(conn, ids, s)
      : Promise.resolve([] as string[]);

    const rest = hs.slice(2);
    let pingsExpected = 0;
    const pendingPeer: TraceFrame[] = [];
    const flushPeer = async (where: string): Promise<void> => {
      if (pendingPeer.length === 0) return;
      await inbox.waitPings(pingsExpected, where);
      sendFrames(peer, pendingPeer.splice(0));
    };
    const markMatched = (i: number): void => {
      matchedFrames.add(i);
      for (const w of matchWaiters.filter((x) => x.index === i)) w.resolve();
    };

    if (s.name === "burst_40") {
      // Matched as a set: each message must equal Go's message for the same MuxID.
      const want = new Map(
        rest
          .filter((f) => f.direction === ours)
          .flatMap((f) =>
            recorded(f).map((e): [number, Expect] => [e.msg.muxID, e]),
          ),
      );
      const peerFrames = rest.filter((f) => f.direction !== ours);
      const oursFirst =
        rest.find((f) => f.direction === ours)!.index < peerFrames[0]!.index;
      if (!oursFirst) sendFrames(peer, peerFrames);
      for (let n = 0; n < 40; n++) {
        const got = await inbox.next(`${s.name} message ${n}`);
        const e = want.get(got.msg.muxId);
        assert.ok(
          e,
          `${s.name}: unexpected MuxID ${got.msg.muxId} (op ${got.msg.op})`,
        );
        assert.equal(
          toHex(got.body),
          e.bodyHex,
          `${s.name}: MuxID ${got.msg.muxId} bytes differ from Go's`,
        );
        want.delete(got.msg.muxId);
      }
      assert.equal(want.size, 0);
      if (oursFirst) sendFrames(peer, peerFrames);
      const maxBatch = Math.max(
        ...inbox.frames.map((b) =>
          parseMessage(b).msg.op === Op.Merged ? parseMessage(b).msg.seq : 1,
        ),
      );
      assert.ok(
        maxBatch <= pc.maxMergeMessages + 1,
        `batch of ${maxBatch} exceeds Go's ${pc.maxMergeMessages + 1}`,
      );
    } else {
      for (const f of rest) {
        if (f.direction !== ours) {
          pendingPeer.push(f);
          continue;
        }
        await flushPeer(`${s.name}#${f.index}`);
        for (const [i, want] of recorded(f).entries()) {
          const where = `${s.name}#${f.index}.${i}`;
          if (isConnPing(want.msg)) {
            pingsExpected++;
            continue;
          }
          check(await inbox.next(where), want, where);
        }
        markMatched(f.index);
      }
      await flushPeer(`${s.name}: end`);
    }

    const got = await driving;
    if (ourCaller)
      assert.deepEqual(
        got,
        s.callerResults.map(goResult),
        `${s.name}: caller results`,
      );
    if (s.name === "request_deadline" && side === "acceptor")
      assert.ok(
        await eventually(() => slept, 3000),
        "the late handler finished",
      );
    // Nothing else may follow (Go sent nothing more in the recording).
    const extra = await inbox.extra(60);
    assert.deepEqual(
      extra.map((g) => `${g.msg.op}/${g.msg.muxId}/${g.msg.seq}`),
      [],
      `${s.name}: our node sent messages Go did not`,
    );
    // Our connection pings: as many as Go's, each exactly what our clock and interval must give.
    await inbox.waitPings(pingsExpected, `${s.name}: pings`);
    const wantPing = toHex(
      encodeMessage({
        muxId: 0,
        seq: 0,
        deadlineMs: pc.timedPing
          ? timing.connPingIntervalMs!
          : pc.connPingDeadlineMs,
        handler: 0,
        op: Op.Ping,
        flags: 0,
        payload: pc.timedPing ? encodePing(timeFromNanos(clock)) : null,
      }),
    );
    for (const p of inbox.pings)
      assert.equal(toHex(p.body), wantPing, `${s.name}: our connection ping`);
    if (pingsExpected > 0) {
      const goPing = s.frames
        .flatMap(recorded)
        .find((e) => isConnPing(e.msg))!.msg;
      assert.equal(
        goPing.deadlineMS,
        pc.timedPing ? 10_000 : 5000,
        "Go's ping DeadlineMS: the interval at HEAD, 5000 at the reference",
      );
    }
    assert.ok(
      await eventually(() => {
        const st = conn.stats();
        return (
          st.outgoingMuxes === 0 &&
          st.incomingMuxes === 0 &&
          st.servingRequests === 0
        );
      }),
      `${s.name}: mux tables not empty: ${JSON.stringify(conn.stats())}`,
    );
  } finally {
    await mgr.close();
    for (const p of peers) p.close();
    for (const { peer } of incoming) peer.close();
    if (server) {
      server.close();
      server.closeAllConnections();
    }
  }
}
