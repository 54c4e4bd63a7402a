// canonicalize() is how tests compare output holding Go maps, whose entry
// order is random (shared/spec/msgp.md §12); these tests pin its rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { MsgpWriter, MsgpDecodeError, canonicalize, fromHex, toHex } from "../../runtime/msgp/index.js";
import { vectorPath } from "../vectors/index.js";

interface Vector { name: string; hex: string; canonical_hex?: string }
const vectors = (JSON.parse(readFileSync(vectorPath("msgp-golden.json"), "utf8")) as { vectors: Vector[] }).vectors;

const canon = (hex: string): string => toHex(canonicalize(fromHex(hex)));

test("canonicalize(hex) equals canonical_hex for every golden vector that has one", () => {
  const withCanon = vectors.filter((v) => v.canonical_hex !== undefined);
  assert.ok(withCanon.length >= 8, `only ${withCanon.length} vectors carry canonical_hex`);
  for (const v of withCanon) assert.equal(canon(v.hex), v.canonical_hex, v.name);
});

test("canonicalize is idempotent and length-preserving on every golden vector", () => {
  for (const v of vectors) {
    if (v.hex === "") continue; // NoPayload writes nothing: not an object
    const once = canon(v.hex);
    assert.equal(once.length, v.hex.length, v.name);
    assert.equal(canon(once), once, v.name);
  }
});

test("entries are sorted by key payload bytes at every depth; headers and arrays keep their order", () => {
  // {"b": [ {"z":1,"y":2} ], "a": 3} with a map16 header on the outer map.
  const w = new MsgpWriter();
  w.writeMapHeader(2);
  w.writeString("b");
  w.writeArrayHeader(2);
  w.writeMapHeader(2);
  w.writeString("z");
  w.writeInt(1);
  w.writeString("y");
  w.writeInt(2);
  w.writeInt(9);
  w.writeString("a");
  w.writeInt(3);
  assert.equal(toHex(canonicalize(w.finish())), "82a16103a16292" + "82a17902a17a01" + "09");
  // A str8 key sorts by its payload, not by its header byte.
  assert.equal(canon("82d90162 01 a161 02".replace(/ /g, "")), "82a16102d9016201");
});

test("key order is UTF-8 byte order, not JavaScript's UTF-16 order", () => {
  // U+FF61 (ef bd a1) sorts before U+1F600 (f0 9f 98 80) in UTF-8, after it in UTF-16.
  const w = new MsgpWriter();
  w.writeMapHeader(2);
  w.writeString("😀");
  w.writeInt(1);
  w.writeString("｡");
  w.writeInt(2);
  assert.equal(toHex(canonicalize(w.finish())), "82a3efbda102a4f09f988001");
});

test("any insertion order of the same entries gives the same canonical bytes", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(fc.string({ unit: "grapheme", maxLength: 6 }), fc.integer()), { selector: (e) => e[0], maxLength: 20 }),
      fc.integer(),
      (entries, seed) => {
        const shuffled = [...entries];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const enc = (list: [string, number][]) => {
          const w = new MsgpWriter();
          w.writeMapHeader(list.length);
          for (const [k, v] of list) {
            w.writeString(k);
            w.writeInt(v);
          }
          return toHex(canonicalize(w.finish()));
        };
        assert.equal(enc(shuffled), enc(entries));
      },
    ),
    { numRuns: 300, seed: 7 },
  );
});

test("malformed or trailing input is a MsgpDecodeError", () => {
  for (const h of ["", "82a161", "ddffffffff", "c1", "0102"]) {
    assert.throws(() => canonicalize(fromHex(h)), MsgpDecodeError, h);
  }
});

test("hex helpers round-trip and refuse what is not hex", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(fromHex(toHex(all)), all);
  assert.equal(toHex(fromHex("C0 ff\n0a")), "c0ff0a");
  assert.throws(() => fromHex("abc"), /not a hex string/);
  assert.throws(() => fromHex("zz"), /not a hex string/);
});
