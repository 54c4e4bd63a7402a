// Handlers whose client methods would be `constructor` and `conn` (once a
// second constructor and a duplicate of the client's connection field) work
// end to end over a real loopback grid connection; typecheck.test.ts compiles
// the same fixture under the strict config.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { setupGrid } from "../runtime/harness.js";
import { ROOT, generateFrom, tempDir } from "./helpers.js";

/** The parts of generated names.ts this test calls (imported at run time from a fresh generation). */
interface NamesModule {
  NamesClient: new (conn: unknown) => {
    constructor(req: { M: Map<string, bigint>; B: Uint8Array }): Promise<{ P: { M: Map<string, bigint> } }>;
    conn(req: { X: bigint }): Promise<{ X: bigint }>;
  };
  registerNamesService(manager: unknown, impl: Record<string, unknown>): void;
  createMaps(): { M: Map<string, bigint>; B: Uint8Array };
}

test("handlers named Constructor and Conn: the generated client calls them and still holds its connection", async () => {
  const dir = tempDir("names");
  const g = await setupGrid(2);
  try {
    const [f] = await generateFrom([join(ROOT, "test/generator/fixtures/names.grid")], join(ROOT, "test/generator/fixtures"), dir);
    mkdirSync(dirname(f!.path), { recursive: true });
    writeFileSync(f!.path, f!.text);
    const m = (await import(pathToFileURL(f!.path).href)) as NamesModule;
    m.registerNamesService(g.managers[1]!, {
      constructor: (req: { M: Map<string, bigint> }) => ({ P: { M: req.M, B: new Uint8Array(0) } }),
      conn: (req: { X: bigint }) => ({ X: req.X + 1n }),
      async *then() {},
      async *valueOf() {},
    });
    const c = new m.NamesClient(g.managers[0]!.connection(g.hosts[1]!)!);
    const req = { ...m.createMaps(), M: new Map([["a", 7n]]) };
    assert.deepStrictEqual((await c.constructor(req)).P.M, new Map([["a", 7n]]));
    assert.deepStrictEqual(await c.conn({ X: 41n }), { X: 42n });
    assert.equal(typeof c.conn, "function", "the handler method, not the connection");
  } finally {
    await g.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
