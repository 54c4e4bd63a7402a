// The worked examples of shared/spec/msgp.md written and read through the
// codec core the way generated code will call it, plus the corners where Go's
// exact rule is easy to get wrong (NaN under compactfloats, msgp 1.1.x's
// empty-ext8 leniency, error paths).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { MsgpReader, MsgpWriter, MsgpDecodeError, canonicalize, encodeKey as encodeKeyOf, fromHex, toHex } from "../../runtime/msgp/index.js";
import { vectorPath } from "../vectors/index.js";

interface Vector { name: string; type: string; value: unknown; hex: string }
const vectors = (JSON.parse(readFileSync(vectorPath("msgp-golden.json"), "utf8")) as { vectors: Vector[] }).vectors;
const vec = (name: string): Vector => {
  const v = vectors.find((x) => x.name === name);
  assert.ok(v, `vector ${name} missing`);
  return v;
};

function hex(fn: (w: MsgpWriter) => void): string {
  const w = new MsgpWriter(16);
  fn(w);
  return toHex(w.finish());
}

test("spec §3.5: dsync LockArgs in map layout", () => {
  const want =
    "85a3554944a175a95265736f757263657393a161a162a163a6536f75726365a0a54f776e6572a0a651756f72756dff";
  assert.equal(
    hex((w) => {
      w.writeMapHeader(5);
      w.writeString("UID");
      w.writeString("u");
      w.writeString("Resources");
      w.writeArrayHeader(3);
      for (const s of ["a", "b", "c"]) w.writeString(s);
      w.writeString("Source");
      w.writeString("");
      w.writeString("Owner");
      w.writeString("");
      w.writeString("Quorum");
      w.writeInt(-1);
    }),
    want,
  );
  // Keys in any order, unknown keys skipped by structure: what a generated decoder does.
  const r = new MsgpReader(fromHex(want));
  const got = new Map<string, unknown>();
  for (let n = r.readMapHeader(); n > 0; n--) {
    const k = r.readMapKey();
    if (k === "Quorum") got.set(k, r.readIntNumber());
    else if (k === "UID") got.set(k, r.readString());
    else r.skip();
  }
  assert.ok(r.atEnd());
  assert.deepEqual(Object.fromEntries(got), { UID: "u", Quorum: -1 });
});

test("spec §3.7/§8.2: grid message tuple, zero message and a remote error", () => {
  const message = (m: { mux: bigint; seq: number; deadline: number; handler: number; op: number; flags: number; payload: Uint8Array }) =>
    hex((w) => {
      w.writeArrayHeader(7);
      w.writeUint(m.mux);
      w.writeUint(m.seq);
      w.writeUint(m.deadline);
      w.writeUint(m.handler);
      w.writeUint(m.op);
      w.writeUint(m.flags);
      w.writeBytes(m.payload);
    });
  assert.equal(
    message({ mux: 1n, seq: 2, deadline: 60000, handler: 10, op: 14, flags: 6, payload: fromHex("81a16101") }),
    "970102cdea600a0e06c40481a16101",
  );
  assert.equal(message({ mux: 0n, seq: 0, deadline: 0, handler: 0, op: 0, flags: 0, payload: new Uint8Array(0) }), "97000000000000c400");
  const err = new TextEncoder().encode("remote disconnected");
  assert.ok(message({ mux: 7n, seq: 0, deadline: 0, handler: 0, op: 15, flags: 10, payload: err }).startsWith("97070000000f0ac4137265"));
  // Reading back: tuple count is exact, widths lenient.
  const r = new MsgpReader(fromHex("970102cdea600a0e06c40481a16101"));
  assert.equal(r.readArrayHeader(), 7);
  assert.equal(r.readUint64(), 1n);
  assert.deepEqual([r.readUint32(), r.readUint32(), r.readUint8(), r.readUint8(), r.readUint8()], [2, 60000, 10, 14, 6]);
  assert.equal(toHex(r.readBytes()), "81a16101");
  assert.ok(r.atEnd());
});

