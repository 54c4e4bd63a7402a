// LockArgs/LockResp bytes (spec 6.4, 10.1) and decoder leniency/strictness (spec 6.3).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeLockArgs, decodeLockResp, encodeLockArgs, encodeLockResp, LockCodecError } from "./lock-codec-oracle.js";
import { lockArgs, type LockArgs } from "../../dsync/lock-args.js";
import { decodeLockArgsGenerated, encodeLockArgsGenerated } from "../../dsync/lock-wire.js";
import fc from "fast-check";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));

const exampleA = lockArgs({ uid: "uid1", resources: ["bucket/object"], source: "src", owner: "node1", quorum: 3 });
const REF: [string, LockArgs, string][] = [
  ["A acquisition", exampleA, "85a3554944a475696431a95265736f757263657391ad6275636b65742f6f626a656374a6536f75726365a3737263a54f776e6572a56e6f646531a651756f72756d03"],
  [
    "B release",
    lockArgs({ uid: "uid1", resources: ["bucket/object"], owner: "node1" }),
    "85a3554944a475696431a95265736f757263657391ad6275636b65742f6f626a656374a6536f75726365a0a54f776e6572a56e6f646531a651756f72756d00",
  ],
  ["C refresh", lockArgs({ uid: "uid1" }), "85a3554944a475696431a95265736f757263657390a6536f75726365a0a54f776e6572a0a651756f72756d00"],
  ["D zero", lockArgs({ uid: "" }), "85a3554944a0a95265736f757263657390a6536f75726365a0a54f776e6572a0a651756f72756d00"],
  [
    "E group",
    lockArgs({ uid: "uid1", resources: ["b/o1", "b/o2"], source: "src", owner: "node1", quorum: 3 }),
    "85a3554944a475696431a95265736f757263657392a4622f6f31a4622f6f32a6536f75726365a3737263a54f776e6572a56e6f646531a651756f72756d03",
  ],
  [
    "F realistic",
    lockArgs({
      uid: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      resources: ["mybucket/photos/cat.jpg"],
      source: "[erasure-object.go:1234:putObject()]",
      owner: "node1:9000",
      quorum: 3,
    }),
    `85 a3 55 49 44 d9 24 66 34 37 61 63 31 30 62 2d 35 38 63 63 2d 34 33 37 32 2d 61 35 36 37 2d 30
     65 30 32 62 32 63 33 64 34 37 39 a9 52 65 73 6f 75 72 63 65 73 91 b7 6d 79 62 75 63 6b 65 74 2f
     70 68 6f 74 6f 73 2f 63 61 74 2e 6a 70 67 a6 53 6f 75 72 63 65 d9 24 5b 65 72 61 73 75 72 65 2d
     6f 62 6a 65 63 74 2e 67 6f 3a 31 32 33 34 3a 70 75 74 4f 62 6a 65 63 74 28 29 5d a5 4f 77 6e 65
     72 aa 6e 6f 64 65 31 3a 39 30 30 30 a6 51 75 6f 72 75 6d 03`,
  ],
];

describe("LockArgs, reference layout (spec 6.4)", () => {
  for (const [name, args, want] of REF) {
    it(`example ${name}: encodes byte-exact and decodes back`, () => {
      const got = encodeLockArgs(args, "2024-04");
      assert.equal(hex(got), hex(unhex(want)));
      assert.deepEqual(decodeLockArgs(got, "2024-04"), { ...args, quorum: args.quorum ?? 0 });
    });
  }
  it("example G: Quorum 200 is d1 00 c8 (signed form), -1 is ff", () => {
    const g = encodeLockArgs(lockArgs({ uid: "u", resources: ["a", "b"], quorum: 200 }), "2024-04");
    assert.ok(hex(g).endsWith("a651756f72756dd100c8"));
    assert.ok(hex(encodeLockArgs(lockArgs({ uid: "u", quorum: -1 }), "2024-04")).endsWith("a651756f72756dff"));
    assert.equal(decodeLockArgs(g, "2024-04").quorum, 200);
  });
  it("signed int table for Quorum", () => {
    const tail = (q: number) => hex(encodeLockArgs(lockArgs({ uid: "", quorum: q }), "2024-04")).split("a651756f72756d")[1];
    assert.equal(tail(127), "7f");
    assert.equal(tail(128), "d10080");
    assert.equal(tail(32768), "d200008000");
    assert.equal(tail(2 ** 31), "d30000000080000000");
    assert.equal(tail(-32), "e0");
    assert.equal(tail(-33), "d0df");
    assert.equal(tail(-129), "d1ff7f");
    assert.equal(tail(-32769), "d2ffff7fff");
  });
  it("a reference decoder rejects nil Quorum with msgp's text", () => {
    const head = encodeLockArgs(lockArgs({ uid: "uid1" }), "current");
    assert.throws(() => decodeLockArgs(head, "2024-04"), (e: unknown) => e instanceof LockCodecError && e.message === 'msgp: attempted to decode type "nil" with method for "int" at Quorum');
  });
});

describe("LockArgs, HEAD layout (spec 10.1)", () => {
  it("example A with Owner before Source", () => {
    assert.equal(
      hex(encodeLockArgs(exampleA, "current")),
      "85a3554944a475696431a95265736f757263657391ad6275636b65742f6f626a656374a54f776e6572a56e6f646531a6536f75726365a3737263a651756f72756d03",
    );
  });
  it("refresh (UID only) is 44 bytes ending in nil Quorum, and decodes to an absent quorum", () => {
    const b = encodeLockArgs(lockArgs({ uid: "uid1" }), "current");
    assert.equal(b.length, 44);
    assert.ok(hex(b).endsWith("a651756f72756dc0"));
    assert.equal(decodeLockArgs(b, "current").quorum, undefined);
  });
  it("a HEAD decoder reads reference bytes too (key order is free)", () => {
    assert.deepEqual(decodeLockArgs(encodeLockArgs(exampleA, "2024-04"), "current"), exampleA);
  });
});

