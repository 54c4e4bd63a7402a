// What our mux client sends when a stream ends abnormally (spec 6.3, 6.5, 6.6), byte for byte against
// a scripted Go-like acceptor, in both profiles: Go's client closes the mux and its cleanup sends
// OpDisconnectServerMux{Seq 0} (deleteMux), and nothing else; the consumer gets the typed error.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Server } from "node:http";
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import {
  DisconnectedError,
  GridError,
  IncorrectSequenceError,
  RemoteError,
} from "../../runtime/errors.js";
import {
  encodeMessage,
  parseMessage,
  splitMerged,
} from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import {
  encodeConnectResp,
  encodeMuxConnectError,
  encodePong,
} from "../../runtime/wire/payloads.js";
import {
  profileConstants,
  type WireProfile,
} from "../../runtime/wire/profile.js";
import { fakeAcceptor, type RawPeer } from "./fake-peer.js";
import { bytes, eventually } from "./harness.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Our node dialing a scripted acceptor that accepts the handshake. */
async function pair(
  profile: WireProfile,
): Promise<{ m: Manager; remote: string; peer: RawPeer; server: Server }> {
  let got!: (p: RawPeer) => void;
  const peerP = new Promise<RawPeer>((r) => (got = r));
  const server = await fakeAcceptor(0, (p) => {
    void p.recv(3000).then(() => {
      p.send(
        encodeMessage({
          muxId: 0,
          seq: 0,
          deadlineMs: 0,
          handler: 0,
          op: Op.ConnectResponse,
          flags: 0,
          payload: encodeConnectResp({
            id: new Uint8Array(16),
            accepted: true,
            rejectedReason: "",
          }),
        }),
      );
      got(p);
    });
  });
  const a = server.address();
  const remote = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  let port = 41000;
  while (!localShouldDial(`http://127.0.0.1:${port}`, remote)) port++;
  const local = `http://127.0.0.1:${port}`;
  const m = new Manager({
    local,
    hosts: [local, remote],
    profile,
    timing: { connPingIntervalMs: 60_000, streamPingIntervalMs: 60_000 },
  });
  const peer = await peerP;
  await m.connection(remote)!.waitForConnect(AbortSignal.timeout(3000));
  return { m, remote, peer, server };
}