test("spec §3.6/§8.2: flatten, pongMsg and muxConnectError", () => {
  assert.equal(
    hex((w) => {
      w.writeMapHeader(3);
      w.writeString("A");
      w.writeInt(7);
      w.writeString("B");
      w.writeString("x");
      w.writeString("C");
      w.writeBool(true);
    }),
    "83a14107a142a178a143c3",
  );
  assert.equal(
    hex((w) => {
      w.writeMapHeader(2);
      w.writeString("nf");
      w.writeBool(false);
      w.writeString("e");
      w.writeNil();
    }),
    "82a26e66c2a165c0",
  );
  assert.ok(hex((w) => { w.writeMapHeader(1); w.writeString("Error"); w.writeString("boom"); }).startsWith("81a54572726f72"));
});

test("spec §3.8: a named int16 enum of -300 and Quorum 200 (Go int) vs uint64 200", () => {
  assert.equal(hex((w) => w.writeInt(-300)), "d1fed4");
  assert.equal(hex((w) => w.writeInt(200)), "d100c8");
  assert.equal(hex((w) => w.writeUint(200n)), "ccc8");
});

test("compactfloats: every golden case of field F, and NaN stays float64 as in Go", () => {
  const cases = vectors.filter((v) => v.type === "CompactFloats");
  assert.ok(cases.length >= 9);
  for (const v of cases) {
    const f = (v.value as { F: number | string }).F;
    const num = f === "Infinity" ? Infinity : f === "-Infinity" ? -Infinity : Number(f);
    const negZero = v.name.endsWith("/-0");
    const want = v.hex.slice(6); // after "84 a1 46"
    const got = hex((w) => w.writeFloat64Compact(negZero ? -0 : num));
    assert.ok(want.startsWith(got), `${v.name}: ${got} vs ${want}`);
  }
  assert.equal(hex((w) => w.writeFloat64Compact(NaN)), "cb7ff8000000000000");
});

test("json.Number: NaN and Inf texts follow Go's ParseFloat then float32-if-exact", () => {
  assert.equal(hex((w) => w.writeJsonNumber("NaN")), "cb7ff8000000000001");
  assert.equal(hex((w) => w.writeJsonNumber("+Inf")), "ca7f800000");
  assert.equal(hex((w) => w.writeJsonNumber("-infinity")), "caff800000");
  assert.equal(hex((w) => w.writeJsonNumber("+5")), "05");
  assert.equal(hex((w) => w.writeJsonNumber(".5")), "ca3f000000");
  assert.throws(() => hex((w) => w.writeJsonNumber("1_000")), /not a number/);
  assert.throws(() => hex((w) => w.writeJsonNumber(" 1")), /not a number/);
});

test("time vectors: max nanos and the field layout of Times", () => {
  const v = vec("times/max_nanos");
  const t = { sec: 2147483648n, nsec: 999999999 };
  assert.equal(
    hex((w) => {
      w.writeMapHeader(2);
      w.writeString("T");
      w.writeTime(t);
      w.writeString("P");
      w.writeNil();
    }),
    v.hex,
  );
  const r = new MsgpReader(fromHex(v.hex));
  r.readMapHeader();
  r.readMapKey();
  assert.deepEqual(r.readTime(), t);
  r.readMapKey();
  assert.ok(r.tryReadNil());
});

test("extension fields: msgp 1.1.x accepts an empty ext8 of any type, otherwise the type must match", () => {
  assert.equal(new MsgpReader(fromHex("c70063")).readExt(42).length, 0);
  assert.throws(() => new MsgpReader(fromHex("d46301")).readExt(42), /expected ext type 42, got ext type 99/);
  assert.throws(() => new MsgpReader(fromHex("c7016301")).readExt(42), /expected ext type 42, got ext type 99/);
  assert.deepEqual([...new MsgpReader(fromHex("c800ff2a" + "07".repeat(255))).readExt(42)].length, 255);
});

test("decode errors carry the field path through nested lists", () => {
  // LockArgs{Resources: ["a", "b", 5]}: the third resource is an int.
  const r = new MsgpReader(fromHex("81a95265736f75726365739 3a161a16205".replace(/ /g, "")));
  r.readMapHeader();
  assert.equal(r.readMapKey(), "Resources");
  const n = r.readArrayHeader();
  let caught: unknown;
  for (let i = 0; i < n; i++) {
    try {
      r.readString();
    } catch (e) {
      caught = e instanceof MsgpDecodeError ? e.withIndex(i).withField("Resources").withField("LockArgs") : e;
      break;
    }
  }
  assert.ok(caught instanceof MsgpDecodeError);
  assert.equal(caught.message, "decode LockArgs.Resources[2] at offset 16: expected str, got int");
  assert.deepEqual(caught.path, ["LockArgs", "Resources", "[2]"]);
  assert.equal(caught.expected, "str");
  assert.equal(caught.got, "int");
});

