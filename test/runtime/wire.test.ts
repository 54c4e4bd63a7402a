// Byte-level checks of the grid envelope, trailer, merged batches and payload structs against the
// spec's verified vectors (appendix A = 2024-04 reference, appendix B = HEAD / `current`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeMessage, encodeMerged, parseMessage, splitMerged, type Message } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import {
  decodeConnectReq,
  decodeConnectResp,
  decodeMuxConnectError,
  decodePong,
  encodeConnectReq,
  encodeConnectResp,
  encodeMuxConnectError,
  encodePing,
  encodePong,
} from "../../runtime/wire/payloads.js";
import { GO_ZERO_TIME } from "../../runtime/wire/msgp-lite.js";
import { subrouteId } from "../../runtime/subroute.js";
import { xxh3 } from "../../runtime/xxh3.js";
import { localShouldDial } from "../../runtime/dial-rule.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/[\s|]/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const te = new TextEncoder();
const uuid = hex("000102030405060708090a0b0c0d0e0f");
const sub = subrouteId(73, "some-subroute");

function m(p: Partial<Message> & { op: number }): Message {
  return { muxId: 0, seq: 0, deadlineMs: 0, handler: 0, flags: 0, payload: null, ...p };
}

const vectors: Array<[string, Message, string]> = [
  ["connection ping (ref)", m({ op: Op.Ping, deadlineMs: 5000 }), "97 00 00 cd1388 00 03 00 c400"],
  ["pong reply", m({ op: Op.Pong, deadlineMs: 5000, flags: Flag.CRC, payload: hex("82a26e66c2a165c0") }), "97 00 00 cd1388 00 04 01 c408 82a26e66c2a165c0 | ee223f14"],
  ["request hello", m({ op: Op.Request, muxId: 1, deadlineMs: 60000, handler: 9, flags: Flag.CRC | Flag.EOF, payload: te.encode("hello") }), "97 01 00 cdea60 09 0e 03 c405 68656c6c6f | f2e0254c"],
  ["request hello TLS", m({ op: Op.Request, muxId: 1, deadlineMs: 60000, handler: 9, flags: Flag.EOF, payload: te.encode("hello") }), "97 01 00 cdea60 09 0e 02 c405 68656c6c6f"],
  [
    "request on subroute",
    m({ op: Op.Request, muxId: 2, deadlineMs: 60000, handler: 73, flags: Flag.CRC | Flag.EOF | Flag.Subroute, payload: te.encode("hello"), subroute: sub }),
    "97 02 00 cdea60 49 0e 23 c405 68656c6c6f | 49009a6621c598f8aaa3b0f270111bab3c6c463e5d2886959f7c26e0ac9c6c48 | 218c6886",
  ],
  ["empty response", m({ op: Op.Response, muxId: 1, flags: Flag.CRC | Flag.EOF | Flag.PayloadIsZero, payload: new Uint8Array(0) }), "97 01 00 00 00 0f 13 c400 | 67c777f0"],
  ["error response", m({ op: Op.Response, muxId: 1, flags: Flag.CRC | Flag.EOF | Flag.PayloadIsErr, payload: te.encode("boom") }), "97 01 00 00 00 0f 0b c404 626f6f6d | 9bd8edc4"],
  [
    "mux connect error",
    m({ op: Op.MuxConnectError, muxId: 7, handler: 73, flags: Flag.CRC | Flag.EOF, payload: hex("81a54572726f72b8496e76616c69642048616e646c657220666f722074797065") }),
    "97 07 00 00 49 06 03 c420 81a54572726f72b8496e76616c69642048616e646c657220666f722074797065 | f9f5b1e6",
  ],
  ["connect mux", m({ op: Op.ConnectMux, muxId: 7, handler: 73, flags: Flag.CRC | Flag.EOF, payload: te.encode("init") }), "97 07 00 00 49 05 03 c404 696e6974 | 435d65c7"],
  ["ack mux", m({ op: Op.AckMux, muxId: 7, flags: Flag.CRC }), "97 07 00 00 00 0d 01 c400 | 1407e108"],
  ["server msg r1", m({ op: Op.MuxServerMsg, muxId: 7, seq: 1, flags: Flag.CRC, payload: te.encode("r1") }), "97 07 01 00 00 0a 01 c402 7231 | fd964aee"],
  ["unblock srv", m({ op: Op.UnblockSrvMux, muxId: 7, seq: 1, flags: Flag.CRC }), "97 07 01 00 00 0b 01 c400 | 30248a00"],
  ["server EOF", m({ op: Op.MuxServerMsg, muxId: 7, seq: 2, flags: Flag.CRC | Flag.EOF }), "97 07 02 00 00 0a 03 c400 | 7dd0008c"],
  ["disconnect client mux", m({ op: Op.DisconnectClientMux, muxId: 7, flags: Flag.CRC }), "97 07 00 00 00 07 01 c400 | 12f0f3d4"],
  ["client EOF", m({ op: Op.MuxClientMsg, muxId: 7, seq: 3, flags: Flag.CRC | Flag.EOF }), "97 07 03 00 00 09 03 c400 | c4b04f6f"],
  ["inner 1", m({ op: Op.UnblockSrvMux, muxId: 5, seq: 1, flags: Flag.CRC }), "97 05 01 00 00 0b 01 c400 | 068b6ca1"],
  ["inner 2", m({ op: Op.MuxServerMsg, muxId: 300, seq: 70000, flags: Flag.CRC, payload: hex("010203") }), "97 cd012c ce00011170 00 00 0a 01 c403 010203 | 42a05ce1"],
  ["integer widths", m({ op: 17, muxId: 2 ** 40, seq: 0xffffffff, deadlineMs: 200, handler: 255, flags: 0x3f & ~Flag.CRC & ~Flag.Subroute }), "97 cf0000010000000000 ceffffffff ccc8 ccff 11 1e c400"],
  ["HEAD ping", m({ op: Op.Ping, deadlineMs: 10000, payload: hex("81a174c70c05000000006553f100075bcd15") }), "97 00 00 cd2710 00 03 00 c412 81 a174 c70c05000000006553f100075bcd15"],
];

