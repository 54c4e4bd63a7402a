// Range-checked writers for Go's narrow integer types: the range follows the
// declared width, the format still follows msgp's value-based choice (§2.2/§2.3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MsgpEncodeError, MsgpWriter, toHex } from "../../runtime/msgp/index.js";

function hexOf(f: (w: MsgpWriter) => void): string {
  const w = new MsgpWriter(64);
  f(w);
  return toHex(w.finish());
}

test("in range: same bytes as writeInt / writeUint", () => {
  const signed: Array<[keyof MsgpWriter & ("writeInt8" | "writeInt16" | "writeInt32" | "writeIntSafe"), number[]]> = [
    ["writeInt8", [-128, -33, -32, -1, 0, 127]],
    ["writeInt16", [-32768, -129, 128, 255, 32767]],
    ["writeInt32", [-2147483648, -32769, 32768, 65535, 2147483647]],
    ["writeIntSafe", [-(2 ** 53 - 1), -2147483649, 2147483648, 2 ** 53 - 1]],
  ];
  for (const [m, vs] of signed) for (const v of vs) assert.equal(hexOf((w) => w[m](v)), hexOf((w) => w.writeInt(v)), `${m}(${v})`);
  const unsigned: Array<[keyof MsgpWriter & ("writeUint8" | "writeUint16" | "writeUint32" | "writeUintSafe"), number[]]> = [
    ["writeUint8", [0, 127, 128, 255]],
    ["writeUint16", [0, 255, 256, 65535]],
    ["writeUint32", [0, 65536, 4294967295]],
    ["writeUintSafe", [0, 4294967296, 2 ** 53 - 1]],
  ];
  for (const [m, vs] of unsigned) for (const v of vs) assert.equal(hexOf((w) => w[m](v)), hexOf((w) => w.writeUint(v)), `${m}(${v})`);
  // the signed algorithm never uses unsigned formats, whatever the width
  assert.equal(hexOf((w) => w.writeInt16(128)), "d10080");
  assert.equal(hexOf((w) => w.writeUint32(128)), "cc80");
  assert.equal(hexOf((w) => w.writeInt8(-0)), "00");
});

test("out of range, fractions, NaN and non-numbers throw MsgpEncodeError naming the site", () => {
  const bad: Array<[(w: MsgpWriter) => void, string]> = [
    [(w) => w.writeInt8(128), "int8: 128 is outside -128..127"],
    [(w) => w.writeInt8(300, "int8 field LockResp.X"), "int8 field LockResp.X: 300 is outside -128..127"],
    [(w) => w.writeInt16(-32769), "int16: -32769 is outside -32768..32767"],
    [(w) => w.writeInt32(2147483648), "int32: 2147483648 is outside -2147483648..2147483647"],
    [(w) => w.writeUint8(-1), "uint8: -1 is outside 0..255"],
    [(w) => w.writeUint16(65536), "uint16: 65536 is outside 0..65535"],
    [(w) => w.writeUint32(4294967296), "uint32: 4294967296 is outside 0..4294967295"],
    [(w) => w.writeInt32(NaN), "int32: NaN is not an integer"],
    [(w) => w.writeUint8(0.5), "uint8: 0.5 is not an integer"],
    [(w) => w.writeIntSafe(2 ** 53), "int64: 9007199254740992 is outside -(2^53-1)..2^53-1 (map the field to bigint for the full range)"],
    [(w) => w.writeIntSafe(-(2 ** 53)), "int64: -9007199254740992 is outside -(2^53-1)..2^53-1 (map the field to bigint for the full range)"],
    [(w) => w.writeUintSafe(-1), "uint64: -1 is outside 0..2^53-1 (map the field to bigint for the full range)"],
    [(w) => w.writeIntSafe(Infinity), "int64: Infinity is not an integer"],
    [(w) => w.writeInt8("1" as unknown as number), "int8: expected a number, got string 1"],
    [(w) => w.writeInt8(1n as unknown as number), "int8: expected a number, got bigint 1"],
  ];
  for (const [f, msg] of bad) {
    const w = new MsgpWriter(64);
    w.writeNil();
    assert.throws(() => f(w), (e: unknown) => e instanceof MsgpEncodeError && e.message === msg, msg);
    assert.equal(w.length, 1, "nothing written on failure");
  }
});

test("writeIntSafe / writeUintSafe take an exact bigint too (a value from a bigint-mode codec)", () => {
  assert.equal(hexOf((w) => w.writeIntSafe(2n ** 63n - 1n)), "d37fffffffffffffff");
  assert.equal(hexOf((w) => w.writeUintSafe(2n ** 64n - 1n)), "cfffffffffffffffff");
  assert.equal(hexOf((w) => w.writeIntSafe(-1n)), "ff");
  const w = new MsgpWriter(64);
  assert.throws(() => w.writeIntSafe(2n ** 63n, "int field A.B"), (e: unknown) => e instanceof MsgpEncodeError && e.message === "int field A.B: 9223372036854775808 is outside int64");
  assert.throws(() => w.writeUintSafe(-1n), (e: unknown) => e instanceof MsgpEncodeError && e.message === "uint64: -1 is outside uint64");
});
