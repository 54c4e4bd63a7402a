// The writer makes tinylib/msgp's exact format choices (shared/spec/msgp.md §1-§3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MsgpWriter, toHex, GO_ZERO_TIME, encodeKey } from "../../runtime/msgp/index.js";

function hex(fn: (w: MsgpWriter) => void): string {
  const w = new MsgpWriter(4); // tiny start: exercises buffer growth too
  fn(w);
  return toHex(w.finish());
}

test("signed integers: smallest form, never unsigned formats (§2.2)", () => {
  const cases: [number | bigint, string][] = [
    [0, "00"], [127, "7f"], [128, "d10080"], [255, "d100ff"], [32767, "d17fff"], [32768, "d200008000"],
    [2147483647, "d27fffffff"], [2147483648, "d30000000080000000"], [-1, "ff"], [-32, "e0"], [-33, "d0df"],
    [-128, "d080"], [-129, "d1ff7f"], [-32768, "d18000"], [-32769, "d2ffff7fff"], [-2147483648, "d280000000"],
    [-2147483649, "d3ffffffff7fffffff"], [-(2n ** 63n), "d38000000000000000"], [2n ** 63n - 1n, "d37fffffffffffffff"],
    [200n, "d100c8"], [Number.MAX_SAFE_INTEGER, "d3001fffffffffffff"], [-Number.MAX_SAFE_INTEGER, "d3ffe0000000000001"],
  ];
  for (const [v, want] of cases) assert.equal(hex((w) => w.writeInt(v)), want, `int ${v}`);
});

test("unsigned integers: fixint/cc/cd/ce/cf (§2.3)", () => {
  const cases: [number | bigint, string][] = [
    [0, "00"], [127, "7f"], [128, "cc80"], [255, "ccff"], [256, "cd0100"], [65535, "cdffff"], [65536, "ce00010000"],
    [4294967295, "ceffffffff"], [4294967296, "cf0000000100000000"], [2n ** 64n - 1n, "cfffffffffffffffff"], [200, "ccc8"],
  ];
  for (const [v, want] of cases) assert.equal(hex((w) => w.writeUint(v)), want, `uint ${v}`);
});

test("integers out of the Go type's range are refused, not truncated", () => {
  assert.throws(() => hex((w) => w.writeInt(2n ** 63n)), /does not fit int64/);
  assert.throws(() => hex((w) => w.writeUint(-1)), /non-negative/);
  assert.throws(() => hex((w) => w.writeUint(2n ** 64n)), /does not fit uint64/);
  assert.throws(() => hex((w) => w.writeInt(1.5)), /not an integer/);
  assert.throws(() => hex((w) => w.writeInt(2 ** 60)), /pass a bigint/);
});

test("floats keep their declared width; integral values stay floats; -0 keeps its sign (§2.4)", () => {
  assert.equal(hex((w) => w.writeFloat64(1.5)), "cb3ff8000000000000");
  assert.equal(hex((w) => w.writeFloat64(1)), "cb3ff0000000000000");
  assert.equal(hex((w) => w.writeFloat32(1.5)), "ca3fc00000");
  assert.equal(hex((w) => w.writeFloat32(-0)), "ca80000000");
  assert.equal(hex((w) => w.writeFloat64(-0)), "cb8000000000000000");
  assert.equal(hex((w) => w.writeFloat64(Infinity)), "cb7ff0000000000000");
  assert.equal(hex((w) => w.writeFloat64Compact(1.5)), "ca3fc00000");
  assert.equal(hex((w) => w.writeFloat64Compact(0.1)), "cb3fb999999999999a");
});

test("strings: header by UTF-8 byte length at the 31/32, 255/256, 65535/65536 boundaries (§1, §2.6)", () => {
  assert.equal(hex((w) => w.writeString("")), "a0");
  assert.equal(hex((w) => w.writeString("héllo")), "a668c3a96c6c6f");
  const euro10 = "€".repeat(10); // 30 bytes
  assert.equal(hex((w) => w.writeString(euro10)).slice(0, 2), "be");
  assert.equal(hex((w) => w.writeString(euro10 + "ab")).slice(0, 4), "d920");
  for (const [n, prefix] of [[31, "bf"], [32, "d920"], [255, "d9ff"], [256, "da0100"], [65535, "daffff"], [65536, "db00010000"]] as const) {
    const h = hex((w) => w.writeString("x".repeat(n)));
    assert.ok(h.startsWith(prefix), `length ${n}: ${h.slice(0, 10)}`);
    assert.equal(h.length, prefix.length + 2 * n);
  }
  // A long non-ASCII string goes through TextEncoder and still gets the smallest header.
  const long = "é".repeat(100); // 200 bytes
  assert.ok(hex((w) => w.writeString(long)).startsWith("d9c8"));
  // Astral characters and lone surrogates (U+FFFD, as TextEncoder does).
  assert.equal(hex((w) => w.writeString("😀")), "a4f09f9880");
  assert.equal(hex((w) => w.writeString("\ud800")), "a3efbfbd");
});

test("bin: no fixbin, boundaries 255/256 and 65535/65536 (§1, §2.7)", () => {
  assert.equal(hex((w) => w.writeBytes(new Uint8Array(0))), "c400");
  for (const [n, prefix] of [[255, "c4ff"], [256, "c50100"], [65535, "c5ffff"], [65536, "c600010000"]] as const) {
    assert.ok(hex((w) => w.writeBytes(new Uint8Array(n))).startsWith(prefix), `bin ${n}`);
  }
});

