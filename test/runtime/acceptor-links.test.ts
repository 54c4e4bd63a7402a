// Acceptor-side link lifecycle against a raw Go-like dialer (spec 4.2 step 6, 4.3, 4.8):
// BlockConnect holds the handshake answer; a new accepted link for the same host replaces the old
// one (old socket closed, its server muxes cancelled, nothing survives); calls work on the new link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import { DisconnectedError } from "../../runtime/errors.js";
import { encodeMessage, parseMessage } from "../../runtime/wire/message.js";
import { timeFromNanos } from "../../runtime/wire/msgp-lite.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import {
  decodeConnectResp,
} from "../../runtime/wire/payloads.js";
import { encodeFrame } from "../../runtime/transport/ws-frame.js";
import { connectMessage, rawDial, type RawPeer } from "./fake-peer.js";
import { bytes, eventually, text } from "./harness.js";

const OURS = "http://127.0.0.1:19001";
const PEER = "http://127.0.0.1:19002";
const connectMsg = (): Uint8Array =>
  connectMessage(PEER, true, { id: new Uint8Array(16).fill(1) });

async function dialAndConnect(port: number): Promise<RawPeer> {
  const p = await rawDial(`http://127.0.0.1:${port}`);
  p.send(connectMsg());
  return p;
}

test(
  "BlockConnect holds the acceptor's answer until released",
  { timeout: 10_000 },
  async () => {
    let release!: () => void;
    const m = new Manager({
      local: OURS,
      hosts: [OURS, PEER],
      blockConnect: new Promise<void>((r) => (release = r)),
    });
    const { port } = await m.listen(0);
    const p = await dialAndConnect(port);
    try {
      assert.equal(await p.recv(150), null, "no answer while blocked");
      assert.equal(p.closed, false);
      release();
      const b = await p.recv(3000);
      assert.ok(b);
      assert.equal(
        decodeConnectResp(parseMessage(b).msg.payload!).accepted,
        true,
      );
      await m.connection(PEER)!.waitForConnect(AbortSignal.timeout(2000));
    } finally {
      p.close();
      await m.close();
    }
  },
);

test(
  "a newer link from the same host replaces the old one: old socket closed, its stream handler cancelled",
  { timeout: 10_000 },
  async () => {
    let cancelled = 0;
    const m = new Manager({
      local: OURS,
      hosts: [OURS, PEER],
      timing: { connPingIntervalMs: 60_000, streamPingIntervalMs: 60_000 },
    });
    m.registerSingle(78, (x) => x);
    m.registerStream(78, async function* (_p, _in, ctx) {
      yield bytes("first");
      await new Promise((r) =>
        ctx.signal.addEventListener("abort", r, { once: true }),
      );
      cancelled++;
    });
    const { port } = await m.listen(0);
    const old = await dialAndConnect(port);
    let fresh: RawPeer | null = null;
    try {
      assert.equal(
        decodeConnectResp(parseMessage((await old.recv())!).msg.payload!)
          .accepted,
        true,
      );
      old.send(
        encodeMessage({
          muxId: 1,
          seq: 0,
          deadlineMs: 0,
          handler: 78,
          op: Op.ConnectMux,
          flags: Flag.CRC | Flag.EOF,
          payload: null,
        }),
      );
      assert.ok(
        await eventually(() => m.connection(PEER)!.stats().incomingMuxes === 1),
      );
      // A call of ours in flight on the old link must fail with DisconnectedError when it is replaced.
      const pending = m.connection(PEER)!.request(78, bytes("never answered"));
      const pendingOutcome = pending.then(
        () => "answered",
        (e: unknown) => e,
      );
      assert.ok(
        await eventually(() => m.connection(PEER)!.stats().outgoingMuxes === 1),
      );
      fresh = await dialAndConnect(port);
      assert.equal(
        decodeConnectResp(parseMessage((await fresh.recv())!).msg.payload!)
          .accepted,
        true,
      );
      assert.ok(
        await eventually(() => old.closed),
        "the old link's socket is closed",
      );
      assert.ok(
        await eventually(() => cancelled === 1),
        "the old link's stream handler is cancelled",
      );
      assert.equal(m.connection(PEER)!.stats().incomingMuxes, 0);
      assert.ok(
        (await pendingOutcome) instanceof DisconnectedError,
        String(await pendingOutcome),
      );
      assert.equal(m.connection(PEER)!.stats().outgoingMuxes, 0);
      // Calls work on the new link.
      fresh.send(
        encodeMessage({
          muxId: 2,
          seq: 0,
          deadlineMs: 5000,
          handler: 78,
          op: Op.Request,
          flags: Flag.CRC | Flag.EOF,
          payload: bytes("again"),
        }),
      );
      let resp = null;
      while (!resp) {
        const b = await fresh.recv(3000);
        assert.ok(b);
        const msg = parseMessage(b).msg;
        if (msg.op === Op.Response) resp = msg;
      }
      assert.equal(text(resp.payload), "again");
      assert.equal(m.connection(PEER)!.stats().connected, true);
    } finally {
      old.close();
      fresh?.close();
      await m.close();
    }
  },
);

test(
  "the connect request may come as a text message (Go reads it with ReadClientData)",
  { timeout: 10_000 },
  async () => {
    const m = new Manager({ local: OURS, hosts: [OURS, PEER] });
    const { port } = await m.listen(0);
    const p = await rawDial(`http://127.0.0.1:${port}`);
    try {
      p.link.socket.write(encodeFrame(connectMsg(), true, 1));
      const b = await p.recv(3000);
      assert.ok(b);
      assert.equal(
        decodeConnectResp(parseMessage(b).msg.payload!).accepted,
        true,
      );
      await m.connection(PEER)!.waitForConnect(AbortSignal.timeout(2000));
    } finally {
      p.close();
      await m.close();
    }
  },
);

test(
  "a 2024-04 acceptor takes HEAD's 4-key connectReq (unknown keys are skipped, no clock or token check)",
  { timeout: 10_000 },
  async () => {
    const m = new Manager({
      local: OURS,
      hosts: [OURS, PEER],
      profile: "2024-04",
    });
    const { port } = await m.listen(0);
    const p = await rawDial(`http://127.0.0.1:${port}`, { profile: "2024-04" });
    try {
      // connectMsg() is HEAD's form (Time, Token); its Time is now, so give it an absurd one instead.
      const skewed = connectMessage(PEER, true, { time: timeFromNanos(0n), token: "anything" });
      p.send(skewed);
      const b = await p.recv(3000);
      assert.ok(b);
      assert.equal(
        decodeConnectResp(parseMessage(b).msg.payload!).accepted,
        true,
      );
    } finally {
      p.close();
      await m.close();
    }
  },
);
