// Zero values of bytes-like fields share the runtime's frozen EMPTY_BYTES:
// every decode starts from create*(), and V8 allocates a zero-length
// Uint8Array far slower than a short one, so a fresh `new Uint8Array(0)` per
// field made generated GridMessage decode slower than msgpackr.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EMPTY_BYTES, fromHex } from "../../runtime/msgp/index.js";
import * as golden from "../../generated/golden/golden.js";
import * as modern from "../../generated/golden/modern.js";
import { ROOT } from "./helpers.js";

test("create*() zero bytes, raw and extension values are the shared frozen EMPTY_BYTES", () => {
  assert.ok(Object.isFrozen(EMPTY_BYTES) && EMPTY_BYTES.length === 0);
  assert.equal(golden.createGridMessage().Payload, EMPTY_BYTES);
  assert.equal(golden.createExt42(), EMPTY_BYTES);
  const box = golden.createExtBox();
  assert.equal(box.E, EMPTY_BYTES);
  assert.equal(box.N, EMPTY_BYTES);
  assert.equal(golden.createRawBox().R, EMPTY_BYTES);
  const b = golden.createBlobs();
  assert.equal(b.B, EMPTY_BYTES);
  assert.equal(golden.createTBin(), EMPTY_BYTES);
  // fixed-size bytes stay fresh, writable zero arrays of their size
  assert.ok(!Object.isFrozen(b.Fixed) && b.Fixed.length === 16 && b.Fixed !== golden.createBlobs().Fixed);
});

test("decoding replaces zero bytes with fresh arrays and never writes into EMPTY_BYTES", () => {
  const m = { MuxID: 1n, Seq: 2, DeadlineMS: 0, Handler: 10, Op: 14, Flags: 6, Payload: fromHex("81a16101") };
  const d = golden.GridMessageCodec.decode(golden.GridMessageCodec.encode(m));
  assert.notEqual(d.Payload, EMPTY_BYTES);
  assert.deepStrictEqual(d, m);
  d.Payload[0] = 0; // the decoded copy is the caller's to change
  const empty = golden.GridMessageCodec.decode(golden.GridMessageCodec.encode(golden.createGridMessage()));
  assert.equal(empty.Payload.length, 0);
  assert.equal(EMPTY_BYTES.length, 0);
  // a map struct whose bytes key is missing keeps the shared zero value
  assert.equal(modern.AllowNilCodec.decode(fromHex("80")).NB, EMPTY_BYTES);
});

test("no generated module allocates zero-length byte arrays", () => {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".ts")) files.push(join(d, e.name));
    }
  };
  walk(join(ROOT, "generated"));
  assert.ok(files.length > 5);
  for (const f of files) assert.ok(!readFileSync(f, "utf8").includes("new Uint8Array(0)"), `${f} still allocates new Uint8Array(0)`);
});
