// dsync throughput: lock+unlock round trips per second with 4 lock servers on loopback
// (one in-process locker + 3 over the grid, as a MinIO node sees its set), at 1 and 64
// concurrent clients on distinct resources, against the runtime's raw single-request rate
// measured in the same run (one request = one grid round trip with a LockArgs payload).
// Run: npx tsx bench/dsync/run.ts [seconds-per-case, default 2]
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { DRWMutex } from "../../dsync/drwmutex.js";
import { LockNode } from "../../dsync/lock-node.js";
import { LockArgsCodec } from "../../generated/dsync/lock-current.js";
import { LockOp } from "../../dsync/lock-args.js";

const SECONDS = Number(process.argv[2] ?? 2);

async function cluster(n: number): Promise<{ nodes: LockNode[]; hosts: string[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  for (let i = 0; i < n; i++) {
    const s = createServer((_q, r) => r.writeHead(404).end());
    s.on("connection", (k: Socket) => (sockets.add(k), k.once("close", () => sockets.delete(k))));
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    servers.push(s);
  }
  const hosts = servers.map((s) => {
    const a = s.address();
    return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  });
  const nodes = hosts.map((host, i) => new LockNode({ host, hosts, server: servers[i]!, maintenance: false }));
  await Promise.all(nodes.map((nd) => nd.manager.waitAllConnected(AbortSignal.timeout(5000))));
  return {
    nodes,
    hosts,
    async close() {
      await Promise.all(nodes.map((nd) => nd.close()));
      const closed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      for (const k of sockets) k.destroy();
      await closed;
    },
  };
}

/** Runs `op` in `conc` loops for SECONDS; returns completed ops per second. */
async function rate(conc: number, op: (worker: number) => Promise<void>): Promise<number> {
  const end = Date.now() + SECONDS * 1000;
  let done = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: conc }, async (_, w) => {
      while (Date.now() < end) {
        await op(w);
        done++;
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return done / secs;
}

const c = await cluster(4);
const n0 = c.nodes[0]!;
const dsync = n0.dsync();
const conn = n0.manager.connection(c.hosts[1]!)!;
const payload = LockArgsCodec.encode({ UID: "bench-uid", Resources: ["bench/res"], Owner: n0.host, Source: "", Quorum: 3 });

const rows: [string, number, number][] = [];
for (const conc of [1, 64]) {
  const raw = await rate(conc, async () => {
    await conn.request(LockOp.Refresh, payload);
  });
  const lk = await rate(conc, async (w) => {
    const mu = new DRWMutex(dsync, [`bench/obj-${w}`]);
    if (!(await mu.lock({ timeoutMs: 5000 }))) throw new Error("lock not granted in bench");
    await mu.unlock();
  });
  rows.push([`${conc} client${conc > 1 ? "s" : ""}`, lk, raw]);
}
await c.close();

console.log(`dsync lock+unlock over 4 lockers (1 local + 3 grid on 127.0.0.1), ${SECONDS}s per case, node ${process.version}`);
console.log("clients      lock+unlock/s   raw grid req/s   raw/lock (a cycle is 2 parallel rounds of 3 requests: ideal ~2 at 1 client, ~6 when throughput-bound)");
for (const [name, lk, raw] of rows) {
  console.log(`${name.padEnd(12)} ${lk.toFixed(0).padStart(13)}   ${raw.toFixed(0).padStart(14)}   ${(raw / lk).toFixed(2)}`);
}