for (const [name, msg, want] of vectors) {
  test(`encode/parse ${name}`, () => {
    const enc = encodeMessage(msg);
    assert.equal(toHex(enc), toHex(hex(want)));
    const p = parseMessage(enc);
    assert.equal(p.msg.muxId, msg.muxId);
    assert.equal(p.msg.seq, msg.seq);
    assert.equal(p.msg.deadlineMs, msg.deadlineMs);
    assert.equal(p.msg.handler, msg.handler);
    assert.equal(p.msg.op, msg.op);
    assert.equal(p.msg.flags, msg.flags);
    if (msg.flags & Flag.PayloadIsZero || (msg.payload && msg.payload.length > 0)) assert.equal(toHex(p.msg.payload!), toHex(msg.payload ?? new Uint8Array(0)));
    else assert.equal(p.msg.payload, null);
    if (msg.flags & Flag.Subroute) assert.equal(toHex(p.msg.subroute!), toHex(msg.subroute!));
  });
}

test("spec 2.9 integer widths with all flag bits (0x3f): tuple bytes match", () => {
  // With SUB and CRC set the trailer follows, so compare the 7-tuple prefix only.
  const enc = encodeMessage(m({ op: 17, muxId: 2 ** 40, seq: 0xffffffff, deadlineMs: 200, handler: 255, flags: 0x3f, subroute: sub }));
  assert.equal(toHex(enc.subarray(0, 23)), toHex(hex("97 cf0000010000000000 ceffffffff ccc8 ccff 11 3f c400")));
  assert.equal(parseMessage(enc).msg.flags, 0x3f);
});

test("payload length prefixes: 300 -> c5 012c, 70000 -> c6 00011170", () => {
  const a = encodeMessage(m({ op: Op.Response, flags: 0, payload: new Uint8Array(300) }));
  assert.equal(toHex(a.subarray(7, 10)), "c5012c");
  const b = encodeMessage(m({ op: Op.Response, flags: 0, payload: new Uint8Array(70000) }));
  assert.equal(toHex(b.subarray(7, 12)), "c600011170");
  assert.equal(parseMessage(b).msg.payload!.length, 70000);
});

