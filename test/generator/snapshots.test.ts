// Snapshot tests: the exact generated text for the example schemas and the
// int64 fixture, reviewed and checked in under test/generator/snapshots/.
// After an intended generator change: UPDATE_SNAPSHOTS=1 node scripts/run-tests.mjs test/generator/snapshots
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, generateFrom, tempDir } from "./helpers.js";

const SNAP = join(ROOT, "test/generator/snapshots");
const update = process.env["UPDATE_SNAPSHOTS"] === "1";

function checkSnapshot(name: string, text: string): void {
  const p = join(SNAP, `${name}.snap`);
  if (update || !existsSync(p)) {
    mkdirSync(SNAP, { recursive: true });
    writeFileSync(p, text);
    if (!update) assert.fail(`snapshot ${name} did not exist; written, review it and commit`);
    return;
  }
  assert.equal(text, readFileSync(p, "utf8"), `generated ${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept)`);
}

test("snapshots of the example schemas", async () => {
  const out = await generateFrom([join(ROOT, "schemas/examples/everything.grid")], join(ROOT, "schemas/examples"), "/out", "grid-gen/runtime");
  assert.deepStrictEqual(out.map((f) => f.path).sort(), ["/out/common.ts", "/out/everything.ts", "/out/more/shapes.ts"]);
  for (const f of out) checkSnapshot(`examples-${basename(f.path, ".ts")}`, f.text);
});

test("snapshot of the int64 = string fixture, and its codecs round-trip", async () => {
  const dir = tempDir("modes");
  try {
    const [snap] = await generateFrom([join(ROOT, "test/generator/fixtures/modes.grid")], join(ROOT, "test/generator/fixtures"), "/out", "grid-gen/runtime");
    checkSnapshot("fixture-modes", snap!.text);
    const [f] = await generateFrom([join(ROOT, "test/generator/fixtures/modes.grid")], join(ROOT, "test/generator/fixtures"), join(dir, "out"));
    mkdirSync(dirname(f!.path), { recursive: true });
    writeFileSync(f!.path, f!.text);
    const m = (await import(pathToFileURL(f!.path).href)) as Record<string, any>;
    const v = {
      ...m["createHolder"](),
      A: "-9223372036854775808",
      L: ["18446744073709551615"],
      M: new Map([["a", "5"], ["b", null]]),
      C: "7",
      N: 2 ** 53 - 1,
      E: "9007199254740993",
      F: 0.5,
      O: "0",
      Lo: [null, ["1"]],
    };
    const bytes: Uint8Array = m["HolderCodec"].encode(v);
    assert.deepStrictEqual(m["HolderCodec"].decode(bytes), v);
    // compactfloats: 0.5 is exact in float32 -> ca 3f 00 00 00
    assert.ok(Buffer.from(bytes).toString("hex").includes("a146ca3f000000"));
    assert.throws(() => m["HolderCodec"].encode({ ...v, A: "12x" }), /not a decimal integer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
