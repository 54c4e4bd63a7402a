// WebSocket layer against the recorded Go byte streams (grid-traces.md step 2): our frame reader
// splits both raw directions into exactly the recorded frame payloads (unmasking the dialer's), and
// our upgrade request is Go's text with only the varying headers differing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameReader } from "../../runtime/transport/ws-frame.js";
import { dialTarget, upgradeRequestText } from "../../runtime/transport/upgrade.js";
import { loadTraces } from "./trace-file.js";

for (const profile of ["2024-04", "current"] as const) {
  test(`[${profile}] raw byte streams split into the recorded frames; upgrade request text matches`, () => {
    for (const s of loadTraces(profile).scenarios) {
      for (const c of s.connections) {
        for (const [dir, raw, masked] of [
          ["dialer->acceptor", c.rawDialerToAcceptorHex, true],
          ["acceptor->dialer", c.rawAcceptorToDialerHex, false],
        ] as const) {
          const all = Buffer.from(raw, "hex");
          const body = all.subarray(all.indexOf("\r\n\r\n") + 4);
          const got: string[] = [];
          const r = new FrameReader(masked, 1 << 26, { message: (d) => got.push(Buffer.from(d).toString("hex")), control: () => assert.fail("no control frames expected") });
          r.push(Buffer.from(body));
          assert.equal(r.pending, 0, `${s.name} conn ${c.id} ${dir}: trailing bytes`);
          const want = s.frames.filter((f) => f.conn === c.id && f.direction === dir).map((f) => f.payloadHex);
          assert.deepEqual(got, want, `${s.name} conn ${c.id} ${dir}`);
        }
        const key = /Sec-WebSocket-Key: (\S+)/.exec(c.upgradeRequest)![1]!;
        const time = /X-Minio-Time: (\S+)/.exec(c.upgradeRequest)![1]!;
        const token = profile === "current" ? "debug" : "";
        const ns = profile === "current" ? BigInt(time) : BigInt(Date.parse(time)) * 1_000_000n;
        assert.equal(upgradeRequestText(dialTarget(s.acceptorHost, "/minio/grid/v1"), key, token, profile, ns), c.upgradeRequest, `${s.name}: upgrade request`);
      }
    }
  });
}