test("array and map headers: 15/16 and 65535/65536 boundaries", () => {
  assert.equal(hex((w) => w.writeArrayHeader(15)), "9f");
  assert.equal(hex((w) => w.writeArrayHeader(16)), "dc0010");
  assert.equal(hex((w) => w.writeArrayHeader(65535)), "dcffff");
  assert.equal(hex((w) => w.writeArrayHeader(65536)), "dd00010000");
  assert.equal(hex((w) => w.writeMapHeader(0)), "80");
  assert.equal(hex((w) => w.writeMapHeader(16)), "de0010");
  assert.equal(hex((w) => w.writeMapHeader(65536)), "df00010000");
});

test("extensions: fixext sizes and msgp's ext16-at-255 / ext32-at-65535 quirk (§2.12)", () => {
  assert.equal(hex((w) => w.writeExt(42, new Uint8Array(0))), "c7002a");
  assert.equal(hex((w) => w.writeExt(-100, new Uint8Array([1]))), "d49c01");
  assert.equal(hex((w) => w.writeExt(42, new Uint8Array(3))), "c7032a000000");
  assert.ok(hex((w) => w.writeExt(42, new Uint8Array(254))).startsWith("c7fe2a"));
  assert.ok(hex((w) => w.writeExt(42, new Uint8Array(255))).startsWith("c800ff2a"));
  assert.ok(hex((w) => w.writeExt(42, new Uint8Array(65534))).startsWith("c8fffe2a"));
  assert.ok(hex((w) => w.writeExt(42, new Uint8Array(65535))).startsWith("c90000ffff2a"));
  assert.throws(() => hex((w) => w.writeExt(200, new Uint8Array(1))), /outside -128..127/);
});

test("time.Time: msgp type 5, pre-1970 floors seconds, Go zero time (§2.9)", () => {
  assert.equal(hex((w) => w.writeTime({ sec: 1704164645n, nsec: 123456789 })), "c70c050000000065937d25075bcd15");
  assert.equal(hex((w) => w.writeTime({ sec: -1n, nsec: 500000000 })), "c70c05ffffffffffffffff1dcd6500");
  assert.equal(hex((w) => w.writeTime(GO_ZERO_TIME)), "c70c05fffffff1886e090000000000");
  assert.throws(() => hex((w) => w.writeTime({ sec: 0n, nsec: 1_000_000_000 })), /nanoseconds/);
});

test("time.Time under newtime: the three timestamp forms (§2.10)", () => {
  assert.equal(hex((w) => w.writeTimeNewtime({ sec: 0n, nsec: 0 })), "d7ff0000000000000000");
  assert.equal(hex((w) => w.writeTimeNewtime({ sec: 1n, nsec: 0 })), "d6ff00000001");
  assert.equal(hex((w) => w.writeTimeNewtime({ sec: 4294967296n, nsec: 0 })), "d7ff0000000100000000");
  assert.equal(hex((w) => w.writeTimeNewtime({ sec: 2n ** 34n, nsec: 0 })), "c70cff000000000000000400000000");
  assert.equal(hex((w) => w.writeTimeNewtime({ sec: -1n, nsec: 500000000 })), "c70cff1dcd6500ffffffffffffffff");
});

test("json.Number: int64 text as int, else float32 when exact, else float64 (§2.11)", () => {
  const cases: [string, string][] = [
    ["", "00"], ["-0", "00"], ["128", "d10080"], ["1.0", "ca3f800000"], ["1e3", "ca447a0000"],
    ["0.1", "cb3fb999999999999a"], ["9223372036854775808", "ca5f000000"], ["-9223372036854775808", "d38000000000000000"],
  ];
  for (const [text, want] of cases) assert.equal(hex((w) => w.writeJsonNumber(text)), want, `json.Number ${text}`);
  assert.throws(() => hex((w) => w.writeJsonNumber("abc")), /not a number/);
  assert.throws(() => hex((w) => w.writeJsonNumber("1e400")), /not a number/);
});

test("complex, raw and interface values", () => {
  assert.equal(hex((w) => w.writeComplex64({ real: 1, imag: -1 })), "d7033f800000bf800000");
  assert.equal(hex((w) => w.writeComplex128({ real: 1, imag: 1 })), "d8043ff00000000000003ff0000000000000");
  assert.equal(hex((w) => w.writeRaw(new Uint8Array(0))), "c0");
  assert.equal(hex((w) => w.writeRaw(new Uint8Array([0x92, 1, 2]))), "920102");
  assert.equal(
    hex((w) => w.writeAny({ kind: "array", value: [{ kind: "int", value: -1n }, { kind: "string", value: "s" }, { kind: "nil" }] })),
    "93ffa173c0",
  );
  assert.equal(hex((w) => w.writeAny({ kind: "uint", value: 65535n })), "cdffff");
});

test("finish() hands out bytes the writer never overwrites, even after reset() and growth", () => {
  const w = new MsgpWriter();
  w.writeString("first");
  const a = w.finish();
  w.reset();
  w.writeString("other");
  assert.equal(toHex(a), "a56669727374");
  assert.equal(w.length, 6);
});

test("a growing writer moves only the current message; earlier results stay intact", () => {
  const w = new MsgpWriter(64);
  w.writeString("kept");
  const first = w.finish();
  w.writeBytes(new Uint8Array(10_000).fill(9)); // forces a new chunk
  const second = w.finish();
  assert.equal(toHex(first), "a46b657074");
  assert.equal(second.length, 10_003);
  assert.equal(second[10_002], 9);
});

test("pre-encoded keys are byte-identical to writeString", () => {
  const a = new MsgpWriter();
  a.writePreencoded(encodeKey("ключ"));
  const b = new MsgpWriter();
  b.writeString("ключ");
  assert.deepEqual(a.finish(), b.finish());
});
