// OpMerged batching limits per profile (spec 4.4, 11.3) seen from the wire, and the trace hook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import { encodeMessage, parseMessage, splitMerged } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import { encodeConnectResp } from "../../runtime/wire/payloads.js";
import type { GridTraceEvent } from "../../runtime/options.js";
import { fakeAcceptor, type RawPeer } from "./fake-peer.js";
import { bytes, text } from "./harness.js";

for (const [profile, maxPerFrame] of [["current", 51], ["2024-04", 31]] as const) {
  test(`[${profile}] 300 concurrent requests share frames, never more than ${maxPerFrame} per OpMerged`, async () => {
    let peerResolve!: (p: RawPeer) => void;
    const peerP = new Promise<RawPeer>((r) => (peerResolve = r));
    const server = await fakeAcceptor(0, (p) => peerResolve(p));
    const remote = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    let local = "";
    for (let i = 1; !local; i++) if (localShouldDial(`http://127.0.0.1:${40000 + i}`, remote)) local = `http://127.0.0.1:${40000 + i}`;
    const traced: GridTraceEvent[] = [];
    const m = new Manager({ local, hosts: [local, remote], profile, timing: { retryBaseMs: 50 }, trace: (e) => traced.push(e) });
    const peer = await peerP;
    try {
      assert.equal(parseMessage((await peer.recv())!).msg.op, Op.Connect);
      peer.send(encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, op: Op.ConnectResponse, flags: 0, payload: encodeConnectResp({ id: new Uint8Array(16), accepted: true, rejectedReason: "" }) }));
      const conn = m.connection(remote)!;
      await conn.waitForConnect(AbortSignal.timeout(2000));
      const calls = Array.from({ length: 300 }, (_, i) => conn.request(1, bytes(`burst-${i}`)));
      let seen = 0;
      let merged = 0;
      while (seen < 300) {
        const b = await peer.recv();
        assert.ok(b, "frames stopped");
        const p = parseMessage(b);
        const msgs = p.msg.op === Op.Merged ? splitMerged(b, p).map((x) => parseMessage(x).msg) : [p.msg];
        if (p.msg.op === Op.Merged) {
          merged++;
          assert.ok(msgs.length <= maxPerFrame, `${msgs.length} messages in one frame`);
          assert.equal(p.msg.flags, 0);
        }
        for (const q of msgs) {
          assert.equal(q.op, Op.Request);
          seen++;
          peer.send(encodeMessage({ muxId: q.muxId, seq: 0, deadlineMs: 0, handler: 0, op: Op.Response, flags: Flag.CRC | Flag.EOF, payload: q.payload }));
        }
      }
      assert.ok(merged > 0, "no OpMerged frame was produced");
      const res = await Promise.all(calls);
      res.forEach((r, i) => assert.equal(text(r), `burst-${i}`));
      assert.equal(traced.filter((e) => e.dir === "out" && e.msg.op === Op.Request).length, 300);
      assert.equal(traced.filter((e) => e.dir === "in" && e.msg.op === Op.Response).length, 300);
    } finally {
      await m.close();
      peer.close();
      server.close();
      server.closeAllConnections();
    }
  });
}