const pending = new WeakMap<RawPeer, string[]>();
async function received(p: RawPeer, n: number, ms = 3000): Promise<string[]> {
  const buf = pending.get(p) ?? [];
  pending.set(p, buf);
  while (buf.length < n) {
    const b = await p.recv(ms);
    if (!b) break;
    const pm = parseMessage(b);
    for (const x of pm.msg.op === Op.Merged ? splitMerged(b, pm) : [b])
      buf.push(hex(x));
  }
  return buf.splice(0, n);
}

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  const T1 = profile === "current" ? 78 : 73;
  const timed = profileConstants(profile).timedPing;
  const msg = (
    muxId: number,
    seq: number,
    op: number,
    flags = 0,
    payload: Uint8Array | null = null,
    handler = 0,
  ): Uint8Array =>
    encodeMessage({
      muxId,
      seq,
      deadlineMs: 0,
      handler,
      op,
      flags: Flag.CRC | flags,
      payload,
    });
  const dsm0 = (muxId: number): string =>
    hex(msg(muxId, 0, Op.DisconnectServerMux));

  test(
    `[${profile}] client stream endings: out-of-sequence item, connect error, remote disconnect`,
    { timeout: 10_000 },
    async () => {
      const { m, remote, peer, server } = await pair(profile);
      const c = m.connection(remote)!;
      /** Opens a one-way stream; returns the consumer's outcome. */
      const open = (payload: string): Promise<unknown> =>
        (async () => {
          try {
            for await (const _ of c.openStream(T1, {
              payload: bytes(payload),
              inCapacity: 0,
              outCapacity: 1,
            }).responses)
              void _;
            return "ended";
          } catch (e) {
            return e;
          }
        })();
      try {
        // 1. An item with the wrong seq: IncorrectSequenceError; the cleanup sends OpDisconnectServerMux{Seq 0}.
        let outcome = open("a");
        assert.deepEqual(await received(peer, 1), [
          hex(msg(1, 0, Op.ConnectMux, Flag.EOF, bytes("a"), T1)),
        ]);
        peer.send(msg(1, 0, Op.AckMux));
        peer.send(msg(1, 5, Op.MuxServerMsg, 0, bytes("x")));
        assert.ok(
          (await outcome) instanceof IncorrectSequenceError,
          String(await outcome),
        );
        assert.deepEqual(await received(peer, 1), [dsm0(1)]);

        // 2. OpMuxConnectError: RemoteError with its text; the mux never existed on the server, nothing is sent.
        outcome = open("b");
        assert.deepEqual(await received(peer, 1), [
          hex(msg(2, 0, Op.ConnectMux, Flag.EOF, bytes("b"), T1)),
        ]);
        peer.send(
          msg(
            2,
            0,
            Op.MuxConnectError,
            Flag.EOF,
            encodeMuxConnectError("Invalid Handler for type"),
            T1,
          ),
        );
        const e2 = await outcome;
        assert.ok(
          e2 instanceof RemoteError &&
            e2.message === "Invalid Handler for type",
          String(e2),
        );

        // 3. OpDisconnectClientMux while open: DisconnectedError, then the seq-0 cleanup.
        outcome = open("c");
        assert.deepEqual(await received(peer, 1), [
          hex(msg(3, 0, Op.ConnectMux, Flag.EOF, bytes("c"), T1)),
        ]);
        peer.send(msg(3, 0, Op.AckMux));
        peer.send(msg(3, 0, Op.DisconnectClientMux));
        assert.ok(
          (await outcome) instanceof DisconnectedError,
          String(await outcome),
        );
        assert.deepEqual(await received(peer, 1), [dsm0(3)]);

        // Nothing else was sent for any of them.
        assert.deepEqual(await received(peer, 1, 100), []);
        assert.ok(await eventually(() => c.stats().outgoingMuxes === 0));
      } finally {
        await m.close();
        peer.close();
        server.close();
        server.closeAllConnections();
      }
    },
  );
  test(
    `[${profile}] a stream pong saying not-found ends the stream and sends the seq-0 cleanup`,
    { timeout: 10_000 },
    async () => {
      const { m, remote, peer, server } = await pair(profile);
      const c = m.connection(remote)!;
      /** Opens a one-way stream; returns the consumer's outcome. */
      const open = (payload: string): Promise<unknown> =>
        (async () => {
          try {
            for await (const _ of c.openStream(T1, {
              payload: bytes(payload),
              inCapacity: 0,
              outCapacity: 1,
            }).responses)
              void _;
            return "ended";
          } catch (e) {
            return e;
          }
        })();
      try {
        // 4. A stream pong saying "not found": local "remote terminated call", then the seq-0 cleanup.
        const outcome = open("d");
        assert.deepEqual(await received(peer, 1), [
          hex(msg(1, 0, Op.ConnectMux, Flag.EOF, bytes("d"), T1)),
        ]);
        peer.send(msg(1, 0, Op.AckMux));
        peer.send(
          msg(
            1,
            1,
            Op.Pong,
            0,
            encodePong({ notFound: true, err: null }, timed),
          ),
        );
        const e4 = await outcome;
        assert.ok(
          e4 instanceof GridError && e4.message === "remote terminated call",
          String(e4),
        );
        assert.deepEqual(await received(peer, 1), [dsm0(1)]);

        // Nothing else was sent for any of them.
        assert.deepEqual(await received(peer, 1, 100), []);
        assert.ok(await eventually(() => c.stats().outgoingMuxes === 0));
      } finally {
        await m.close();
        peer.close();
        server.close();
        server.closeAllConnections();
      }
    },
  );

  test(
    `[${profile}] client input credits: none before the ack, the ack grants inCapacity, each OpUnblockClMux one more; EOF needs none`,
    { timeout: 10_000 },
    async () => {
      const { m, remote, peer, server } = await pair(profile);
      const c = m.connection(remote)!;
      try {
        const s = c.openStream(T1 + 1, {
          payload: null,
          inCapacity: 2,
          outCapacity: 1,
        });
        const sends = [
          s.send(bytes("i1")),
          s.send(bytes("i2")),
          s.send(bytes("i3")),
        ];
        assert.deepEqual(await received(peer, 1), [
          hex(msg(1, 0, Op.ConnectMux, 0, null, T1 + 1)),
        ]);
        assert.deepEqual(
          await received(peer, 1, 100),
          [],
          "no input before the ack",
        );
        peer.send(msg(1, 0, Op.AckMux));
        assert.deepEqual(await received(peer, 2), [
          hex(msg(1, 1, Op.MuxClientMsg, 0, bytes("i1"))),
          hex(msg(1, 2, Op.MuxClientMsg, 0, bytes("i2"))),
        ]);
        assert.deepEqual(
          await received(peer, 1, 100),
          [],
          "the ack granted exactly inCapacity credits",
        );
        peer.send(msg(1, 1, Op.UnblockClMux));
        assert.deepEqual(await received(peer, 1), [
          hex(msg(1, 3, Op.MuxClientMsg, 0, bytes("i3"))),
        ]);
        await Promise.all(sends);
        await s.closeSend();
        assert.deepEqual(await received(peer, 1), [
          hex(msg(1, 4, Op.MuxClientMsg, Flag.EOF)),
        ]);
        peer.send(msg(1, 2, Op.MuxServerMsg, Flag.EOF));
        for await (const _ of s.responses) void _;
        assert.ok(await eventually(() => c.stats().outgoingMuxes === 0));
      } finally {
        await m.close();
        peer.close();
        server.close();
        server.closeAllConnections();
      }
    },
  );

  test(
    `[${profile}] single request DeadlineMS: capped at Go's MaxDeadline (2^32-1 ms); a past deadline sends nothing`,
    { timeout: 10_000 },
    async () => {
      const { m, remote, peer, server } = await pair(profile);
      const c = m.connection(remote)!;
      try {
        const call = c.request(T1, bytes("far"), {
          deadline: Date.now() + 60 * 86_400_000,
        });
        const [body] = await received(peer, 1);
        const sent = parseMessage(Buffer.from(body!, "hex")).msg;
        assert.equal(sent.deadlineMs, 0xffffffff);
        assert.equal(
          body,
          hex(
            encodeMessage({
              ...sent,
              deadlineMs: 0xffffffff,
              flags: Flag.CRC | Flag.EOF,
              payload: bytes("far"),
              handler: T1,
              op: Op.Request,
              seq: 0,
              subroute: null,
            }),
          ),
        );
        peer.send(msg(sent.muxId, 0, Op.Response, Flag.EOF, bytes("ok")));
        assert.equal(Buffer.from((await call)!).toString(), "ok");
        await assert.rejects(
          c.request(T1, bytes("late"), { deadline: Date.now() - 1 }),
          /context deadline exceeded/,
        );
        assert.deepEqual(
          await received(peer, 1, 100),
          [],
          "nothing sent for an expired deadline",
        );
      } finally {
        await m.close();
        peer.close();
        server.close();
        server.closeAllConnections();
      }
    },
  );
}
