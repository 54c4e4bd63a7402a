// A single request's deadline and signal also cover the time it waits for room in the output queue
// (Go's Request: the context is created first, then the call blocks on the full queue until it ends).
// Real loopback: the peer stops reading, the kernel buffers fill, then 65535 queued messages fill
// our output queue; a further call must end with DeadlineExceededError / CanceledError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import { OUT_QUEUE_LIMIT } from "../../runtime/connection.js";
import { CanceledError, DeadlineExceededError } from "../../runtime/errors.js";
import { encodeMessage, parseMessage } from "../../runtime/wire/message.js";
import { Op } from "../../runtime/wire/ops.js";
import { encodeConnectResp } from "../../runtime/wire/payloads.js";
import { fakeAcceptor, type RawPeer } from "./fake-peer.js";

test("request deadline and abort run while the call waits for output-queue space", async () => {
  let peerResolve!: (p: RawPeer) => void;
  const peerP = new Promise<RawPeer>((r) => (peerResolve = r));
  const server = await fakeAcceptor(0, (p) => peerResolve(p));
  const remote = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let local = "";
  for (let i = 1; !local; i++) if (localShouldDial(`http://127.0.0.1:${41000 + i}`, remote)) local = `http://127.0.0.1:${41000 + i}`;
  // A long write timeout keeps the blocked link alive for the whole test: the old code then only
  // ended the waiting call when the link died, long after its deadline.
  const m = new Manager({ local, hosts: [local, remote], timing: { retryBaseMs: 50, writeTimeoutMs: 5_000, connPingIntervalMs: 60_000 } });
  const peer = await peerP;
  const fillers: Promise<unknown>[] = [];
  try {
    assert.equal(parseMessage((await peer.recv())!).msg.op, Op.Connect);
    peer.send(encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, op: Op.ConnectResponse, flags: 0, payload: encodeConnectResp({ id: new Uint8Array(16), accepted: true, rejectedReason: "" }) }));
    const conn = m.connection(remote)!;
    await conn.waitForConnect(AbortSignal.timeout(2000));
    peer.link.socket.pause();

    // Fill the kernel buffers with big requests until our writer reports a blocked socket.
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < 256 && conn.stats().queueLength === 0; i++) {
      fillers.push(conn.request(1, big).catch((e: unknown) => e));
      await new Promise((r) => setImmediate(r));
    }
    assert.ok(conn.stats().queueLength > 0, "the writer never blocked; the peer's socket did not stop reading");
    // Then fill the output queue itself.
    const small = new Uint8Array(8);
    while (conn.stats().queueLength < OUT_QUEUE_LIMIT) fillers.push(conn.request(1, small).catch((e: unknown) => e));
    assert.notEqual(conn.queueSpace(), null, "queue should be full");

    await assert.rejects(conn.request(1, small, { deadline: Date.now() + 150 }), DeadlineExceededError);
    const ac = new AbortController();
    const waiting = conn.request(1, small, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(waiting, CanceledError);
    // Neither call took a mux id: nothing of theirs may linger in the outgoing table.
    assert.equal(conn.stats().outgoingMuxes, fillers.length);
  } finally {
    await m.close();
    peer.close();
    server.close();
    server.closeAllConnections();
    await Promise.all(fillers);
  }
});
