// Spec 3.3: what a node answers to messages for a MuxID it does not have (including Go's quirk Q3
// replies) and to ops it does not handle after the handshake - byte for byte, in both profiles,
// from a raw Go-like peer. A connection ping after each message marks where its answers end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import {
  encodeMessage,
  parseMessage,
  splitMerged,
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
import { connectMessage, rawDial } from "./fake-peer.js";

const OURS = "http://127.0.0.1:19001";
const PEER = "http://127.0.0.1:19002";
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  const timed = profileConstants(profile).timedPing;
  test(
    `[${profile}] messages for unknown muxes and unhandled ops`,
    { timeout: 10_000 },
    async () => {
      const m = new Manager({
        local: OURS,
        hosts: [OURS, PEER],
        profile,
        timing: { connPingIntervalMs: 60_000 },
      });
      const { port } = await m.listen(0);
      const p = await rawDial(`http://127.0.0.1:${port}`, { profile });
      try {
        p.send(
          connectMessage(PEER, timed),
        );
        assert.equal(
          decodeConnectResp(parseMessage((await p.recv())!).msg.payload!)
            .accepted,
          true,
        );

        const send = (
          op: number,
          flags: number,
          muxId = 42,
          seq = 3,
          payload: Uint8Array | null = null,
        ): Uint8Array =>
          encodeMessage({
            muxId,
            seq,
            deadlineMs: 0,
            handler: 0,
            op,
            flags: Flag.CRC | flags,
            payload,
          });
        const marker = encodeMessage({
          muxId: 0,
          seq: 9,
          deadlineMs: 1234,
          handler: 0,
          op: Op.Ping,
          flags: 0,
          payload: null,
        });
        const markerPong = hex(
          encodeMessage({
            muxId: 0,
            seq: 9,
            deadlineMs: 1234,
            handler: 0,
            op: Op.Pong,
            flags: Flag.CRC,
            payload: encodePong(
              { notFound: false, err: null, t: GO_ZERO_TIME },
              timed,
            ),
          }),
        );
        const disconnectClient = hex(
          encodeMessage({
            muxId: 42,
            seq: 0,
            deadlineMs: 0,
            handler: 0,
            op: Op.DisconnectClientMux,
            flags: Flag.CRC,
            payload: null,
          }),
        );
        const answers = async (
          what: string,
          body: Uint8Array,
        ): Promise<string[]> => {
          p.send(body);
          p.send(marker);
          const out: string[] = [];
          for (;;) {
            const b = await p.recv(3000);
            assert.ok(
              b,
              `${what}: link closed or silent (answers so far ${JSON.stringify(out)})`,
            );
            const pm = parseMessage(b);
            for (const x of pm.msg.op === Op.Merged
              ? splitMerged(b, pm)
              : [b]) {
              if (hex(x) === markerPong) return out;
              out.push(hex(x));
            }
          }
        };
        const cases: Array<[string, Uint8Array, string[]]> = [
          [
            "OpResponse",
            send(Op.Response, Flag.EOF, 42, 0, Uint8Array.from([1])),
            [],
          ],
          [
            "OpMuxServerMsg",
            send(Op.MuxServerMsg, 0, 42, 3, Uint8Array.from([1])),
            [disconnectClient],
          ],
          ["OpMuxServerMsg EOF", send(Op.MuxServerMsg, Flag.EOF), []],
          ["OpAckMux", send(Op.AckMux, 0, 42, 0), [disconnectClient]],
          ["OpAckMux EOF", send(Op.AckMux, Flag.EOF, 42, 0), []],
          ["OpUnblockClMux", send(Op.UnblockClMux, 0), []],
          [
            "OpMuxConnectError",
            send(
              Op.MuxConnectError,
              Flag.EOF,
              42,
              0,
              Uint8Array.from([
                0x81,
                0xa5,
                ...Buffer.from("Error"),
                0xa1,
                0x78,
              ]),
            ),
            [],
          ],
          ["OpDisconnectClientMux", send(Op.DisconnectClientMux, 0, 42, 0), []],
          [
            "stream OpPong",
            send(
              Op.Pong,
              0,
              42,
              3,
              encodePong({ notFound: false, err: null }, timed),
            ),
            [disconnectClient],
          ],
          [
            "OpMuxClientMsg",
            send(Op.MuxClientMsg, 0, 42, 1, Uint8Array.from([1])),
            [disconnectClient],
          ],
          ["OpUnblockSrvMux", send(Op.UnblockSrvMux, 0), []],
          ["OpDisconnectServerMux", send(Op.DisconnectServerMux, 0), []],
          [
            "stream OpPing",
            send(Op.Ping, 0, 42, 5),
            [
              hex(
                encodeMessage({
                  muxId: 42,
                  seq: 5,
                  deadlineMs: 0,
                  handler: 0,
                  op: Op.Pong,
                  flags: Flag.CRC,
                  payload: encodePong(
                    { notFound: true, err: null, t: GO_ZERO_TIME },
                    timed,
                  ),
                }),
              ),
            ],
          ],
          ["op 0", send(0, 0), []],
          ["OpConnect after the handshake", send(Op.Connect, 0), []],
          ["OpDisconnect (never sent by Go)", send(Op.Disconnect, 0), []],
          ["op 200", send(200, 0), []],
        ];
        for (const [what, body, want] of cases)
          assert.deepEqual(await answers(what, body), want, what);
        assert.equal(
          m.connection(PEER)!.stats().connected,
          true,
          "the link stays up",
        );
      } finally {
        p.close();
        await m.close();
      }
    },
  );
}
