// Subroutes are typed: register*Service takes the union of the subroutes the
// service's handlers declare, each client method the union its handler
// declares. A wrong subroute is a compile error (checked by running tsc on a
// small file) and, for JS callers, an UndeclaredSubrouteError at run time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as ev from "../../generated/examples/everything.js";
import { UndeclaredSubrouteError, type GridCaller, type GridRegistrar } from "../../runtime/service-support.js";
import { ROOT, tempDir } from "./helpers.js";

test("a subroute no handler declares does not compile; declared ones do", () => {
  const dir = tempDir("subroutes");
  try {
    const from = relative(dir, join(ROOT, "generated/examples/everything.js")).replace(/\\/g, "/");
    const lines = [
      `import * as ev from "${from.startsWith(".") ? from : `./${from}`}";`,
      "declare const m: ev.GridRegistrar;",
      "declare const impl: ev.EverythingServer;",
      "declare const c: ev.EverythingClient;",
      'ev.registerEverythingService(m, impl, { subroute: "disk/1" });',
      'ev.registerEverythingService(m, impl, { subroute: "cache" });',
      'void c.sub(null, { subroute: "disk/1" });',
      'ev.registerEverythingService(m, impl, { subroute: "nope" }); // line 8: not declared by any handler',
      'void c.sub(null, { subroute: "disk" }); // line 9: declared by Copy, not by Sub',
      'void c.get(ev.createScalars(), { subroute: "cache" }); // line 10: Get declares none',
      "",
    ];
    writeFileSync(join(dir, "use.ts"), lines.join("\n"));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: relative(dir, join(ROOT, "tsconfig.json")), include: ["use.ts"], compilerOptions: { noEmit: true } }));
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    const errors = [...r.stdout.matchAll(/use\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(errors, ["8 TS2322", "9 TS2322", "10 TS2322"], r.stdout);
    assert.match(r.stdout, /"nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Records what a register function registers (the real Manager is exercised in services.test.ts). */
function recorder(): { reg: GridRegistrar; seen: string[] } {
  const seen: string[] = [];
  const reg: GridRegistrar = {
    registerSingle: (id, _fn, o) => void seen.push(`single ${id} ${o?.subroute ?? ""}`),
    registerStream: (id, _fn, o) => void seen.push(`stream ${id} ${o?.subroute ?? ""}`),
  };
  return { reg, seen };
}

const impl = {} as ev.EverythingServer;

test("with a subroute only the handlers declaring it are registered; without, all of them", () => {
  const a = recorder();
  ev.registerEverythingService(a.reg, impl, { subroute: "cache" });
  assert.deepEqual(a.seen, ["single 3 cache", "stream 11 cache"]);
  const b = recorder();
  ev.registerEverythingService(b.reg, impl, { subroute: "disk/1" });
  assert.deepEqual(b.seen, ["single 3 disk/1"]);
  const c = recorder();
  ev.registerEverythingService(c.reg, impl);
  assert.deepEqual(c.seen, ["single 1 ", "single 2 ", "single 3 ", "stream 10 ", "stream 11 ", "stream 12 ", "stream 13 "]);
  assert.deepEqual([...ev.EverythingSubroutes], ["disk/1", "cache", "disk"]);
});

test("JS callers: an undeclared subroute throws UndeclaredSubrouteError before anything is registered or sent", async () => {
  const r = recorder();
  const js = ev.registerEverythingService as (m: GridRegistrar, i: ev.EverythingServer, o: { subroute: string }) => void;
  assert.throws(() => js(r.reg, impl, { subroute: "nope" }), (e: unknown) => e instanceof UndeclaredSubrouteError && /registerEverythingService: subroute "nope" is not declared.*"disk\/1", "cache", "disk"/.test(e.message));
  assert.deepEqual(r.seen, []);
  let sent = 0;
  const conn = {
    request: async () => {
      sent++;
      return null;
    },
    openStream: () => {
      sent++;
      throw new Error("not reached");
    },
  } as unknown as GridCaller;
  const client = new ev.EverythingClient(conn);
  const loose = client as unknown as { sub(p: null, o: { subroute: string }): Promise<unknown>; copy(p: unknown, o: { subroute: string }): unknown };
  await assert.rejects(loose.sub(null, { subroute: "disk" }), (e: unknown) => e instanceof UndeclaredSubrouteError && /Everything\.Sub: subroute "disk"/.test(e.message));
  assert.throws(() => loose.copy({ Prefix: "" }, { subroute: "disk/1" }), UndeclaredSubrouteError);
  assert.equal(sent, 0);
});
