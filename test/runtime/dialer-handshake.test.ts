// The dialer's side of the handshake (spec 4.2 dialer steps 3-5, 4.7) against a scripted acceptor:
// the first message must be a binary OpConnectResponse; anything else, or Accepted=false, is a failed
// attempt that is retried; callers get typed errors meanwhile; an accepting answer connects.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Server } from "node:http";
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import { DisconnectedError } from "../../runtime/errors.js";
import { encodeFrame } from "../../runtime/transport/ws-frame.js";
import { encodeMessage, parseMessage } from "../../runtime/wire/message.js";
import { Op } from "../../runtime/wire/ops.js";
import {
  decodeConnectReq,
  encodeConnectResp,
} from "../../runtime/wire/payloads.js";
import { fakeAcceptor, type RawPeer } from "./fake-peer.js";
import { bytes, eventually } from "./harness.js";

const resp = (accepted: boolean, reason = ""): Uint8Array =>
  encodeMessage({
    muxId: 0,
    seq: 0,
    deadlineMs: 0,
    handler: 0,
    op: Op.ConnectResponse,
    flags: 0,
    payload: encodeConnectResp({
      id: new Uint8Array(16).fill(9),
      accepted,
      rejectedReason: reason,
    }),
  });

test(
  "dialer: wrong first answers and refusals are failed attempts, retried until accepted",
  { timeout: 15_000 },
  async () => {
    // Script of answers, one per attempt.
    const answers: Array<(p: RawPeer) => void> = [
      (p) =>
        p.send(
          encodeMessage({
            muxId: 0,
            seq: 0,
            deadlineMs: 5000,
            handler: 0,
            op: Op.Ping,
            flags: 0,
            payload: null,
          }),
        ),
      (p) => p.link.socket.write(encodeFrame(resp(true), false, 1)), // right content, but a text message
      (p) => p.send(Uint8Array.from([0x97, 1])), // not a grid message
      (p) => p.send(resp(false, "unknown incoming host: whoever")),
      (p) => p.send(resp(true)),
    ];
    const seen: string[] = [];
    let attempt = 0;
    let server: Server | null = null;
    server = await fakeAcceptor(0, (p) => {
      void p.recv(3000).then((b) => {
        assert.ok(b);
        const m = parseMessage(b).msg;
        seen.push(`${m.op}:${decodeConnectReq(m.payload!).host}`);
        answers[Math.min(attempt++, answers.length - 1)]!(p);
      });
    });
    const addr = server.address();
    const remote = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    let port = 40000;
    while (!localShouldDial(`http://127.0.0.1:${port}`, remote)) port++;
    const local = `http://127.0.0.1:${port}`;
    const m = new Manager({
      local,
      hosts: [local, remote],
      timing: {
        retryBaseMs: 40,
        dialTimeoutMs: 1000,
        handshakeTimeoutMs: 1000,
      },
    });
    const c = m.connection(remote)!;
    try {
      assert.ok(
        await eventually(
          () =>
            /unknown incoming host: whoever/.test(
              c.stats().lastDialError ?? "",
            ),
          5000,
        ),
        c.stats().lastDialError ?? "",
      );
      await assert.rejects(c.request(1, bytes("x")), DisconnectedError);
      await c.waitForConnect(AbortSignal.timeout(5000));
      assert.equal(attempt, 5, "one attempt per scripted answer");
      assert.deepEqual(seen, Array(5).fill(`${Op.Connect}:${local}`));
    } finally {
      await m.close();
      server.close();
      server.closeAllConnections();
    }
  },
);
