// The connection's writer when the socket pushes back (real loopback): while the peer does not read,
// messages keep being encoded into batches; once it reads again every message arrives exactly once,
// in send order, intact, in frames that obey Go's merge limits, and every call completes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import { encodeMessage, parseMessage, splitMerged } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import { encodeConnectResp } from "../../runtime/wire/payloads.js";
import { fakeAcceptor, type RawPeer } from "./fake-peer.js";

test("a blocked socket: queued batches go out in order after the peer reads again", async () => {
  let peerResolve!: (p: RawPeer) => void;
  const peerP = new Promise<RawPeer>((r) => (peerResolve = r));
  const server = await fakeAcceptor(0, (p) => peerResolve(p));
  const remote = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let local = "";
  for (let i = 1; !local; i++) if (localShouldDial(`http://127.0.0.1:${42000 + i}`, remote)) local = `http://127.0.0.1:${42000 + i}`;
  const m = new Manager({ local, hosts: [local, remote], timing: { retryBaseMs: 50, writeTimeoutMs: 10_000, connPingIntervalMs: 60_000 } });
  const peer = await peerP;
  try {
    assert.equal(parseMessage((await peer.recv())!).msg.op, Op.Connect);
    peer.send(encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, op: Op.ConnectResponse, flags: 0, payload: encodeConnectResp({ id: new Uint8Array(16), accepted: true, rejectedReason: "" }) }));
    const conn = m.connection(remote)!;
    await conn.waitForConnect(AbortSignal.timeout(2000));
    peer.link.socket.pause();

    // Mixed sizes (small, medium, 200 KiB) so batches close on the count, on the byte rule and on
    // huge messages, and the writer's chunk has to grow while blocked.
    const sizeOf = (i: number): number => (i % 97 === 0 ? 200_000 : i % 5 === 0 ? 3000 : 40);
    const payloadOf = (i: number): Uint8Array => {
      const p = new Uint8Array(sizeOf(i));
      for (let k = 0; k < p.length; k++) p[k] = (i + k * 7) & 0xff;
      return p;
    };
    const N = 3000;
    const calls: Promise<Uint8Array | null>[] = [];
    let blockedSeen = false;
    for (let i = 0; i < N; i++) {
      calls.push(conn.request(1, payloadOf(i)));
      if (i % 100 === 99) {
        await new Promise((r) => setImmediate(r));
        if (conn.stats().queueLength > 0) blockedSeen = true;
      }
    }
    assert.ok(blockedSeen, "the socket never pushed back; the test did not exercise the blocked writer");

    peer.link.socket.resume();
    const seen: number[] = [];
    while (seen.length < N) {
      const b = await peer.recv(5000);
      assert.ok(b, `frames stopped after ${seen.length} messages`);
      const p = parseMessage(b);
      const msgs = p.msg.op === Op.Merged ? splitMerged(b, p).map((x) => parseMessage(x).msg) : [p.msg];
      assert.ok(msgs.length <= 51, `${msgs.length} messages in one frame`);
      for (const q of msgs) {
        assert.equal(q.op, Op.Request);
        const i = seen.length;
        assert.equal(q.muxId, i + 1, "messages out of order or missing");
        assert.deepEqual(q.payload, payloadOf(i), `payload of message ${i}`);
        seen.push(q.muxId);
        peer.send(encodeMessage({ muxId: q.muxId, seq: 0, deadlineMs: 0, handler: 0, op: Op.Response, flags: Flag.CRC | Flag.EOF, payload: q.payload!.subarray(0, 4) }));
      }
    }
    const res = await Promise.all(calls);
    res.forEach((r, i) => assert.deepEqual(r, payloadOf(i).subarray(0, 4), `answer ${i}`));
    assert.equal(conn.stats().outgoingMuxes, 0);
    assert.equal(conn.stats().queueLength, 0);
  } finally {
    await m.close();
    peer.close();
    server.close();
    server.closeAllConnections();
  }
});