test("canonical deep nesting is refused with a decode error, not a stack overflow", async () => {
  const deep = new Uint8Array(100_001).fill(0x91);
  deep[100_000] = 0xc0;
  assert.throws(() => canonicalize(deep), MsgpDecodeError);
});

test("strings decode exactly like a non-fatal TextDecoder, valid UTF-8 or not, short or long", async () => {
  const td = new TextDecoder("utf-8", { fatal: false });
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 90 }), fc.boolean(), (payload, asKey) => {
      const hdr = payload.length < 32 ? [0xa0 | payload.length] : [0xd9, payload.length];
      const bytes = new Uint8Array(hdr.length + payload.length);
      bytes.set(hdr, 0);
      bytes.set(payload, hdr.length);
      const r = new MsgpReader(bytes);
      assert.equal(asKey ? r.readMapKey() : r.readString(), td.decode(payload));
      assert.ok(r.atEnd());
    }),
    { numRuns: 3000, seed: 11 },
  );
});

test("64-bit reads are exact on both sides of 2^53, in every width that carries them", () => {
  const edges = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) + 1n, -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)];
  for (const v of edges) {
    const d3 = new MsgpWriter();
    d3.writeVerbatim(Uint8Array.of(0xd3));
    const big = new Uint8Array(8);
    new DataView(big.buffer).setBigInt64(0, v);
    d3.writeVerbatim(big);
    const bytes = d3.finish();
    assert.equal(new MsgpReader(bytes).readInt64(), v, `d3 ${v}`);
    const safe = v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n;
    if (safe) assert.equal(new MsgpReader(bytes).readIntNumber(), Number(v), `number ${v}`);
    else assert.throws(() => new MsgpReader(bytes).readIntNumber(), /out of range/, `number ${v}`);
    assert.deepEqual(new MsgpReader(bytes).readAny(), { kind: "int", value: v });
    if (v >= 0n) {
      const cf = Uint8Array.of(0xcf, ...big);
      assert.equal(new MsgpReader(cf).readUint64(), v, `cf ${v}`);
      assert.equal(new MsgpReader(bytes).readUint64(), v, `d3 as uint ${v}`);
      if (safe) assert.equal(new MsgpReader(cf).readUintNumber(), Number(v));
      else assert.throws(() => new MsgpReader(cf).readUintNumber(), /out of range/);
    } else {
      assert.throws(() => new MsgpReader(bytes).readUint64(), /negative/);
    }
  }
  assert.equal(new MsgpReader(fromHex("cfffffffffffffffff")).readUint64(), 2n ** 64n - 1n);
  assert.equal(new MsgpReader(fromHex("cf0020000000000000")).readUint64(), 2n ** 53n);
});

test("finishCopy() returns an exact-size copy and lets the writer reuse its space", () => {
  const w = new MsgpWriter(64);
  w.writeString("a");
  const copy = w.finishCopy();
  assert.equal(copy.buffer.byteLength, 2);
  w.writeString("b");
  assert.equal(toHex(copy), "a161");
  assert.equal(toHex(w.finish()), "a162");
});

test("string headers stay minimal when UTF-8 length crosses a header boundary the char count does not", () => {
  for (const [s, prefix] of [["é".repeat(16), "d920"], ["é".repeat(128), "da0100"], ["€".repeat(86), "da0102"], ["x".repeat(200) + "€".repeat(20), "da0104"], ["€".repeat(21846), "db00010002"]] as const) {
    const w = new MsgpWriter(8);
    w.writeString(s);
    const out = w.finish();
    assert.ok(toHex(out.subarray(0, prefix.length / 2)) === prefix, `${s.length} chars: ${toHex(out.subarray(0, 6))}`);
    assert.equal(new MsgpReader(out).readString(), s);
  }
});

