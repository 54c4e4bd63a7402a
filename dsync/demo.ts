// A runnable picture of dsync (issue 7's demo): several lock nodes on loopback, workers on
// different nodes contending for the same resources, one node killed and restarted mid-run,
// every grant and release printed, and a final verdict on mutual exclusion computed from the
// grant/release log. `runLockDemo()` is what `npm run demo` can call; `npx tsx dsync/demo.ts` runs it.
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { seededRng } from "./backoff.js";
import { DRWMutex } from "./drwmutex.js";
import { findExclusionViolations, type Hold } from "./exclusion-check.js";
import { LockNode } from "./lock-node.js";

/** Demo knobs; defaults take about 6 seconds. */
export interface LockDemoOptions {
  nodes?: number;
  workers?: number;
  resources?: string[];
  durationMs?: number;
  seed?: number;
  /** Where lines go; default console.log. */
  print?: (line: string) => void;
}

/** Result of a demo run: whether any two conflicting holders overlapped. */
export interface LockDemoResult {
  grants: number;
  overlaps: number;
}

interface Hosted {
  server: Server;
  sockets: Set<Socket>;
  node: LockNode;
}

const FAST_GRID = { connPingIntervalMs: 200, streamPingIntervalMs: 200, dialTimeoutMs: 500, retryBaseMs: 100, handshakeTimeoutMs: 2000 };

async function host(port: number, hostStr: string, hosts: string[]): Promise<Hosted> {
  const server = createServer((_q, r) => r.writeHead(404).end());
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => (sockets.add(s), s.once("close", () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  const node = new LockNode({ host: hostStr, hosts, server, timing: FAST_GRID, maintenance: { intervalMs: 1000, validityMs: 5000 } });
  return { server, sockets, node };
}

async function stop(h: Hosted): Promise<void> {
  await h.node.close();
  const closed = new Promise<void>((r) => h.server.close(() => r()));
  for (const s of h.sockets) s.destroy();
  await closed;
}

/** Runs the demo and prints its story; resolves with the verdict. */
export async function runLockDemo(o: LockDemoOptions = {}): Promise<LockDemoResult> {
  const n = o.nodes ?? 4;
  const workers = o.workers ?? 6;
  const resources = o.resources ?? ["photos/cat.jpg", "photos/dog.jpg"];
  const duration = o.durationMs ?? 5000;
  const print = o.print ?? ((l: string) => console.log(l));
  const rng = seededRng(o.seed ?? 42);
  const t0 = Date.now();
  const ts = (): string => `+${String(Date.now() - t0).padStart(5)}ms`;

  // Reserve ports, then start one lock node per port.
  const probes: Server[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    probes.push(s);
  }
  const ports = probes.map((s) => (s.address() as { port: number }).port);
  await Promise.all(probes.map((s) => new Promise<void>((r) => s.close(() => r()))));
  const hosts = ports.map((p) => `http://127.0.0.1:${p}`);
  const nodes: (Hosted | undefined)[] = [];
  for (let i = 0; i < n; i++) nodes.push(await host(ports[i]!, hosts[i]!, hosts));
  await Promise.all(nodes.map((h) => h!.node.manager.waitAllConnected(AbortSignal.timeout(5000))));
  print(`${ts()} ${n} lock nodes up on 127.0.0.1 (route /minio/grid/lock/v1); write quorum ${Math.floor(n / 2) + 1}, read quorum ${Math.ceil(n / 2)}`);

  let seq = 0;
  const log: { who: string; resource: string; write: boolean; from: number; to: number }[] = [];
  const end = Date.now() + duration;
  const victim = n - 1;

  const chaos = (async () => {
    await new Promise((r) => setTimeout(r, duration * 0.3));
    print(`${ts()} !! killing node ${victim} (${hosts[victim]})`);
    await stop(nodes[victim]!);
    nodes[victim] = undefined;
    await new Promise((r) => setTimeout(r, duration * 0.3));
    nodes[victim] = await host(ports[victim]!, hosts[victim]!, hosts);
    print(`${ts()} !! node ${victim} restarted with an empty lock table`);
  })();

  const worker = async (w: number): Promise<void> => {
    const home = w % (n - 1); // workers live on the nodes that stay up
    while (Date.now() < end) {
      const res = resources[Math.floor(rng() * resources.length)]!;
      const write = rng() < 0.6;
      const mu = new DRWMutex(nodes[home]!.node.dsync({ acquireMs: 300, unlockCallMs: 300, refreshCallMs: 300, forceUnlockCallMs: 300 }), [res], { rng, retryMinIntervalMs: 20 });
      const ok = write ? await mu.lock({ timeoutMs: 1500 }) : await mu.rLock({ timeoutMs: 1500 });
      if (!ok) {
        print(`${ts()} worker ${w}@node${home} gave up waiting for ${write ? "write" : "read"} lock on ${res}`);
        continue;
      }
      const entry = { who: `worker ${w}`, resource: res, write, from: ++seq, to: Infinity };
      log.push(entry);
      print(`${ts()} worker ${w}@node${home} GRANTED ${write ? "write" : "read "} ${res}`);
      await new Promise((r) => setTimeout(r, 20 + Math.floor(rng() * 80)));
      entry.to = ++seq;
      print(`${ts()} worker ${w}@node${home} released ${write ? "write" : "read "} ${res}`);
      await (write ? mu.unlock() : mu.rUnlock());
    }
  };
  await Promise.all([chaos, ...Array.from({ length: workers }, (_, w) => worker(w))]);

  const violations = findExclusionViolations(log satisfies Hold[]);
  for (const v of violations.slice(0, 10)) print(`VIOLATION: ${v.text}`);
  const overlaps = violations.length;
  await Promise.all(nodes.map((h) => (h ? stop(h) : undefined)));
  print(
    overlaps === 0
      ? `mutual exclusion HELD: ${log.length} grants, no writer ever overlapped another holder of the same resource`
      : `mutual exclusion VIOLATED: ${overlaps} overlapping pairs among ${log.length} grants`,
  );
  return { grants: log.length, overlaps };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const r = await runLockDemo();
  process.exitCode = r.overlaps === 0 ? 0 : 1;
}
