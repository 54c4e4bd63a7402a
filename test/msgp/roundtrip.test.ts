// Property: whatever the writer writes, the reader reads back unchanged; and
// every golden vector is one well-formed object that readAny/writeAny preserve.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { MsgpReader, MsgpWriter, fromHex, toHex, type MsgpAny } from "../../runtime/msgp/index.js";
import { vectorPath } from "../vectors/index.js";

const SEED = Number(process.env.GRID_SEED ?? 20261123);

const anyArb: fc.Arbitrary<MsgpAny> = fc.letrec<{ v: MsgpAny }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<MsgpAny>({ kind: "nil" }),
    fc.boolean().map((value): MsgpAny => ({ kind: "bool", value })),
    fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((value): MsgpAny => ({ kind: "int", value })),
    // Values below 128 read back as "int" (msgp's fixint rule), so uint starts at 128.
    fc.bigInt(128n, 2n ** 64n - 1n).map((value): MsgpAny => ({ kind: "uint", value })),
    fc.double({ noNaN: true }).map((value): MsgpAny => ({ kind: "float64", value })),
    fc.float({ noNaN: true }).map((value): MsgpAny => ({ kind: "float32", value })),
    fc.string({ unit: "grapheme", maxLength: 40 }).map((value): MsgpAny => ({ kind: "string", value })),
    fc.uint8Array({ maxLength: 40 }).map((value): MsgpAny => ({ kind: "bytes", value })),
    fc.record({ sec: fc.bigInt(-(2n ** 40n), 2n ** 40n), nsec: fc.integer({ min: 0, max: 999_999_999 }) })
      .map(({ sec, nsec }): MsgpAny => ({ kind: "time", value: { sec, nsec } })),
    fc.array(tie("v"), { maxLength: 5 }).map((value): MsgpAny => ({ kind: "array", value })),
    fc.array(fc.tuple(fc.string({ maxLength: 8 }), tie("v")), { maxLength: 5 })
      .map((entries): MsgpAny => ({ kind: "map", value: new Map(entries) })),
  ),
})).v;

test("writeAny -> readAny is the identity (wrapped in an array so ext sniffing is not at buffer end)", () => {
  fc.assert(
    fc.property(anyArb, (v) => {
      const w = new MsgpWriter();
      w.writeArrayHeader(2);
      w.writeAny(v);
      w.writeNil();
      const back = new MsgpReader(w.finish()).readAny();
      assert.deepEqual(back, { kind: "array", value: [v, { kind: "nil" }] });
    }),
    { numRuns: 2000, seed: SEED },
  );
});

test("typed scalars round-trip at random values", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -128, max: 127 }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
      fc.bigInt(0n, 2n ** 64n - 1n),
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }),
      (i8, u32, i64, u64, s, b) => {
        const w = new MsgpWriter();
        w.writeInt(i8);
        w.writeUint(u32);
        w.writeInt(i64);
        w.writeUint(u64);
        w.writeString(s);
        w.writeBytes(b);
        const r = new MsgpReader(w.finish());
        assert.equal(r.readInt8(), i8);
        assert.equal(r.readUint32(), u32);
        assert.equal(r.readInt64(), i64);
        assert.equal(r.readUint64(), u64);
        assert.equal(r.readString(), new TextDecoder().decode(new TextEncoder().encode(s)));
        assert.deepEqual(r.readBytes(), b);
        assert.ok(r.atEnd());
      },
    ),
    { numRuns: 2000, seed: SEED },
  );
});

test("every golden vector is exactly one object, and readAny/writeAny reproduce it", () => {
  const vectors = (JSON.parse(readFileSync(vectorPath("msgp-golden.json"), "utf8")) as { vectors: { name: string; type: string; hex: string }[] }).vectors;
  let same = 0;
  for (const v of vectors) {
    const bytes = fromHex(v.hex);
    if (bytes.length === 0) continue; // NoPayload writes nothing
    const r = new MsgpReader(bytes);
    r.skip();
    assert.ok(r.atEnd(), `${v.name}: skip left ${r.remaining()} bytes`);
    if (v.type === "NewTimes") continue; // interface decoding types times as type 5
    const w = new MsgpWriter();
    w.writeAny(new MsgpReader(bytes).readAny());
    assert.equal(toHex(w.finish()), v.hex, v.name);
    same++;
  }
  assert.ok(same > 340, `only ${same} vectors compared`);
});
