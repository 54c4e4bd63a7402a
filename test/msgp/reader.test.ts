// The reader accepts exactly what msgp's generated decoders accept (shared/spec/msgp.md §4).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MsgpReader, MsgpDecodeError, fromHex } from "../../runtime/msgp/index.js";

const r = (h: string) => new MsgpReader(fromHex(h));

function rejects(h: string, read: (r: MsgpReader) => unknown, pattern: RegExp): void {
  assert.throws(() => read(r(h)), (e: unknown) => e instanceof MsgpDecodeError && pattern.test(e.message), `${h}`);
}

test("signed targets accept every integer width that holds the value", () => {
  for (const h of ["05", "cc05", "cd0005", "ce00000005", "cf0000000000000005", "d005", "d10005", "d200000005", "d30000000000000005"]) {
    assert.equal(r(h).readInt8(), 5, h);
    assert.equal(r(h).readInt64(), 5n, h);
  }
  assert.equal(r("fb").readInt32(), -5);
  assert.equal(r("d3ffffffffffffffff").readInt16(), -1);
  assert.equal(r("d38000000000000000").readInt64(), -(2n ** 63n));
});

test("signed targets reject out-of-range values, uint64 above int64 max, floats and other families", () => {
  rejects("cc80", (x) => x.readInt8(), /expected int8, got 128, out of range/);
  rejects("d1ff7f", (x) => x.readInt8(), /out of range/);
  rejects("cf8000000000000000", (x) => x.readInt64(), /out of range/);
  rejects("ca3f800000", (x) => x.readInt32(), /expected int32, got float32/);
  rejects("a131", (x) => x.readInt64(), /expected int64, got str/);
  rejects("c0", (x) => x.readInt64(), /got nil/);
});

test("unsigned targets accept non-negative signed formats and reject negatives", () => {
  assert.equal(r("d10080").readUint8(), 128);
  assert.equal(r("d30000000000000001").readUint64(), 1n);
  assert.equal(r("cfffffffffffffffff").readUint64(), 2n ** 64n - 1n);
  rejects("ff", (x) => x.readUint8(), /negative int -1/);
  rejects("d0ff", (x) => x.readUint32(), /negative/);
  rejects("cd0100", (x) => x.readUint8(), /out of range/);
});

test("number-mapped 64-bit reads refuse values beyond 2^53-1", () => {
  assert.equal(r("d3001fffffffffffff").readIntNumber(), Number.MAX_SAFE_INTEGER);
  rejects("d3002000000000000000".slice(0, 18), (x) => x.readIntNumber(), /out of range/);
  rejects("cf0020000000000000", (x) => x.readUintNumber(), /out of range/);
});

test("floats: float64 takes ca and cb, float32 only ca, integers never", () => {
  assert.equal(r("ca3fc00000").readFloat64(), 1.5);
  assert.equal(r("cb3ff8000000000000").readFloat64(), 1.5);
  assert.equal(r("ca3fc00000").readFloat32(), 1.5);
  rejects("cb3ff8000000000000", (x) => x.readFloat32(), /expected float32, got float64/);
  rejects("01", (x) => x.readFloat64(), /expected float64, got int/);
});

test("str and bin never stand in for each other, except as struct keys", () => {
  assert.equal(r("a3616263").readString(), "abc");
  rejects("c403616263", (x) => x.readString(), /expected str, got bin/);
  rejects("a3616263", (x) => x.readBytes(), /expected bin, got str/);
  assert.equal(r("c403616263").readMapKey(), "abc");
  assert.equal(r("d903616263").readMapKey(), "abc");
  assert.equal(r("a3c3a9ff").readString(), "é\ufffd"); // invalid UTF-8 is not an error, as in msgp
});

test("fixed byte arrays need exactly N bytes", () => {
  assert.deepEqual([...r("c403010203").readFixedBytes(3)], [1, 2, 3]);
  rejects("c40201 02".replace(" ", ""), (x) => x.readFixedBytes(3), /exactly 3 bytes, got bin of 2 bytes/);
});

test("time: type 5 and the three type -1 forms; other extensions rejected", () => {
  assert.deepEqual(r("c70c050000000065937d25075bcd15").readTime(), { sec: 1704164645n, nsec: 123456789 });
  assert.deepEqual(r("d6ff00000001").readTime(), { sec: 1n, nsec: 0 });
  assert.deepEqual(r("d7ff0000000100000000").readTime(), { sec: 4294967296n, nsec: 0 });
  assert.deepEqual(r("c70cff1dcd6500ffffffffffffffff").readTime(), { sec: -1n, nsec: 500000000 });
  rejects("d7030000000000000000", (x) => x.readTime(), /got ext type 3 of 8 bytes/);
});

test("extensions must carry the declared type", () => {
  assert.deepEqual([...r("d42a07").readExt(42)], [7]);
  rejects("d42b07", (x) => x.readExt(42), /expected ext type 42, got ext type 43/);
});

test("json.Number decodes integers as text and floats without exponent", () => {
  assert.equal(r("d10080").readJsonNumber(), "128");
  assert.equal(r("ca5f000000").readJsonNumber(), "9223372036854776000"); // as Go formats it
  assert.equal(r("cbbf647ae147ae147b").readJsonNumber(), "-0.0025");
  assert.equal(r("cb48078287f49c4a1d").readJsonNumber(), "1000000000000000000000000000000000000000");
  rejects("cf8000000000000000", (x) => x.readJsonNumber(), /out of range/);
});

test("c1 is never valid; raw reads one object and c0 gives an empty raw", () => {
  rejects("c1", (x) => x.skip(), /invalid byte 0xc1/);
  const x = r("92a161c0ff");
  assert.deepEqual([...x.readRaw()], [0x92, 0xa1, 0x61, 0xc0]);
  assert.equal(x.readInt8(), -1);
  assert.equal(r("c0").readRaw().length, 0);
});

test("interface values are typed the way msgp types them", () => {
  assert.deepEqual(r("05").readAny(), { kind: "int", value: 5n });
  assert.deepEqual(r("cc05").readAny(), { kind: "uint", value: 5n });
  const m = r("82a16101c4016202").readAny(); // a bin key is accepted in maps too
  assert.equal(m.kind, "map");
  // The quirk: a fixext complex that ends the buffer comes back as a raw extension.
  assert.equal(r("d8043ff00000000000003ff0000000000000").readAny().kind, "ext");
  assert.equal(r("92d8043ff00000000000003ff000000000000000").readAny().kind, "array");
});
