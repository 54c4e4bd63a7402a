// wss:// between two https:// hosts (spec 1.7, 2.4): TLS dial with our `tls` options, upgrade on a
// node:https server, and no CRC flag on a link where both ends are TLS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:https";
import { Manager } from "../../runtime/manager.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import type { GridTraceEvent } from "../../runtime/options.js";
import { FAST, bytes, text } from "./harness.js";

function selfSigned(): { key: Buffer; cert: Buffer } | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), "grid-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "k.pem")), cert: readFileSync(join(dir, "c.pem")) };
  } catch {
    return null;
  }
}

const creds = selfSigned();

test("wss between https hosts: requests work and messages carry no CRC", { skip: creds ? false : "openssl not available to make a test certificate", timeout: 10_000 }, async () => {
  const servers = [createServer({ ...creds! }), createServer({ ...creds! })];
  for (const s of servers) await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const hosts = servers.map((s) => `https://127.0.0.1:${(s.address() as { port: number }).port}`);
  const traced: GridTraceEvent[] = [];
  const ms = hosts.map((h) => new Manager({ local: h, hosts, timing: FAST, tls: { ca: creds!.cert }, trace: (e) => traced.push(e) }));
  ms.forEach((m, i) => {
    m.registerSingle(78, async (p) => bytes(`tls${i}:${text(p)}`));
    m.attach(servers[i]!);
  });
  try {
    const c = ms[0]!.connection(hosts[1]!)!;
    await c.waitForConnect(AbortSignal.timeout(5000));
    assert.equal(text(await c.request(78, bytes("x"))), "tls1:x");
    const reqs = traced.filter((e) => e.msg.op === Op.Request || e.msg.op === Op.Response);
    assert.ok(reqs.length >= 2);
    for (const e of reqs) assert.equal(e.msg.flags & Flag.CRC, 0, "no CRC when both ends are TLS");
  } finally {
    for (const m of ms) await m.close();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  }
});
