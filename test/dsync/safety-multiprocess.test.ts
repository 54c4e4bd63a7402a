// Randomized safety test (issue 7 "Proof"): 5 lock servers in separate processes, many clients
// taking read and write locks on a few resources while servers are killed, paused and
// restarted within the tolerance. A shared grant/release log must never show two writers, or a
// writer and a reader, on one resource at once; and once every server is back, locks are
// granted again. Seeded (DSYNC_SAFETY_SEED), bounded in time (DSYNC_SAFETY_MS, default 4 s).
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { Manager } from "../../runtime/manager.js";
import { ROUTE_LOCK_PATH } from "../../runtime/options.js";
import { DRWMutex } from "../../dsync/drwmutex.js";
import { findExclusionViolations } from "../../dsync/exclusion-check.js";
import { GridLocker } from "../../dsync/grid-locker.js";
import { seededRng, type Rng } from "../../dsync/backoff.js";
import type { Dsync } from "../../dsync/dsync.js";
import { FAST_GRID } from "./grid-cluster.js";
import { delay } from "./sim-locker.js";
import { freePort } from "../free-port.js";

const SEED = Number(process.env["DSYNC_SAFETY_SEED"] ?? 20260412);
const RUN_MS = Number(process.env["DSYNC_SAFETY_MS"] ?? 4000);
const SERVERS = 5;
const RESOURCES = ["res/a", "res/b", "res/c"];
const CLIENTS = 8;
const SCRIPT = fileURLToPath(new URL("./lock-server-process.ts", import.meta.url));

/** One server process slot: can be killed, paused, resumed and restarted on its port. */
class Slot {
  proc: ChildProcess | undefined;
  state: "up" | "down" | "paused" = "down";
  constructor(
    readonly port: number,
    readonly hosts: string[],
  ) {}
  async start(): Promise<void> {
    const p = spawn(process.execPath, ["--import", "tsx", SCRIPT, String(this.port), JSON.stringify(this.hosts), "current"], { stdio: ["pipe", "pipe", "inherit"] });
    this.proc = p;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`lock server on ${this.port} did not start within 15 s`)), 15_000);
      p.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("ready")) {
          clearTimeout(t);
          resolve();
        }
      });
      p.once("exit", (code) => reject(new Error(`lock server on ${this.port} exited with ${code} before ready`)));
    });
    this.state = "up";
  }
  kill(): void {
    this.proc?.kill("SIGKILL");
    this.state = "down";
  }
  pause(): void {
    this.proc?.kill("SIGSTOP");
    this.state = "paused";
  }
  resume(): void {
    this.proc?.kill("SIGCONT");
    this.state = "up";
  }
  stop(): void {
    if (this.state === "paused") this.proc?.kill("SIGCONT");
    this.proc?.kill("SIGKILL");
  }
}

interface Interval {
  res: string;
  write: boolean;
  grant: number;
  release: number;
  who: string;
}

let slots: Slot[] = [];
let client: Manager;
let clientServer: Server;
const sockets = new Set<Socket>();

before(async () => {
  const ports: number[] = [];
  for (let i = 0; i <= SERVERS; i++) ports.push(await freePort());
  const hosts = ports.map((p) => `http://127.0.0.1:${p}`);
  slots = ports.slice(0, SERVERS).map((p) => new Slot(p, hosts));
  clientServer = createServer((_q, r) => r.writeHead(404).end());
  clientServer.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => clientServer.listen(ports[SERVERS], "127.0.0.1", () => r()));
  client = new Manager({ local: hosts[SERVERS]!, hosts, routePath: ROUTE_LOCK_PATH, timing: FAST_GRID });
  client.attach(clientServer);
  await Promise.all(slots.map((s) => s.start()));
  await client.waitAllConnected(AbortSignal.timeout(10_000));
});

after(async () => {
  for (const s of slots) s.stop();
  await client?.close();
  const closed = new Promise<void>((r) => clientServer?.close(() => r()));
  for (const s of sockets) s.destroy();
  await closed;
});