describe("decoder leniency and strictness (spec 6.3)", () => {
  it("accepts bin keys, any key order, unknown keys, map16, a later duplicate wins", () => {
    // map16 of 4: bin "UID" -> "x", "Junk" -> [1, {a: nil}], "Quorum" -> cd 01 00, "UID" -> "y"
    const b = unhex("de0004 c403554944 a178 a44a756e6b 9201 81a161c0 a651756f72756d cd0100 a3554944 a179");
    assert.deepEqual(decodeLockArgs(b, "2024-04"), { uid: "y", resources: [], source: "", owner: "", quorum: 256 });
  });
  it("rejects arrays at top level, nil strings, bin string values, nil Resources, floats", () => {
    const bad = [
      "91a3554944",
      "81a3554944c0",
      "81a3554944c40178",
      "81a95265736f7572636573c0",
      "81a651756f72756dcb3ff0000000000000",
    ];
    for (const h of bad) assert.throws(() => decodeLockArgs(unhex(h), "2024-04"), LockCodecError, h);
  });
  it("rejects uint64 above int64 range and lying lengths without allocating", () => {
    assert.throws(() => decodeLockArgs(unhex("81a651756f72756dcfffffffffffffffff"), "2024-04"), LockCodecError);
    assert.throws(() => decodeLockArgs(unhex("81a95265736f7572636573ddffffffff"), "2024-04"), /exceeds/);
    assert.throws(() => decodeLockArgs(unhex("81a3554944dbffffffff41"), "2024-04"), LockCodecError);
    assert.throws(() => decodeLockArgs(unhex("85"), "2024-04"), LockCodecError);
    assert.throws(() => decodeLockArgs(new Uint8Array(0), "2024-04"), LockCodecError);
  });
});

describe("LockResp (spec 6.4)", () => {
  const rows: [number, string, string][] = [
    [0, "", "82a4436f646500a3457272a0"],
    [1, "", "82a4436f646501a3457272a0"],
    [3, "", "82a4436f646503a3457272a0"],
    [4, "boom", "82a4436f646504a3457272a4626f6f6d"],
  ];
  for (const [code, err, want] of rows) {
    it(`{Code:${code}, Err:${JSON.stringify(err)}}`, () => {
      assert.equal(hex(encodeLockResp({ code, err })), want);
      assert.deepEqual(decodeLockResp(unhex(want)), { code, err });
    });
  }
  it("Code accepts any integer form in 0..255, rejects negative and > 255", () => {
    assert.equal(decodeLockResp(unhex("81a4436f6465cd00ff")).code, 255);
    assert.equal(decodeLockResp(unhex("81a4436f6465d001")).code, 1);
    assert.throws(() => decodeLockResp(unhex("81a4436f6465ff")), LockCodecError);
    assert.throws(() => decodeLockResp(unhex("81a4436f6465cd0100")), LockCodecError);
    assert.equal(hex(encodeLockResp({ code: 200, err: "" })), "82a4436f6465ccc8a3457272a0");
  });
  it("the conflict reply payload of spec 5.5 matches", () => {
    // 97 01 00 00 00 0f 03 c4 0c | 82 a4 43 6f 64 65 01 a3 45 72 72 a0
    assert.equal(hex(encodeLockResp({ code: 1, err: "" })), "82a4436f646501a3457272a0");
  });
});

describe("generated codecs (generated/dsync) agree with the spec vectors and the reference codec", () => {
  it("reference layout: every 6.4 example, byte-exact both ways", () => {
    for (const [name, args, want] of REF) {
      assert.equal(hex(encodeLockArgsGenerated(args, "2024-04")), hex(unhex(want)), name);
      assert.deepEqual(decodeLockArgsGenerated(unhex(want), "2024-04"), { ...args, quorum: args.quorum ?? 0 }, name);
    }
  });
  it("HEAD layout: example A and the nil-Quorum refresh", () => {
    assert.equal(hex(encodeLockArgsGenerated(exampleA, "current")), hex(encodeLockArgs(exampleA, "current")));
    const refresh = encodeLockArgsGenerated(lockArgs({ uid: "uid1" }), "current");
    assert.equal(refresh.length, 44);
    assert.ok(hex(refresh).endsWith("a651756f72756dc0"));
    assert.equal(decodeLockArgsGenerated(refresh, "current").quorum, undefined);
    assert.throws(() => decodeLockArgsGenerated(refresh, "2024-04"), /nil|Quorum/);
  });
  it("random LockArgs: generated and hand codec write identical bytes in both layouts", () => {
    fc.assert(
      fc.property(
        fc.record({
          uid: fc.string({ maxLength: 40 }),
          resources: fc.array(fc.string({ maxLength: 300 }), { maxLength: 20 }),
          source: fc.string({ maxLength: 70 }),
          owner: fc.string(),
          quorum: fc.option(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { nil: undefined }),
        }),
        (a) => {
          for (const p of ["2024-04", "current"] as const) {
            const g = encodeLockArgsGenerated(a, p);
            assert.equal(hex(g), hex(encodeLockArgs(a, p)));
            assert.deepEqual(decodeLockArgsGenerated(g, p), decodeLockArgs(g, p));
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