test("OpMerged frame of two inner messages (appendix A)", () => {
  const i1 = hex("97 05 01 00 00 0b 01 c400 068b6ca1");
  const i2 = hex("97 cd012c ce00011170 00 00 0a 01 c403 010203 42a05ce1");
  const frame = encodeMerged([i1, i2]);
  assert.equal(toHex(frame), "970002000011" + "00c400" + "c40d" + toHex(i1) + "c416" + toHex(i2));
  const p = parseMessage(frame);
  assert.equal(p.msg.op, Op.Merged);
  const inner = splitMerged(frame, p);
  assert.deepEqual(inner.map(toHex), [toHex(i1), toHex(i2)]);
});

test("parse rejects: CRC mismatch, short trailer, 6-tuple, negative uint, overflow, lying merged count", () => {
  const good = hex("97 01 00 cdea60 09 0e 03 c405 68656c6c6f f2e0254c");
  const bad = good.slice();
  bad[bad.length - 1]! ^= 1;
  assert.throws(() => parseMessage(bad), /checksum mismatch/);
  assert.throws(() => parseMessage(good.subarray(0, good.length - 2)), /checksum mismatch|fewer than 4/);
  assert.throws(() => parseMessage(hex("96 01 00 00 09 0e 00")), /7 elements/);
  assert.throws(() => parseMessage(hex("97 ff 00 00 00 0e 00 c400")), /negative/);
  assert.throws(() => parseMessage(hex("97 00 00 00 cd0100 0e 00 c400")), /overflows/);
  assert.throws(() => parseMessage(hex("97 00 00 00 00 0e 20 c400 0102")), /subroute/);
  assert.throws(() => parseMessage(hex("97 00 00 00 00 0e 00 c6ffffffff")), /truncated/);
  const lying = hex("97 00 ce7fffffff 00 00 11 00 c400 c401 00");
  assert.throws(() => splitMerged(lying, parseMessage(lying)), /claims/);
});

test("decoder accepts non-minimal and signed integer forms like Go", () => {
  const p = parseMessage(hex("dc0007 d001 cd0000 00 d100 09 0e 00 c400"));
  assert.equal(p.msg.muxId, 1);
  assert.equal(p.msg.handler, 9);
});

test("connectReq / connectResp / muxConnectError / pong vectors (appendix A)", () => {
  const req = encodeConnectReq({ id: uuid, host: "http://127.0.0.1:9000" }, false);
  const frame = encodeMessage(m({ op: Op.Connect, payload: req }));
  assert.equal(
    toHex(frame),
    toHex(hex("97 00 00 00 00 01 00 c431 82 a24944 c410 000102030405060708090a0b0c0d0e0f a4486f7374 b5 687474703a2f2f3132372e302e302e313a39303030")),
  );
  assert.equal(decodeConnectReq(req).host, "http://127.0.0.1:9000");
  const acc = encodeConnectResp({ id: uuid, accepted: true, rejectedReason: "" });
  assert.equal(
    toHex(encodeMessage(m({ op: Op.ConnectResponse, payload: acc }))),
    toHex(hex("97 00 00 00 00 02 00 c430 83 a24944 c410 000102030405060708090a0b0c0d0e0f a84163636570746564 c3 ae52656a6563746564526561736f6e a0")),
  );
  const rej = encodeConnectResp({ id: uuid, accepted: false, rejectedReason: "unknown incoming host: x" });
  assert.equal(
    toHex(encodeMessage(m({ op: Op.ConnectResponse, payload: rej }))),
    toHex(
      hex(
        "97 00 00 00 00 02 00 c448 83 a24944 c410 000102030405060708090a0b0c0d0e0f a84163636570746564 c2 ae52656a6563746564526561736f6e b8 756e6b6e6f776e20696e636f6d696e6720686f73743a2078",
      ),
    ),
  );
  assert.deepEqual(decodeConnectResp(rej), { id: uuid, accepted: false, rejectedReason: "unknown incoming host: x" });
  assert.equal(toHex(encodeMuxConnectError("Invalid Handler for type")), "81a54572726f72b8496e76616c69642048616e646c657220666f722074797065");
  assert.equal(decodeMuxConnectError(hex("81a54572726f72b8496e76616c69642048616e646c657220666f722074797065")), "Invalid Handler for type");
  assert.equal(toHex(encodePong({ notFound: true, err: null }, false)), "82a26e66c3a165c0");
  const seqErr = "receive sequence number mismatch. want 3, got 5";
  assert.equal(
    toHex(encodePong({ notFound: false, err: seqErr }, false)),
    "82a26e66c2a165d92f726563656976652073657175656e6365206e756d626572206d69736d617463682e2077616e7420332c20676f742035",
  );
  assert.deepEqual(decodePong(encodePong({ notFound: false, err: seqErr }, false)), { notFound: false, err: seqErr });
});

