// The acceptor's handshake refusals (spec 4.2 steps 1-5, 3.6) with Go's exact texts: each refusal is
// one unmasked OpConnectResponse{Accepted: false} frame with our instance id, Flags 0, and then our
// side closes the socket (the recording's socketClosedBy ['acceptor']).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import { goOpString } from "../../runtime/handler-names.js";
import { encodeMessage, parseMessage } from "../../runtime/wire/message.js";
import { timeFromNanos } from "../../runtime/wire/msgp-lite.js";
import { Op } from "../../runtime/wire/ops.js";
import {
  decodeConnectResp,
  encodeConnectReq,
  encodeConnectResp,
} from "../../runtime/wire/payloads.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import { rawDial } from "./fake-peer.js";

const OURS = "http://127.0.0.1:19001";
const PEER = "http://127.0.0.1:19002";

const msg = (op: number, payload: Uint8Array | null): Uint8Array =>
  encodeMessage({
    muxId: 0,
    seq: 0,
    deadlineMs: 0,
    handler: 0,
    op,
    flags: 0,
    payload,
  });

test("Go's Op.String(): names without the Op prefix, Op(n) outside 1..17", () => {
  assert.equal(goOpString(1), "Connect");
  assert.equal(goOpString(3), "Ping");
  assert.equal(goOpString(17), "Merged");
  assert.equal(goOpString(0), "Op(0)");
  assert.equal(goOpString(18), "Op(18)");
  assert.equal(goOpString(255), "Op(255)");
});

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  test(
    `[${profile}] refused handshakes carry Go's texts and our side closes the socket`,
    { timeout: 10_000 },
    async () => {
      const m = new Manager({ local: OURS, hosts: [OURS, PEER], profile });
      const { port } = await m.listen(0);
      const now = timeFromNanos(BigInt(Date.now()) * 1_000_000n);
      const connect = (host: string): Uint8Array =>
        msg(
          Op.Connect,
          encodeConnectReq(
            { id: new Uint8Array(16), host, time: now, token: "" },
            profile === "current",
          ),
        );
      const cases: Array<[string, Uint8Array, string | RegExp]> = [
        ["a ping first", msg(Op.Ping, null), "unexpected connect op: Ping"],
        ["op 0", msg(0, null), "unexpected connect op: Op(0)"],
        ["op 99", msg(99, null), "unexpected connect op: Op(99)"],
        [
          "not a grid message",
          Uint8Array.from([0x93, 1, 2, 3]),
          /^error parsing grid connect: ./,
        ],
        [
          "connectReq not a map",
          msg(Op.Connect, Uint8Array.from([0x92, 1, 2])),
          /^error parsing connectReq: ./,
        ],
        [
          "a host not in our list",
          connect("http://127.0.0.1:1"),
          "unknown incoming host: http://127.0.0.1:1",
        ],
      ];
      if (profile === "current") {
        // A reference-era connectReq has no Time (Go's zero time): Go's saturated duration.
        cases.push([
          "a connectReq without Time",
          msg(
            Op.Connect,
            encodeConnectReq({ id: new Uint8Array(16), host: PEER }, false),
          ),
          "time difference too large between servers: 2562047h47m16.854775807s",
        ]);
        cases.push([
          "a clock 6 minutes ahead",
          msg(
            Op.Connect,
            encodeConnectReq(
              {
                id: new Uint8Array(16),
                host: PEER,
                time: timeFromNanos(BigInt(Date.now() + 360_000) * 1_000_000n),
                token: "",
              },
              true,
            ),
          ),
          /^time difference too large between servers: (5m59\.9|6m0\.0)\d*s$/,
        ]);
      }
      try {
        for (const [what, first, want] of cases) {
          const p = await rawDial(`http://127.0.0.1:${port}`, {
            profile,
            token: profile === "current" ? "t" : "",
          });
          p.send(first);
          const b = await p.recv(3000);
          assert.ok(b, `${what}: no answer`);
          const m0 = parseMessage(b).msg;
          assert.equal(m0.op, Op.ConnectResponse, what);
          const r = decodeConnectResp(m0.payload!);
          assert.equal(r.accepted, false, what);
          if (typeof want === "string") {
            assert.equal(r.rejectedReason, want, what);
            const exact = msg(
              Op.ConnectResponse,
              encodeConnectResp({
                id: m.id,
                accepted: false,
                rejectedReason: want,
              }),
            );
            assert.equal(
              Buffer.from(b).toString("hex"),
              Buffer.from(exact).toString("hex"),
              `${what}: frame bytes`,
            );
          } else assert.match(r.rejectedReason, want, what);
          assert.equal(
            await p.recv(3000),
            null,
            `${what}: nothing may follow the rejection`,
          );
          assert.ok(p.closed, `${what}: our acceptor closes the socket`);
        }
        assert.equal(m.connection(PEER)!.stats().connected, false);
      } finally {
        await m.close();
      }
    },
  );
}
