// Two grid peers in separate processes over loopback: requests, streams, and the peer being killed
// mid-stream and restarted (link recovers, typed errors, no leaked muxes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Manager } from "../../runtime/manager.js";
import { DisconnectedError } from "../../runtime/errors.js";
import { FAST, bytes, text, eventually, tablesEmpty } from "./harness.js";
import { freePort } from "../free-port.js";

const script = fileURLToPath(new URL("./peer-process.ts", import.meta.url));

function startPeer(local: string, hosts: string[], port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script, local, hosts.join(","), String(port), "current"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (c) => reject(new Error(`peer exited with ${c}`)));
  });
}

test("separate processes: single, one-way and two-way streams, peer killed mid-stream and restarted", async () => {
  const pa = await freePort();
  const pb = await freePort();
  const ha = `http://127.0.0.1:${pa}`;
  const hb = `http://127.0.0.1:${pb}`;
  const hosts = [ha, hb];
  const m = new Manager({ local: ha, hosts, timing: FAST });
  m.registerStream(78, async function* () {}, { outCapacity: 1 });
  m.registerStream(79, async function* () {}, { inCapacity: 1, outCapacity: 1 });
  await m.listen(pa);
  let child = await startPeer(hb, hosts, pb);
  try {
    const c = m.connection(hb)!;
    await c.waitForConnect(AbortSignal.timeout(5000));
    assert.equal(text(await c.request(78, bytes("hello"))), "hello");
    assert.equal(text(await c.request(79, bytes("abc"))), `caller=${ha} len=3`);
    const items: number[] = [];
    for await (const x of c.openStream(78, { payload: bytes("10") }).responses) items.push(x[0]!);
    assert.deepEqual(items, [...Array(10).keys()]);
    const two = c.openStream(79, {});
    const sender = (async () => {
      for (let i = 0; i < 20; i++) await two.send(new Uint8Array([i]));
      await two.closeSend();
    })();
    const echoed: number[] = [];
    for await (const x of two.responses) echoed.push(x[0]!);
    await sender;
    assert.equal(echoed.length, 20);

    // Kill the peer process while a long stream is running.
    const s = c.openStream(78, { payload: bytes("100000") });
    const it = s.responses[Symbol.asyncIterator]();
    await it.next();
    child.kill("SIGKILL");
    await assert.rejects(async () => {
      for (;;) if ((await it.next()).done) break;
    }, DisconnectedError);
    await assert.rejects(c.request(78, bytes("x")), DisconnectedError);
    child = await startPeer(hb, hosts, pb);
    await c.waitForConnect(AbortSignal.timeout(5000));
    assert.equal(text(await c.request(78, bytes("back"))), "back");
    assert.ok(await eventually(() => tablesEmpty({ managers: [m] })));
  } finally {
    child.kill("SIGKILL");
    await m.close();
  }
});
