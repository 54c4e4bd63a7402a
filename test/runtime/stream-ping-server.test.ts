// What our mux server answers to stream pings (spec 3.5 OpPing, 6.8), checked byte for byte from a
// raw Go-like mux client in both profiles: after the stream ended, after its deadline, while its
// finished handler waits for a credit, and with a wrong sequence number.
//
// Go's muxServer.ping answers `e = context.Cause(ctx).Error()` ("context deadline exceeded",
// "context canceled") only while an ended mux is still in its table; Go removes it in the same step
// (deleteMux runs as soon as the mux's sender sees ctx.Done), so a ping after the end finds no mux
// and gets `nf: true` - which is what we answer: our mux leaves the table synchronously when it ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import {
  encodeMessage,
  parseMessage,
  splitMerged,
  type Message,
} from "../../runtime/wire/message.js";
import { GO_ZERO_TIME } from "../../runtime/wire/msgp-lite.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import {
  decodeConnectResp,
  encodePong,
} from "../../runtime/wire/payloads.js";
import {
  profileConstants,
  type WireProfile,
} from "../../runtime/wire/profile.js";
import { connectMessage, rawDial, type RawPeer } from "./fake-peer.js";
import { bytes, eventually } from "./harness.js";

const OURS = "http://127.0.0.1:19001";
const PEER = "http://127.0.0.1:19002"; // the XXH3 rule makes this one the dialer

/** A raw Go-like dialer connected and handshaken to `m` (listening on `port`). */
async function goPeer(
  m: Manager,
  port: number,
  profile: WireProfile,
): Promise<RawPeer> {
  const p = await rawDial(`http://127.0.0.1:${port}`, { profile, token: "" });
  p.send(connectMessage(PEER, profile === "current", { id: new Uint8Array(16).fill(7) }));
  const b = await p.recv();
  assert.ok(b);
  assert.equal(decodeConnectResp(parseMessage(b).msg.payload!).accepted, true);
  await m.connection(PEER)!.waitForConnect(AbortSignal.timeout(2000));
  return p;
}

const pending = new WeakMap<RawPeer, string[]>();
/** The next `n` messages from our node (OpMerged expanded, connection pings skipped), as exact body hex. */
async function nextMessages(p: RawPeer, n: number): Promise<string[]> {
  const buf = pending.get(p) ?? [];
  pending.set(p, buf);
  while (buf.length < n) {
    const b = await p.recv(3000);
    assert.ok(b, `expected ${n} messages, got ${buf.length}`);
    const pm = parseMessage(b);
    const bodies = pm.msg.op === Op.Merged ? splitMerged(b, pm) : [b];
    for (const x of bodies)
      if (!(
        parseMessage(x).msg.op === Op.Ping && parseMessage(x).msg.muxId === 0
      ))
        buf.push(Buffer.from(x).toString("hex"));
  }
  return buf.splice(0, n);
}