test("mutated valid messages: every reader method and canonicalize only ever throw MsgpDecodeError", async () => {
  const methods: ((r: MsgpReader) => unknown)[] = [
    (r) => r.skip(), (r) => r.readAny(), (r) => r.readRaw(), (r) => r.peekKind(), (r) => r.readNil(),
    (r) => r.readInt16(), (r) => r.readInt32(), (r) => r.readIntNumber(), (r) => r.readUint8(), (r) => r.readUint16(),
    (r) => r.readUintNumber(), (r) => r.readFloat32(), (r) => r.readComplex64(), (r) => r.readExt(-1),
    (r) => r.readFixedBytes(16), (r) => r.readTime(), (r) => r.readJsonNumber(), (r) => r.readMapKey(),
    (r) => { for (let n = r.readMapHeader(); n > 0; n--) { r.readMapKey(); r.skip(); } },
    (r) => { for (let n = r.readArrayHeader(); n > 0; n--) r.readAny(); },
  ];
  const samples = vectors.map((v) => fromHex(v.hex)).filter((b) => b.length > 0 && b.length < 400);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: samples.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.nat(),
      (which, flips, cut) => {
        const bytes = samples[which]!.slice();
        for (const [at, val] of flips) bytes[at % bytes.length] = val;
        const input = bytes.subarray(0, bytes.length - (cut % 3));
        for (const m of [...methods, () => canonicalize(input)]) {
          try {
            m(new MsgpReader(input));
          } catch (e) {
            if (!(e instanceof MsgpDecodeError)) throw e;
          }
        }
      },
    ),
    { numRuns: 4000, seed: 5 },
  );
});

test("times outside Go's int64 seconds are refused instead of wrapping", () => {
  assert.throws(() => new MsgpWriter().writeTime({ sec: 2n ** 63n, nsec: 0 }), /within int64/);
  assert.throws(() => new MsgpWriter().writeTimeNewtime({ sec: -(2n ** 63n) - 1n, nsec: 0 }), /within int64/);
  assert.equal(hex((w) => w.writeTime({ sec: -(2n ** 63n), nsec: 0 })), "c70c05800000000000000000000000");
});

test("chunk relocation never corrupts a message: tiny writer vs roomy writer, every write method", async () => {
  type Op = (w: MsgpWriter) => void;
  const time = fc.record({ sec: fc.bigInt(-(2n ** 40n), 2n ** 40n), nsec: fc.integer({ min: 0, max: 999_999_999 }) });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((v): Op => (w) => w.writeInt(v)),
    fc.integer().map((v): Op => (w) => w.writeInt(v)),
    fc.bigInt(0n, 2n ** 64n - 1n).map((v): Op => (w) => w.writeUint(v)),
    fc.double().map((v): Op => (w) => { w.writeFloat64(v); w.writeFloat32(v); w.writeFloat64Compact(v); }),
    fc.string({ unit: "grapheme", maxLength: 70 }).map((v): Op => (w) => w.writeString(v)),
    fc.uint8Array({ maxLength: 300 }).map((v): Op => (w) => w.writeBytes(v)),
    fc.tuple(fc.integer({ min: -128, max: 127 }), fc.uint8Array({ maxLength: 300 })).map(([t, d]): Op => (w) => w.writeExt(t, d)),
    time.map((t): Op => (w) => { w.writeTime(t); w.writeTimeNewtime(t); }),
    fc.double({ noNaN: true }).map((v): Op => (w) => w.writeComplex128({ real: v, imag: -v })),
    fc.float({ noNaN: true }).map((v): Op => (w) => w.writeComplex64({ real: v, imag: v })),
    fc.integer({ min: 0, max: 70000 }).map((n): Op => (w) => { w.writeArrayHeader(n); w.writeMapHeader(n); }),
    fc.constantFrom<Op>((w) => w.writeNil(), (w) => w.writeBool(true), (w) => w.writeJsonNumber("0.1"), (w) => w.writeRaw(Uint8Array.of(0x92, 1, 2))),
    fc.string({ maxLength: 20 }).map((k): Op => (w) => w.writePreencoded(encodeKeyOf(k))),
  );
  fc.assert(
    fc.property(fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 8 }), (messages) => {
      const tiny = new MsgpWriter(64);
      const got: Uint8Array[] = [];
      const want: string[] = [];
      for (const ops of messages) {
        const roomy = new MsgpWriter(1 << 20);
        for (const o of ops) {
          o(tiny);
          o(roomy);
        }
        got.push(tiny.finish());
        want.push(toHex(roomy.finish()));
      }
      assert.deepEqual(got.map(toHex), want); // earlier results intact after later growth
    }),
    { numRuns: 800, seed: 3 },
  );
});
