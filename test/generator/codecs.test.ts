// Generated codecs (generated/**) against golden bytes from real msgp, and the
// decode rules msgp follows: unknown keys skipped, missing keys zero, last
// duplicate wins, exact tuple counts, errors that name the field path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MsgpDecodeError, MsgpEncodeError, fromHex, toHex } from "../../runtime/msgp/index.js";
import * as golden from "../../generated/golden/golden.js";
import * as modern from "../../generated/golden/modern.js";
import * as dsync from "../../generated/dsync/lock.js";
import * as cur from "../../generated/dsync/lock-current.js";
import * as ev from "../../generated/examples/everything.js";

test("LockArgs encodes byte for byte like msgp (msgp.md §3.5 and vector dsync/lockargs_multi)", () => {
  const v = { ...golden.createLockArgs(), UID: "u", Resources: ["a", "b", "c"], Quorum: -1n };
  const hex = "85a3554944a175a95265736f757263657393a161a162a163a6536f75726365a0a54f776e6572a0a651756f72756dff";
  assert.equal(toHex(golden.LockArgsCodec.encode(v)), hex);
  assert.deepStrictEqual(golden.LockArgsCodec.decode(fromHex(hex)), v);
  // the dsync schema maps int64 to number: same bytes, number in TS
  assert.equal(toHex(dsync.LockArgsCodec.encode({ ...dsync.createLockArgs(), UID: "u", Resources: ["a", "b", "c"], Quorum: -1 })), hex);
});

test("tuple GridMessage writes an array of 7 and rejects other counts", () => {
  const m = { MuxID: 1n, Seq: 2, DeadlineMS: 60000, Handler: 10, Op: 14, Flags: 6, Payload: fromHex("81a16101") };
  assert.equal(toHex(golden.GridMessageCodec.encode(m)), "970102cdea600a0e06c40481a16101");
  assert.equal(toHex(golden.GridMessageCodec.encode(golden.createGridMessage())), "97000000000000c400");
  assert.throws(() => golden.GridMessageCodec.decode(fromHex("96000000000000")), (e: unknown) => e instanceof MsgpDecodeError && /array of 7/.test(e.message));
});

test("omitempty: header counts written fields; empty-but-not-nil containers are written; NaN is written", () => {
  const zero = golden.createOmitEmpty();
  assert.equal(toHex(golden.OmitEmptyCodec.encode(zero)), "83a161920000a26966c0a46b656570a0");
  const notNil = { ...zero, Bs: new Uint8Array(0), Sl: [], M: new Map(), P: 0n };
  assert.equal(toHex(golden.OmitEmptyCodec.encode(notNil)), "87a26273c400a2736c90a16d80a17000a161920000a26966c0a46b656570a0");
  assert.equal(toHex(golden.OmitEmptyCodec.encode({ ...zero, F: -0 })), "83a161920000a26966c0a46b656570a0");
  assert.equal(toHex(golden.OmitEmptyCodec.encode({ ...zero, In: { A: 0n, B: "only b" } })), "84a161920000a2696e82a14100a142a66f6e6c792062a26966c0a46b656570a0");
  const o17 = golden.createOmit17();
  assert.equal(toHex(golden.Omit17Codec.encode(o17)), "80");
  assert.equal(toHex(golden.Omit17Codec.encode({ ...o17, F17: 1 })), "81a366313701");
});

test("flatten splices the inner struct's keys at its position", () => {
  const v = { Inner: { A: 7n, B: "x" }, C: true };
  assert.equal(toHex(golden.FlatCodec.encode(v)), "83a14107a142a178a143c3");
  assert.deepStrictEqual(golden.FlatCodec.decode(fromHex("83a14107a142a178a143c3")), v);
});

test("allownil writes c0 for null containers and reads it back; omitempty wins over allownil", () => {
  const v = modern.createAllowNil();
  assert.equal(toHex(modern.AllowNilCodec.encode(v)), "86a173c0a162c0a16dc0a170c0a16e90a26e62c400");
  assert.deepStrictEqual(modern.AllowNilCodec.decode(fromHex("86a173c0a162c0a16dc0a170c0a16e90a26e62c400")), { ...v, SO: null });
});

test("omitzero: zero time, all-zero struct and pointer to a zero struct are omitted", () => {
  const z = modern.createOmitZero();
  assert.equal(toHex(modern.OmitZeroCodec.encode(z)), "81a16b00");
  assert.equal(toHex(modern.OmitZeroCodec.encode({ ...z, PM: { Units: 0n, Nanos: 0 } })), "81a16b00");
});

test("decode: unknown keys skipped, missing keys keep zero values, last duplicate wins", () => {
  // {"X": {"deep": [1, 2]}, "Err": "a", "Err": "b"}
  const bytes = fromHex("83a15881a464656570920102a3457272a161a3457272a162");
  assert.deepStrictEqual(golden.LockRespCodec.decode(bytes), { Code: 0, Err: "b" });
});

