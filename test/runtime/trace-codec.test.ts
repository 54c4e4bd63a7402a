// Every frame recorded from real Go grids (both profiles) decodes with our parser to the recorded
// fields and re-encodes to the same bytes (grid-traces.md, "Codec tests").
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { encodeMessage, encodeMerged, parseMessage, splitMerged, type Message } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import { decodeConnectReq, decodeConnectResp, decodeMuxConnectError, decodePong, decodePing } from "../../runtime/wire/payloads.js";
import { subrouteId } from "../../runtime/subroute.js";
import { loadTraces, type TraceMsg } from "./trace-file.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function checkOne(body: Uint8Array, d: TraceMsg, where: string, handlers: number[]): void {
  const p = parseMessage(body);
  const msg = p.msg;
  assert.equal(msg.muxId, d.muxID, where);
  assert.equal(msg.seq, d.seq, where);
  assert.equal(msg.deadlineMs, d.deadlineMS, where);
  assert.equal(msg.handler, d.handler, where);
  assert.equal(msg.op, d.op, where);
  assert.equal(msg.flags, d.flags, where);
  assert.equal(msg.payload !== null, d.payloadPresent, `${where}: payload presence`);
  assert.equal(toHex(msg.payload ?? new Uint8Array(0)), d.payloadHex, where);
  if (d.subrouteHex) {
    assert.equal(toHex(msg.subroute!), d.subrouteHex, where);
    if (d.subrouteName) assert.equal(toHex(subrouteId(d.handler, d.subrouteName)), d.subrouteHex, `${where}: subroute id of ${d.subrouteName}`);
  }
  if (d.op === Op.Merged) {
    const inner = splitMerged(body, p);
    assert.equal(inner.length, d.inner!.length, where);
    inner.forEach((b, i) => {
      assert.equal(toHex(b), d.inner![i]!.bodyHex, `${where} inner ${i}`);
      checkOne(b, d.inner![i]!, `${where} inner ${i}`, handlers);
    });
    assert.equal(toHex(encodeMerged(inner)), toHex(body), `${where}: merged re-encode`);
    return;
  }
  // Re-encode from the decoded fields only.
  const re: Message = {
    muxId: d.muxID,
    seq: d.seq,
    deadlineMs: d.deadlineMS,
    handler: d.handler,
    op: d.op,
    flags: d.flags,
    payload: hex(d.payloadHex),
    subroute: d.subrouteHex ? hex(d.subrouteHex) : null,
  };
  assert.equal(toHex(encodeMessage(re)), toHex(body), `${where}: re-encode`);
  if (d.crcHex) assert.equal(toHex(body.subarray(body.length - 4)), d.crcHex, where);
  // Payload structs.
  const pl = msg.payload;
  const pd = d.payloadDecoded as Record<string, unknown> | undefined;
  if (pl && pd) {
    if (d.op === Op.Connect) {
      const v = decodeConnectReq(pl);
      assert.equal(v.host, pd.Host, where);
      assert.equal(toHex(v.id), (pd.ID as { bin: string }).bin, where);
      if ("Token" in pd) assert.equal(v.token, pd.Token, where);
      if ("Time" in pd) assert.equal(v.time!.sec, BigInt((pd.Time as { time: { unixSeconds: number } }).time.unixSeconds), where);
    } else if (d.op === Op.ConnectResponse) {
      const v = decodeConnectResp(pl);
      assert.equal(v.accepted, pd.Accepted, where);
      assert.equal(v.rejectedReason, pd.RejectedReason, where);
    } else if (d.op === Op.MuxConnectError) {
      assert.equal(decodeMuxConnectError(pl), pd.Error, where);
    } else if (d.op === Op.Pong) {
      const v = decodePong(pl);
      assert.equal(v.notFound, pd.nf, where);
      assert.equal(v.err, pd.e ?? null, where);
    } else if (d.op === Op.Ping) {
      const t = decodePing(pl);
      assert.equal(t!.nsec, (pd.t as { time: { nanos: number } }).time.nanos, where);
    }
  }
  void handlers;
  void Flag;
}

for (const profile of ["2024-04", "current"] as const) {
  const tf = loadTraces(profile);
  for (const s of tf.scenarios) {
    test(`[${profile}] ${s.name}: every frame decodes to the recorded fields and re-encodes byte-exact`, () => {
      for (const f of s.frames) checkOne(hex(f.payloadHex), f.decoded, `${s.name}#${f.index}`, []);
    });
  }
}

test("trace files are present and hold 19 scenarios each", () => {
  for (const p of ["2024-04", "current"] as const) assert.equal(loadTraces(p).scenarios.length, 19);
  assert.ok(readFileSync);
});
