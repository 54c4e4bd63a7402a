// Two managers on different route paths (MinIO's /minio/grid/v1 and /minio/grid/lock/v1) sharing one
// HTTP server per node, in one process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Manager } from "../../runtime/manager.js";
import { ROUTE_LOCK_PATH } from "../../runtime/options.js";
import { FAST, bytes, text } from "./harness.js";

test("two managers on different route paths share one HTTP server per node", { timeout: 10_000 }, async () => {
  const servers = [createServer(), createServer()];
  for (const s of servers) await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const hosts = servers.map((s) => `http://127.0.0.1:${(s.address() as { port: number }).port}`);
  const main = hosts.map((h) => new Manager({ local: h, hosts, timing: FAST }));
  const lock = hosts.map((h) => new Manager({ local: h, hosts, timing: FAST, routePath: ROUTE_LOCK_PATH }));
  main.forEach((m, i) => {
    m.registerSingle(1, async () => bytes(`main@${i}`));
    m.attach(servers[i]!);
  });
  lock.forEach((m, i) => {
    m.registerSingle(1, async () => bytes(`lock@${i}`));
    m.attach(servers[i]!);
  });
  try {
    const c0 = await ready(main[0]!, hosts[1]!);
    assert.equal(text(await c0.request(1, null).catch((e) => { throw new Error(`${e.message} ${JSON.stringify(c0.stats())} OTHER ${JSON.stringify(main[1]!.stats())}`); })), "main@1");
    assert.equal(text(await (await ready(lock[0]!, hosts[1]!)).request(1, null)), "lock@1");
    assert.equal(text(await (await ready(lock[1]!, hosts[0]!)).request(1, null)), "lock@0");
  } finally {
    for (const m of [...main, ...lock]) await m.close();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  }
});

async function ready(m: Manager, h: string) {
  const c = m.connection(h)!;
  await c.waitForConnect(AbortSignal.timeout(3000));
  return c;
}

