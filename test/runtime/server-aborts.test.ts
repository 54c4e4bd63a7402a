// Our mux server's refusals and protocol aborts (spec 3.5 OpRequest/OpConnectMux, 6.2, 6.3, 6.7)
// with Go's texts, flags and sequence numbers, byte for byte, from a raw Go-like mux client in both
// profiles. Each abort is ERR|EOF with the reason (consuming a server seq, no credit), then
// OpDisconnectClientMux{Seq 0}; the handler's context ends; nothing is left in the mux table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import {
  encodeMessage,
  parseMessage,
  splitMerged,
} from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import {
  decodeConnectResp,
  encodeMuxConnectError,
} from "../../runtime/wire/payloads.js";
import {
  profileConstants,
  type WireProfile,
} from "../../runtime/wire/profile.js";
import { connectMessage, rawDial, type RawPeer } from "./fake-peer.js";
import { bytes, eventually } from "./harness.js";

const OURS = "http://127.0.0.1:19001";
const PEER = "http://127.0.0.1:19002";
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

const pending = new WeakMap<RawPeer, string[]>();
/** The next `n` messages our node sent (OpMerged expanded), as exact body hex. */
async function received(p: RawPeer, n: number): Promise<string[]> {
  const buf = pending.get(p) ?? [];
  pending.set(p, buf);
  while (buf.length < n) {
    const b = await p.recv(3000);
    assert.ok(b, `expected ${n} messages, got ${JSON.stringify(buf)}`);
    const pm = parseMessage(b);
    for (const x of pm.msg.op === Op.Merged ? splitMerged(b, pm) : [b])
      buf.push(hex(x));
  }
  return buf.splice(0, n);
}

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  const pc = profileConstants(profile);
  const T1 = profile === "current" ? 78 : 73;
  const T2 = T1 + 1;
  test(
    `[${profile}] refusals and protocol aborts of our mux server`,
    { timeout: 10_000 },
    async () => {
      let cancelled = 0;
      const untilAbort = (s: AbortSignal): Promise<void> =>
        new Promise((r) =>
          s.addEventListener("abort", () => (cancelled++, r()), { once: true }),
        );
      const m = new Manager({
        local: OURS,
        hosts: [OURS, PEER],
        profile,
        timing: { connPingIntervalMs: 60_000, streamPingIntervalMs: 60_000 },
      });
      m.registerSingle(T1, (x) => x);
      m.registerStream(T1, async function* (_p, _in, ctx) {
        await untilAbort(ctx.signal);
      });
      // Two-way, but the handler never reads its input.
      m.registerStream(
        T2,
        async function* (_p, _in, ctx) {
          await untilAbort(ctx.signal);
        },
        { inCapacity: 1, outCapacity: 1 },
      );
      // A handler error with an empty text (Go: RemoteErr("")).
    m.registerStream(5, async function* () {
      throw new Error("");
    });
    const { port } = await m.listen(0);
      const p = await rawDial(`http://127.0.0.1:${port}`, { profile });
      try {
        p.send(
          connectMessage(PEER, pc.connectTimeAndToken),
        );
        assert.equal(
          decodeConnectResp(parseMessage((await p.recv())!).msg.payload!)
            .accepted,
          true,
        );

        const cl = (
          muxId: number,
          seq: number,
          op: number,
          flags = 0,
          payload: Uint8Array | null = null,
          handler = 0,
          deadlineMs = 0,
        ): Uint8Array =>
          encodeMessage({
            muxId,
            seq,
            deadlineMs,
            handler,
            op,
            flags: Flag.CRC | flags,
            payload,
          });
        const srv = (
          muxId: number,
          seq: number,
          op: number,
          flags = 0,
          payload: Uint8Array | null = null,
        ): string =>
          hex(
            encodeMessage({
              muxId,
              seq,
              deadlineMs: 0,
              handler: 0,
              op,
              flags: Flag.CRC | flags,
              payload,
            }),
          );
        const abort = (muxId: number, seq: number, why: string): string[] => [
          srv(
            muxId,
            seq,
            Op.MuxServerMsg,
            Flag.EOF | Flag.PayloadIsErr,
            bytes(why),
          ),
          srv(muxId, 0, Op.DisconnectClientMux),
        ];
        // OpMuxConnectError copies the request's fields and flags (| base, without SUB).
        const connectError = (req: Uint8Array, text: string): string => {
          const q = parseMessage(req).msg;
          return hex(
            encodeMessage({
              ...q,
              op: Op.MuxConnectError,
              flags: (q.flags | Flag.CRC) & ~Flag.Subroute,
              payload: encodeMuxConnectError(text),
              subroute: null,
            }),
          );
        };

        // Handler ids outside 1..handlerLast-1 and the stateless flag are refused before any lookup.
        for (const req of [
          cl(1, 0, Op.Request, Flag.EOF, bytes("x"), 0, 5000),
          cl(2, 0, Op.Request, Flag.EOF, bytes("x"), pc.handlerLast, 5000),
          cl(3, 0, Op.ConnectMux, Flag.EOF, null, 0),
        ]) {
          p.send(req);
          assert.deepEqual(await received(p, 1), [
            connectError(req, "Invalid Handler"),
          ]);
        }
        const stateless = cl(
          4,
          0,
          Op.ConnectMux,
          Flag.EOF | Flag.Stateless,
          null,
          T1,
        );
        p.send(stateless);
        assert.deepEqual(await received(p, 1), [
          connectError(stateless, "Stateless streams not supported"),
        ]);

        // An input item for a stream without input: "did not expect inbound message".
        p.send(cl(5, 0, Op.ConnectMux, Flag.EOF, null, T1));
        assert.deepEqual(await received(p, 1), [srv(5, 0, Op.AckMux)]);
        p.send(cl(5, 1, Op.MuxClientMsg, 0, bytes("x")));
        assert.deepEqual(
          await received(p, 2),
          abort(5, 1, "did not expect inbound message"),
        );

        // The same with a wrong seq: the reference refuses the input first, HEAD checks the seq first.
        p.send(cl(10, 0, Op.ConnectMux, Flag.EOF, null, T1));
        assert.deepEqual(await received(p, 1), [srv(10, 0, Op.AckMux)]);
        p.send(cl(10, 4, Op.MuxClientMsg, 0, bytes("x")));
        assert.deepEqual(
          await received(p, 2),
          abort(
            10,
            1,
            profile === "2024-04"
              ? "did not expect inbound message"
              : "receive sequence number mismatch. want 1, got 4",
          ),
        );

        // A duplicate OpConnectMux for a live mux is ignored; a wrong input seq aborts with Go's text.
        p.send(cl(6, 0, Op.ConnectMux, 0, null, T2));
        assert.deepEqual(await received(p, 1), [srv(6, 0, Op.AckMux)]);
        p.send(cl(6, 0, Op.ConnectMux, 0, null, T2));
        p.send(cl(6, 5, Op.MuxClientMsg, 0, bytes("x")));
        assert.deepEqual(
          await received(p, 2),
          abort(6, 1, "receive sequence number mismatch. want 1, got 5"),
        );

        // A credit with a wrong seq aborts too.
        p.send(cl(7, 0, Op.ConnectMux, 0, null, T2));
        assert.deepEqual(await received(p, 1), [srv(7, 0, Op.AckMux)]);
        p.send(cl(7, 3, Op.UnblockSrvMux));
        assert.deepEqual(
          await received(p, 2),
          abort(7, 1, "receive sequence number mismatch. want 1, got 3"),
        );

        // Input after input EOF: "did not expect inbound message".
        p.send(cl(8, 0, Op.ConnectMux, 0, null, T2));
        assert.deepEqual(await received(p, 1), [srv(8, 0, Op.AckMux)]);
        p.send(cl(8, 1, Op.MuxClientMsg, Flag.EOF));
        p.send(cl(8, 2, Op.MuxClientMsg, 0, bytes("late")));
        assert.deepEqual(
          await received(p, 2),
          abort(8, 1, "did not expect inbound message"),
        );

        // More input than the server's window while the handler does not read: "handler blocked".
        // (Whether the hand-off slot already took item 1, answered by one OpUnblockClMux, is a race in Go too.)
        p.send(cl(9, 0, Op.ConnectMux, 0, null, T2));
        assert.deepEqual(await received(p, 1), [srv(9, 0, Op.AckMux)]);
        for (let seq = 1; seq <= 3; seq++)
          p.send(cl(9, seq, Op.MuxClientMsg, 0, bytes(`i${seq}`)));
        let got = await received(p, 2);
        const credits = got[0] === srv(9, 1, Op.UnblockClMux) ? 1 : 0;
        if (credits) got = [got[1]!, ...(await received(p, 1))];
        assert.deepEqual(got, abort(9, 1 + credits, "handler blocked"));

        // The end-of-stream error gets ZERO when its text is empty (Go's setZeroPayloadFlag).
        p.send(cl(11, 0, Op.ConnectMux, Flag.EOF, null, 5));
        assert.deepEqual(await received(p, 3), [
          srv(11, 0, Op.AckMux),
          srv(11, 1, Op.MuxServerMsg, Flag.EOF | Flag.PayloadIsErr | Flag.PayloadIsZero, new Uint8Array(0)),
          srv(11, 0, Op.DisconnectClientMux),
        ]);

        assert.ok(
          await eventually(
            () => m.connection(PEER)!.stats().incomingMuxes === 0,
          ),
          "no server mux left",
        );
        assert.ok(
          await eventually(() => cancelled === 6),
          `every aborted handler saw its context end (${cancelled})`,
        );
        assert.equal(m.connection(PEER)!.stats().connected, true);
      } finally {
        p.close();
        await m.close();
      }
    },
  );
}
