// All generated code compiles under the repo's strict tsconfig: the committed
// generated/ tree plus a fixture generated with the int64 = "string" and
// per-field "number" mappings, and generated code imports only the runtime.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { loadProgram } from "../../idl/index.js";
import { newImplementation } from "../../generator/scaffold.js";
import { ROOT, generateFrom, tempDir } from "./helpers.js";

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Uses names.grid's generated client and server with the awkward handler names (compiled, not run). */
const NAMES_USE = `import { NamesClient, Uint8, createConn, createMaps, registerNamesService } from "./names.js";
import type { Conn, GridCaller, GridRegistrar, Maps, NamesServer, PromiseOf } from "./names.js";

export async function callAll(caller: GridCaller): Promise<[PromiseOf, Conn, Maps[]]> {
  const c = new NamesClient(caller);
  const a: PromiseOf = await c.constructor(createMaps(), { signal: AbortSignal.timeout(10) });
  const b: Conn = await c.conn(createConn());
  const got: Maps[] = [];
  for await (const m of c.then()) got.push(m);
  const s = c.valueOf(createConn());
  await s.send(createMaps());
  return [a, b, got];
}

export function serve(manager: GridRegistrar): void {
  const impl: NamesServer = {
    constructor: (req) => ({ P: req }),
    conn: async (req) => req,
    async *then() {
      yield createMaps();
    },
    async *valueOf(_payload, requests) {
      for await (const _m of requests) yield Uint8.One;
    },
  };
  registerNamesService(manager, impl);
}
`;

test("generated code imports nothing but the runtime and other generated modules", () => {
  for (const f of listTs(join(ROOT, "generated"))) {
    for (const m of readFileSync(f, "utf8").matchAll(/^import .* from "([^"]+)";$/gm)) {
      const spec = m[1]!;
      const ok = spec.includes("/runtime/") || /^\.\.?\/[^]*\.js$/.test(spec);
      assert.ok(ok && !spec.includes("/idl/") && !spec.includes("/generator/"), `${relative(ROOT, f)} imports ${spec}`);
    }
  }
});

test("generated/, the string-int64 and awkward-names fixtures and a scaffolded server typecheck under the strict config", async () => {
  const dir = tempDir("tsc");
  try {
    const fixtures = ["modes.grid", "names.grid"].map((f) => join(ROOT, "test/generator/fixtures", f));
    const out = await generateFrom(fixtures, join(ROOT, "test/generator/fixtures"), join(dir, "out"));
    for (const f of out) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text);
    }
    const rel = (p: string) => relative(dir, p);
    const svc = loadProgram([join(ROOT, "schemas/examples/everything.grid")]).files.at(-1)!.services[0]!;
    const from = relative(join(dir, "out"), join(ROOT, "generated/examples/everything.js"));
    writeFileSync(join(dir, "out", "impl.ts"), newImplementation(svc, "everything.grid", from).text);
    // Handlers Constructor / Conn / Then / ValueOf: the client methods and the server interface are usable as such.
    writeFileSync(join(dir, "out", "use-names.ts"), NAMES_USE);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: rel(join(ROOT, "tsconfig.json")), include: [rel(join(ROOT, "generated")), rel(join(ROOT, "runtime")), "out"], compilerOptions: { noEmit: true, noUnusedLocals: false } }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
