// Malformed input never crashes, hangs or allocates by a lying header: it is a MsgpDecodeError.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { MsgpReader, MsgpDecodeError, fromHex } from "../../runtime/msgp/index.js";
import { vectorPath } from "../vectors/index.js";

const vectors = (JSON.parse(readFileSync(vectorPath("msgp-golden.json"), "utf8")) as { vectors: { name: string; hex: string }[] }).vectors;

function onlyDecodeErrors(bytes: Uint8Array, read: (r: MsgpReader) => unknown): void {
  try {
    read(new MsgpReader(bytes));
  } catch (e) {
    if (!(e instanceof MsgpDecodeError)) throw e;
  }
}

test("every golden vector truncated at every position fails with MsgpDecodeError in skip() and readAny()", () => {
  let cuts = 0;
  for (const v of vectors) {
    const full = fromHex(v.hex);
    for (let n = 0; n < Math.min(full.length, 300); n++) {
      const cut = full.subarray(0, n);
      for (const read of [(r: MsgpReader) => r.skip(), (r: MsgpReader) => r.readAny()]) {
        assert.throws(() => read(new MsgpReader(cut)), MsgpDecodeError, `${v.name} cut at ${n}`);
      }
      cuts++;
    }
  }
  assert.ok(cuts > 5000);
});

test("lying length headers fail fast without allocating their announced size", () => {
  const lies = ["dbffffffff41", "c6ffffffff00", "ddffffffff", "dfffffffff", "c9ffffffff2a", "dc0010", "de0001a161"];
  for (const h of lies) {
    const bytes = fromHex(h);
    assert.throws(() => new MsgpReader(bytes).skip(), MsgpDecodeError, h);
    assert.throws(() => new MsgpReader(bytes).readAny(), MsgpDecodeError, h);
  }
  assert.throws(() => new MsgpReader(fromHex("ddffffffff")).readArrayHeader(), /announcing 4294967295 elements/);
  assert.throws(() => new MsgpReader(fromHex("dbffffffff41")).readString(), /announcing 4294967295 bytes with only 1 left/);
});

test("deep nesting: skip() is iterative, readAny() stops at its depth limit", () => {
  const deep = new Uint8Array(200_001).fill(0x91);
  deep[200_000] = 0xc0;
  const r = new MsgpReader(deep);
  r.skip();
  assert.ok(r.atEnd());
  assert.throws(() => new MsgpReader(deep).readAny(), /nesting of at most/);
});

test("random bytes: every reader method returns or throws MsgpDecodeError, nothing else", () => {
  const methods: ((r: MsgpReader) => unknown)[] = [
    (r) => r.skip(), (r) => r.readAny(), (r) => r.readRaw(), (r) => r.readInt64(), (r) => r.readUint64(),
    (r) => r.readString(), (r) => r.readMapKey(), (r) => r.readBytes(), (r) => r.readTime(), (r) => r.readJsonNumber(),
    (r) => r.readArrayHeader(), (r) => r.readMapHeader(), (r) => r.readExt(42), (r) => r.readComplex128(),
    (r) => r.readFloat64(), (r) => r.readFixedBytes(4), (r) => r.readBool(), (r) => r.readInt8(),
  ];
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      for (const m of methods) onlyDecodeErrors(bytes, m);
    }),
    { numRuns: 3000, seed: 42 },
  );
});

test("decode errors name path, offset, expected and got", () => {
  const r = new MsgpReader(fromHex("81a151a3616263"));
  r.readMapHeader();
  r.readMapKey();
  try {
    r.readInt64();
    assert.fail("should throw");
  } catch (e) {
    assert.ok(e instanceof MsgpDecodeError);
    e.withField("Quorum").withField("LockArgs");
    assert.equal(e.message, "decode LockArgs.Quorum at offset 3: expected int64, got str");
    assert.equal(e.offset, 3);
    assert.deepEqual(e.path, ["LockArgs", "Quorum"]);
  }
});