test("HEAD structures (appendix B)", () => {
  const t = { sec: 1700000000n, nsec: 123456789 };
  const req = encodeConnectReq({ id: uuid, host: "http://127.0.0.1:9000", time: t, token: "debug" }, true);
  assert.equal(
    toHex(req),
    toHex(
      hex(
        "84 a24944 c410 000102030405060708090a0b0c0d0e0f a4486f7374 b5 687474703a2f2f3132372e302e302e313a39303030 a454696d65 c70c05 000000006553f100 075bcd15 a5546f6b656e a5 6465627567",
      ),
    ),
  );
  assert.deepEqual(decodeConnectReq(req), { id: uuid, host: "http://127.0.0.1:9000", time: t, token: "debug" });
  assert.equal(toHex(encodePing(t)), "81a174c70c05000000006553f100075bcd15");
  assert.equal(toHex(encodePong({ notFound: false, err: null, t }, true)), "83a26e66c2a165c0a174c70c05000000006553f100075bcd15");
  assert.equal(toHex(encodePong({ notFound: false, err: null, t: GO_ZERO_TIME }, true)), "83a26e66c2a165c0a174c70c05fffffff1886e090000000000");
  assert.deepEqual(decodePong(hex("83a26e66c2a165c0a174c70c05000000006553f100075bcd15")), { notFound: false, err: null, t });
});

test("hashes, subroute id and dial rule (spec 1.2, appendix A)", () => {
  assert.equal(xxh3(te.encode("")).toString(16), "2d06800538d394c2");
  assert.equal(xxh3(te.encode("a")).toString(16), "e6c632b61e964e1f");
  assert.equal(xxh3(te.encode("http://127.0.0.1:9000http://127.0.0.1:9001")).toString(16), "7513c04d65b8b9d2");
  assert.equal(xxh3(te.encode("http://127.0.0.1:9001http://127.0.0.1:9000")).toString(16).padStart(16, "0"), "03704867a9b214d6");
  assert.equal(toHex(sub), "49009a6621c598f8aaa3b0f270111bab3c6c463e5d2886959f7c26e0ac9c6c48");
  assert.equal(localShouldDial("http://127.0.0.1:9000", "http://127.0.0.1:9001"), false);
  assert.equal(localShouldDial("http://127.0.0.1:9001", "http://127.0.0.1:9000"), true);
  assert.equal(localShouldDial("a", "b"), false);
  assert.equal(localShouldDial("http://node1:9000", "http://node2:9000"), false);
  assert.equal(localShouldDial("http://127.0.0.1:19002", "http://127.0.0.1:19001"), true);
});

test("TestShouldConnect: 35 hosts, antisymmetric, each dials at least 10 others", () => {
  const hosts = [..."abcdefghijklmnopqrstuvxyz0123456789"];
  assert.equal(hosts.length, 35);
  for (const x of hosts) {
    let dials = 0;
    for (const y of hosts) {
      if (x === y) continue;
      const a = localShouldDial(x, y);
      assert.notEqual(a, localShouldDial(y, x), `${x} vs ${y}`);
      if (a) dials++;
    }
    assert.ok(dials >= 10, `${x} dials only ${dials}`);
  }
});