const hex = (m: Message): string =>
  Buffer.from(encodeMessage(m)).toString("hex");

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  const timed = profileConstants(profile).timedPing;
  const H = profile === "current" ? 78 : 73;
  const srv = (
    muxId: number,
    seq: number,
    op: number,
    flags: number,
    payload: Uint8Array | null,
  ): string =>
    hex({
      muxId,
      seq,
      deadlineMs: 0,
      handler: 0,
      op,
      flags: Flag.CRC | flags,
      payload,
    });
  const pong = (
    muxId: number,
    seq: number,
    notFound: boolean,
    err: string | null,
  ): string =>
    hex({
      muxId,
      seq,
      deadlineMs: 0,
      handler: 0,
      op: Op.Pong,
      flags: Flag.CRC,
      payload: encodePong({ notFound, err, t: GO_ZERO_TIME }, timed),
    });
  const clientMsg = (
    muxId: number,
    seq: number,
    op: number,
    deadlineMs = 0,
    payload: Uint8Array | null = null,
    flags = 0,
  ): Uint8Array =>
    encodeMessage({
      muxId,
      seq,
      deadlineMs,
      handler: op === Op.ConnectMux ? H : 0,
      op,
      flags: Flag.CRC | flags,
      payload,
    });

  test(
    `[${profile}] stream pings: ended, past deadline, finished-but-waiting, wrong seq (Go's answers and order)`,
    { timeout: 10_000 },
    async () => {
      const m = new Manager({
        local: OURS,
        hosts: [OURS, PEER],
        profile,
        timing: { connPingIntervalMs: 60_000, streamPingIntervalMs: 60_000 },
      });
      m.registerStream(
        H,
        async function* (p, _in, ctx) {
          yield bytes("one");
          if (p && p[0] === 0x62 /* "b" */)
            await new Promise((r) =>
              ctx.signal.addEventListener("abort", r, { once: true }),
            );
        },
        { outCapacity: 1 },
      );
      const { port } = await m.listen(0);
      const p = await goPeer(m, port, profile);
      try {
        // 1. A stream that ended: ack, item, (credit) EOF, DisconnectClientMux; then a ping -> nf.
        p.send(clientMsg(1, 0, Op.ConnectMux, 0, bytes("x"), Flag.EOF));
        assert.deepEqual(await nextMessages(p, 2), [
          srv(1, 0, Op.AckMux, 0, null),
          srv(1, 1, Op.MuxServerMsg, 0, bytes("one")),
        ]);
        p.send(clientMsg(1, 1, Op.UnblockSrvMux));
        assert.deepEqual(await nextMessages(p, 2), [
          srv(1, 2, Op.MuxServerMsg, Flag.EOF, null),
          srv(1, 0, Op.DisconnectClientMux, 0, null),
        ]);
        p.send(clientMsg(1, 2, Op.Ping));
        assert.deepEqual(await nextMessages(p, 1), [pong(1, 2, true, null)]);

        // 2. A stream whose 50 ms deadline passed: DisconnectClientMux only, then nf.
        p.send(clientMsg(2, 0, Op.ConnectMux, 50, bytes("b"), Flag.EOF));
        assert.deepEqual(await nextMessages(p, 3), [
          srv(2, 0, Op.AckMux, 0, null),
          srv(2, 1, Op.MuxServerMsg, 0, bytes("one")),
          srv(2, 0, Op.DisconnectClientMux, 0, null),
        ]);
        p.send(clientMsg(2, 1, Op.Ping));
        assert.deepEqual(await nextMessages(p, 1), [pong(2, 1, true, null)]);

        // 3. Handler finished, EOF waits for a credit: the mux is alive, the ping gets a plain pong.
        p.send(clientMsg(3, 0, Op.ConnectMux, 0, bytes("x"), Flag.EOF));
        assert.deepEqual(await nextMessages(p, 2), [
          srv(3, 0, Op.AckMux, 0, null),
          srv(3, 1, Op.MuxServerMsg, 0, bytes("one")),
        ]);
        p.send(clientMsg(3, 1, Op.Ping));
        assert.deepEqual(await nextMessages(p, 1), [pong(3, 1, false, null)]);

        // 4. Wrong sequence number: Go aborts inside its sequence check (ERR|EOF with the reason, then
        //    OpDisconnectClientMux) and only then queues the pong carrying the same text.
        p.send(clientMsg(3, 7, Op.Ping));
        const why = "receive sequence number mismatch. want 2, got 7";
        assert.deepEqual(await nextMessages(p, 3), [
          srv(3, 2, Op.MuxServerMsg, Flag.EOF | Flag.PayloadIsErr, bytes(why)),
          srv(3, 0, Op.DisconnectClientMux, 0, null),
          pong(3, 7, false, why),
        ]);
        assert.ok(
          await eventually(
            () => m.connection(PEER)!.stats().incomingMuxes === 0,
          ),
          "no server mux left behind",
        );
      } finally {
        p.close();
        await m.close();
      }
    },
  );
}
