// Keys of Go maps, on the msgp wire and in grid.JSON[T] text.
// msgp reads map[string]T keys with ReadStringBytes (str only, bin is an
// error) but struct keys with ReadMapKeyZC (str or bin) (msgp.md §4, table
// row map[string]T and §4.1). Go's encoding/json sorts map keys by their
// UTF-8 bytes, which differs from JS's UTF-16 order above U+FFFF.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MsgpDecodeError, fromHex, toHex } from "../../runtime/msgp/index.js";
import * as golden from "../../generated/golden/golden.js";

const isStrError = (e: unknown): boolean => e instanceof MsgpDecodeError && /expected str/.test(e.message) && /got bin/.test(e.message);

test("struct keys may be bin; Go map[string]T keys must be str", () => {
  // LockResp {"Err" (as bin8): "x"}
  assert.deepStrictEqual(golden.LockRespCodec.decode(fromHex("81c403457272a178")), { Code: 0, Err: "x" });
  // Maps {"SI": {"b": 1}} with the map key as str, then as bin
  const ok = golden.MapsCodec.decode(fromHex("81a2534981a16201"));
  assert.deepStrictEqual(ok.SI, new Map([["b", 1n]]));
  assert.throws(() => golden.MapsCodec.decode(fromHex("81a2534981c4016201")), isStrError);
  // nested map value: SM {"a": {bin "b": 1}}
  assert.throws(() => golden.MapsCodec.decode(fromHex("81a2534d81a16181c4016201")), isStrError);
});

test("grid builtins MSS and URLValues read their keys as str only", () => {
  // GridUse {"M": {"k": "v"}} then with bin key
  assert.deepStrictEqual(golden.GridUseCodec.decode(fromHex("81a14d81a16ba176")).M, new Map([["k", "v"]]));
  assert.throws(() => golden.GridUseCodec.decode(fromHex("81a14d81c4016ba176")), isStrError);
  // GridUse {"U": {"k": ["v"]}} then with bin key
  assert.deepStrictEqual(golden.GridUseCodec.decode(fromHex("81a15581a16b91a176")).U, new Map([["k", ["v"]]]));
  assert.throws(() => golden.GridUseCodec.decode(fromHex("81a15581c4016b91a176")), isStrError);
});

test("json<map>: keys are sorted by UTF-8 bytes like Go's encoding/json, not by UTF-16 units", () => {
  // UTF-16 order: U+1F600 (d83d de00) < U+E000 < U+FFFF; UTF-8 order: U+E000 (ee) < U+FFFF (ef) < U+1F600 (f0).
  const one = { kind: "int", value: 1n } as const;
  const m = new Map([
    ["\u{1F600}", one],
    ["\uFFFF", one],
    ["\uE000", one],
    ["a", one],
  ]);
  const bytes = golden.JSONAnyMapCodec.encode(m);
  // bin8 header, then the JSON text with a trailing newline (Go's Encoder)
  const text = Buffer.from(bytes.subarray(2)).toString("utf8");
  assert.equal(text, '{"a":1,"\uE000":1,"\uFFFF":1,"\u{1F600}":1}\n');
  assert.equal(toHex(bytes.subarray(0, 2)), `c4${(bytes.length - 2).toString(16)}`);
  // Go decodes JSON numbers inside interface{} as float64
  const back = golden.JSONAnyMapCodec.decode(bytes);
  assert.deepStrictEqual([...back!.keys()], ["a", "\uE000", "\uFFFF", "\u{1F600}"]);
  assert.deepStrictEqual(back!.get("\u{1F600}"), { kind: "float64", value: 1 });
});