it(`randomized mutual exclusion with killed/paused/restarted servers (seed ${SEED})`, async (t) => {
  const rng = seededRng(SEED);
  const lockers = slots.map((s) => new GridLocker(client.connection(`http://127.0.0.1:${s.port}`)!, "current"));
  const dsync: Dsync = {
    getLockers: () => ({ lockers, owner: "safety-client" }),
    timeouts: { acquireMs: 250, refreshCallMs: 250, unlockCallMs: 250, forceUnlockCallMs: 250, lockCallMs: 2000, releaseRetryBudgetMs: 2000 },
  };
  let seq = 0;
  const log: Interval[] = [];
  const disruptions: string[] = [];
  let granted = 0;
  let refused = 0;
  const end = Date.now() + RUN_MS;

  // At most one server disrupted at a time (write tolerance is 2), and each restart is spaced
  // far beyond the longest hold so a live holder never loses more than one grant (spec 2.4).
  const chaos = (async () => {
    while (Date.now() < end - 600) {
      await delay(200 + Math.floor(rng() * 300));
      const slot = slots[Math.floor(rng() * SERVERS)]!;
      const action = disruptions.length % 2 === (SEED % 2) ? "kill" : "pause";
      disruptions.push(`${action} ${slot.port}`);
      if (action === "kill") {
        slot.kill();
        await delay(300 + Math.floor(rng() * 200));
        await slot.start();
      } else {
        slot.pause();
        await delay(300 + Math.floor(rng() * 300));
        slot.resume();
      }
      await delay(400);
    }
  })();

  const worker = async (w: number, r: Rng): Promise<void> => {
    while (Date.now() < end) {
      const res = RESOURCES[Math.floor(r() * RESOURCES.length)]!;
      const write = r() < 0.5;
      const mu = new DRWMutex(dsync, [res], { rng: r, retryMinIntervalMs: 10, refreshIntervalMs: 150 });
      const ok = write ? await mu.lock({ timeoutMs: 800 }) : await mu.rLock({ timeoutMs: 800 });
      if (!ok) {
        refused++;
        continue;
      }
      granted++;
      const iv: Interval = { res, write, grant: ++seq, release: Infinity, who: `w${w}` };
      log.push(iv);
      await delay(Math.floor(r() * 25));
      iv.release = ++seq;
      await (write ? mu.unlock() : mu.rUnlock());
    }
  };
  await Promise.all([chaos, ...Array.from({ length: CLIENTS }, (_, w) => worker(w, seededRng(SEED + w + 1)))]);

  t.diagnostic(`seed ${SEED}: ${granted} grants, ${refused} timed out, ${log.length} intervals checked, disruptions: ${disruptions.join("; ")}`);
  const overlaps = findExclusionViolations(log.map((iv) => ({ who: iv.who, resource: iv.res, write: iv.write, from: iv.grant, to: iv.release }))).map((v) => v.text);
  assert.deepEqual(overlaps, [], `seed ${SEED}, disruptions ${disruptions.join("; ")}`);
  assert.ok(granted > 20, `expected progress under chaos, got ${granted} grants (${refused} timeouts), seed ${SEED}`);
  assert.ok(log.some((iv) => iv.write) && log.some((iv) => !iv.write), "both kinds of lock were exercised");
  assert.ok(disruptions.length >= 2, `the chaos schedule ran (${disruptions.join("; ")})`);

  // Liveness: with every server back, each resource can be write-locked again.
  await client.waitAllConnected(AbortSignal.timeout(10_000));
  for (const res of RESOURCES) {
    const mu = new DRWMutex(dsync, [res], { rng, retryMinIntervalMs: 10 });
    assert.equal(await mu.lock({ timeoutMs: 5000 }), true, `${res} must be lockable once quorum is back`);
    assert.equal(await mu.unlock(), true);
  }
});
