// Generated encoders refuse integers their Go type cannot hold. msgp would
// happily write an int8 field holding 300 as `d1 01 2c`, and the Go peer then
// fails to decode the whole message; refusing at the source names the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { MsgpEncodeError, toHex } from "../../runtime/msgp/index.js";
import * as golden from "../../generated/golden/golden.js";
import * as ev from "../../generated/examples/everything.js";
import * as dsync from "../../generated/dsync/lock.js";
import { generateFrom, tempDir } from "./helpers.js";

function encodeError(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => e instanceof MsgpEncodeError && e.message === message);
}

test("narrow struct fields: out-of-range values throw naming type, field, value and range", () => {
  const s = ev.createScalars();
  encodeError(() => ev.ScalarsCodec.encode({ ...s, I8: 300 }), "int8 field Scalars.I8: 300 is outside -128..127");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, I8: -129 }), "int8 field Scalars.I8: -129 is outside -128..127");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, I16: 32768 }), "int16 field Scalars.I16: 32768 is outside -32768..32767");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, I32: 2 ** 31 }), "int32 field Scalars.I32: 2147483648 is outside -2147483648..2147483647");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, R: -(2 ** 31) - 1 }), "rune field Scalars.R: -2147483649 is outside -2147483648..2147483647");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U8: 256 }), "uint8 field Scalars.U8: 256 is outside 0..255");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, By: -1 }), "byte field Scalars.By: -1 is outside 0..255");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U16: 65536 }), "uint16 field Scalars.U16: 65536 is outside 0..65535");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U32: 2 ** 32 }), "uint32 field Scalars.U32: 4294967296 is outside 0..4294967295");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U32: -1 }), "uint32 field Scalars.U32: -1 is outside 0..4294967295");
});

test("narrow fields: NaN, fractions and non-numbers throw instead of being written", () => {
  const s = ev.createScalars();
  encodeError(() => ev.ScalarsCodec.encode({ ...s, I8: NaN }), "int8 field Scalars.I8: NaN is not an integer");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U16: 1.5 }), "uint16 field Scalars.U16: 1.5 is not an integer");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U32: Infinity }), "uint32 field Scalars.U32: Infinity is not an integer");
  const wrong = { ...s, I32: "7" } as unknown as ev.Scalars;
  encodeError(() => ev.ScalarsCodec.encode(wrong), "int32 field Scalars.I32: expected a number, got string 7");
});

test("the declared width narrows the range only: in-range values keep msgp's format choice", () => {
  // int8 127 -> 7f, int16 128 -> d1 00 80 (signed algorithm), uint8 255 -> cc ff, uint32 2^32-1 -> ce ffffffff
  const s = { ...ev.createScalars(), N: "0", I8: 127, I16: 128, U8: 255, U32: 2 ** 32 - 1, R: -33 };
  const hex = toHex(ev.ScalarsCodec.encode(s));
  assert.ok(hex.includes("a249387f"), hex); // "I8" 7f
  assert.ok(hex.includes("a3493136d10080"), hex); // "I16" d1 00 80
  assert.ok(hex.includes("a25538ccff"), hex); // "U8" cc ff
  assert.ok(hex.includes("a3553332ceffffffff"), hex); // "U32" ce ff ff ff ff
  assert.ok(hex.includes("a152d0df"), hex); // "R" d0 df
  assert.deepStrictEqual(ev.ScalarsCodec.decode(ev.ScalarsCodec.encode(s)), s);
});

test("list and array elements, enums and aliases of narrow ints are range-checked", () => {
  const s = ev.createScalars();
  encodeError(() => ev.ScalarsCodec.encode({ ...s, U8s: [1, 2, 256] }), "uint8 field Scalars.U8s: 256 is outside 0..255");
  encodeError(() => ev.ScalarsCodec.encode({ ...s, FU: [0, 0, 0, -1] }), "uint32 field Scalars.FU: -1 is outside 0..4294967295");
  // enum backed by uint8, used as a field and on its own
  encodeError(() => golden.LockRespCodec.encode({ ...golden.createLockResp(), Code: 256 }), "uint8 ResponseCode: 256 is outside 0..255");
  encodeError(() => ev.SignedCodec.encode(-40000), "int16 Signed: -40000 is outside -32768..32767");
  // alias of list<int8>
  encodeError(() => golden.I8ListCodec.encode([1, 128]), "int8 I8List: 128 is outside -128..127");
  encodeError(() => golden.TInt16Codec.encode(40000), "int16 TInt16: 40000 is outside -32768..32767");
});

test("int64 mapped to number: values beyond ±(2^53-1) are refused (they are not exact)", () => {
  const v = { ...dsync.createLockArgs(), UID: "u" };
  assert.equal(dsync.LockArgsCodec.decode(dsync.LockArgsCodec.encode({ ...v, Quorum: 2 ** 53 - 1 })).Quorum, 2 ** 53 - 1);
  assert.equal(dsync.LockArgsCodec.decode(dsync.LockArgsCodec.encode({ ...v, Quorum: -(2 ** 53 - 1) })).Quorum, -(2 ** 53 - 1));
  assert.throws(
    () => dsync.LockArgsCodec.encode({ ...v, Quorum: 2 ** 53 }),
    (e: unknown) => e instanceof MsgpEncodeError && e.message.startsWith("int field LockArgs.Quorum: 9007199254740992 is outside -(2^53-1)..2^53-1"),
  );
  encodeError(() => dsync.LockArgsCodec.encode({ ...v, Quorum: 0.5 }), "int field LockArgs.Quorum: 0.5 is not an integer");
  encodeError(() => dsync.LockArgsCodec.encode({ ...v, Quorum: NaN }), "int field LockArgs.Quorum: NaN is not an integer");
});

test("map values of narrow ints are range-checked (generated from a scratch schema)", async () => {
  const dir = tempDir("intrange");
  try {
    const src = join(dir, "narrow.grid");
    writeFileSync(src, 'package narrow;\n\nstruct Counts {\n  M: map<string, int8>;\n  U: map<string, list<uint16>>;\n}\n');
    const [f] = await generateFrom([src], dir, join(dir, "out"));
    mkdirSync(dirname(f!.path), { recursive: true });
    writeFileSync(f!.path, f!.text);
    const m = (await import(pathToFileURL(f!.path).href)) as Record<string, { encode(v: unknown): Uint8Array; decode(b: Uint8Array): unknown }>;
    const codec = m["CountsCodec"]!;
    const ok = { M: new Map([["a", -128]]), U: new Map([["b", [65535]]]) };
    assert.deepStrictEqual(codec.decode(codec.encode(ok)), ok);
    encodeError(() => codec.encode({ ...ok, M: new Map([["a", 300]]) }), "int8 field Counts.M: 300 is outside -128..127");
    encodeError(() => codec.encode({ ...ok, U: new Map([["b", [65536]]]) }), "uint16 field Counts.U: 65536 is outside 0..65535");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