test("decode errors carry the type and field path", () => {
  // LockArgs with Quorum as a string
  const bad = fromHex("81a651756f72756da178");
  assert.throws(
    () => golden.LockArgsCodec.decode(bad),
    (e: unknown) => e instanceof MsgpDecodeError && e.message.startsWith("decode LockArgs.Quorum at offset 8"),
  );
  // nested: Outer.Child.A
  const nested = fromHex("81a56368696c6481a141a0");
  assert.throws(() => golden.OuterCodec.decode(nested), (e: unknown) => e instanceof MsgpDecodeError && /Outer\.Child\.A/.test(e.message));
  // list index and map key: Slices.Ints[1], Maps.SI.b
  const slices = golden.SlicesCodec.encode({ ...golden.createSlices(), Ints: [1n, 2n] });
  const badIdx = Buffer.from(slices).toString("hex").replace("a4496e7473920102", "a4496e74739201a0");
  assert.throws(() => golden.SlicesCodec.decode(fromHex(badIdx)), (e: unknown) => e instanceof MsgpDecodeError && /decode Slices\.Ints\[1\] at/.test(e.message));
  const maps = golden.MapsCodec.encode({ ...golden.createMaps(), SI: new Map([["b", 1n]]) });
  const badKey = Buffer.from(maps).toString("hex").replace("a2534981a16201", "a2534981a162c3");
  assert.throws(() => golden.MapsCodec.decode(fromHex(badKey)), (e: unknown) => e instanceof MsgpDecodeError && /decode Maps\.SI\.b at/.test(e.message));
});

test("truncated and lying input fails with a decode error, never a hang or a crash", () => {
  const full = golden.LockArgsCodec.encode({ ...golden.createLockArgs(), UID: "uid", Resources: ["r1", "r2"] });
  for (let n = 0; n < full.length; n++) {
    assert.throws(() => golden.LockArgsCodec.decode(full.subarray(0, n)), MsgpDecodeError, `prefix of ${n} bytes`);
  }
  assert.throws(() => golden.SlicesCodec.decode(fromHex("81a4496e7473ddffffffff")), MsgpDecodeError);
});

test("int64 mapping: number mode is range-checked both ways; per-field override", () => {
  // dsync-current: option int64 = "number"; Quorum is int? (nil -> c0)
  const v = { ...cur.createLockArgs(), Quorum: 3 };
  assert.deepStrictEqual(cur.LockArgsCodec.decode(cur.LockArgsCodec.encode(v)), v);
  assert.throws(() => dsync.LockArgsCodec.encode({ ...dsync.createLockArgs(), Quorum: 2 ** 60 }), MsgpEncodeError);
  const big = golden.LockArgsCodec.encode({ ...golden.createLockArgs(), Quorum: 2n ** 60n });
  assert.throws(() => dsync.LockArgsCodec.decode(big), (e: unknown) => e instanceof MsgpDecodeError && /LockArgs\.Quorum/.test(e.message));
  // everything.Scalars.Big has [int64 = "number"] in a bigint file
  const s = ev.createScalars();
  assert.equal(typeof s.Big, "number");
  assert.equal(typeof s.I64, "bigint");
});

test("every field of everything.Scalars round-trips", () => {
  const s: ev.Scalars = {
    ...ev.createScalars(),
    B: true,
    I: -5n,
    I64: -(2n ** 63n),
    U64: 2n ** 64n - 1n,
    U8: 255,
    F32: 1.5,
    F64: 0.1,
    C64: { real: 1, imag: -2 },
    S: "héllo",
    Raw: fromHex("0102"),
    Id: new Uint8Array(16).fill(7),
    U8s: [1, 200],
    FU: [1, 2, 3, 4],
    T: { sec: 1700000000n, nsec: 5 },
    D: 1000n,
    N: "1.5",
    V: { kind: "string", value: "any" },
    Rw: fromHex("81a16101"),
    M: new Map([["k", ["a", "b"]]]),
    P: { X: 1, Y: -1 },
    Renamed: "r",
    Sl: [],
    Big: 2 ** 50,
    Inner: { InA: 3n, InB: "in" },
    J: { X: 5, Y: 6 },
    Ms: new Map([["a", "b"]]),
    Bs: fromHex("ff"),
    Uv: new Map([["q", ["1", "2"]]]),
    Arr: [{ InA: 1n, InB: "x" }],
    Code: ev.Code.Conflict,
    E: fromHex("010203"),
    Ti: 9n,
    Im: new Map([["x", 1n]]),
  };
  const bytes = ev.ScalarsCodec.encode(s);
  assert.deepStrictEqual(ev.ScalarsCodec.decode(bytes), s);
  // fixed sizes are enforced on encode
  assert.throws(() => ev.ScalarsCodec.encode({ ...s, Id: new Uint8Array(3) }), /16 bytes/);
  assert.throws(() => ev.ScalarsCodec.encode({ ...s, FU: [1] }), /exactly 4/);
});

test("json<T> is Go encoding/json text in a bin, with the trailing newline", () => {
  const j = golden.JSONLockRespCodec.encode({ Code: 1, Err: "<x>" });
  assert.equal(Buffer.from(j.subarray(2)).toString(), '{"Code":1,"Err":"\\u003cx\\u003e"}\n');
  assert.deepStrictEqual(golden.JSONLockRespCodec.decode(j), { Code: 1, Err: "<x>" });
  assert.equal(toHex(golden.JSONLockRespCodec.encode(null)), "c0");
});

test("json<map> orders keys by UTF-8 bytes, as Go does (U+F4C5 before U+10000)", () => {
  const m = new Map<string, import("../../runtime/msgp/index.js").MsgpAny>([
    ["\u{10000}", { kind: "bool", value: true }],
    ["\uf4c5", { kind: "nil" }],
  ]);
  const text = Buffer.from(golden.JSONAnyMapCodec.encode(m).subarray(2)).toString();
  assert.equal(text, '{"\uf4c5":null,"\u{10000}":true}\n');
});
