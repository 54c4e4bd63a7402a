// One process of the demo cluster: a lock node (grid Manager on MinIO's lock
// route + local locker) and, optionally, workers that contend for the shared
// resources through dsync. Every grant and release is printed as one JSON
// line on stdout for the parent (examples/demo.ts) to check.
import { createServer } from "node:http";
import { DRWMutex } from "../dsync/drwmutex.js";
import { LockNode } from "../dsync/lock-node.js";

interface Args {
  index: number;
  ports: number[];
  workers: number;
  runMs: number;
  resources: string[];
}

function parseArgs(): Args {
  const a = JSON.parse(process.argv[2] ?? "{}") as Partial<Args>;
  if (a.index === undefined || a.ports === undefined) throw new Error("usage: demo-node.ts '{\"index\":0,\"ports\":[...]}'");
  return { workers: 0, runMs: 0, resources: [], ...a } as Args;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + "\n");

async function worker(node: LockNode, me: string, args: Args, until: number): Promise<void> {
  const dsync = node.dsync();
  while (now() < until) {
    const resource = args.resources[Math.floor(Math.random() * args.resources.length)]!;
    const write = Math.random() < 0.6;
    const mutex = new DRWMutex(dsync, [resource]);
    const ok = write
      ? await mutex.lock({ timeoutMs: 3000, source: me })
      : await mutex.rLock({ timeoutMs: 3000, source: me });
    if (!ok) {
      emit({ ev: "timeout", who: me, resource, mode: write ? "write" : "read", t: now() });
      continue;
    }
    emit({ ev: "grant", who: me, resource, mode: write ? "write" : "read", t: now() });
    await sleep(5 + Math.random() * 25);
    emit({ ev: "release", who: me, resource, mode: write ? "write" : "read", t: now() });
    await (write ? mutex.unlock() : mutex.rUnlock());
    await sleep(Math.random() * 10);
  }
}

async function main(): Promise<void> {
  const args = parseArgs();
  const hosts = args.ports.map((p) => `http://127.0.0.1:${p}`);
  const server = createServer((_q, r) => r.writeHead(404).end());
  await new Promise<void>((r) => server.listen(args.ports[args.index], "127.0.0.1", () => r()));
  const node = new LockNode({ host: hosts[args.index]!, hosts, server, timing: { dialTimeoutMs: 500, retryBaseMs: 100 } });
  emit({ ev: "up", node: args.index, t: now() });
  if (args.workers > 0) {
    await node.manager.waitAllConnected(AbortSignal.timeout(10_000));
    const until = now() + args.runMs;
    await Promise.all(Array.from({ length: args.workers }, (_, w) => worker(node, `n${args.index}w${w}`, args, until)));
    emit({ ev: "done", node: args.index, t: now() });
  }
  // Lock servers keep serving until the parent stops them.
  process.on("SIGTERM", () => {
    void node.close().finally(() => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`demo node failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
