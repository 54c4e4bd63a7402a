// Loopback lock cluster for tests: N LockNodes in this process, each on its own 127.0.0.1 port.
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { LockNode } from "../../dsync/lock-node.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import type { GridTiming, GridTraceEvent } from "../../runtime/options.js";

/** Fast grid timers so reconnects and liveness checks happen in milliseconds. */
export const FAST_GRID: Partial<GridTiming> = {
  connPingIntervalMs: 200,
  streamPingIntervalMs: 200,
  dialTimeoutMs: 1000,
  retryBaseMs: 60,
  writeTimeoutMs: 2000,
  handshakeTimeoutMs: 2000,
};

/** A running loopback cluster. */
export interface LockCluster {
  nodes: LockNode[];
  hosts: string[];
  servers: Server[];
  close(): Promise<void>;
}

/** Starts `n` lock nodes and waits until every grid connection is up. */
export async function startLockCluster(n: number, profile: WireProfile = "current", trace?: (node: number, ev: GridTraceEvent) => void): Promise<LockCluster> {
  const servers: Server[] = [];
  // Upgraded sockets leave the server's own bookkeeping; track them so close() can never hang.
  const sockets = new Set<Socket>();
  for (let i = 0; i < n; i++) {
    const s = createServer((_q, r) => r.writeHead(404).end());
    s.on("connection", (sock: Socket) => {
      sockets.add(sock);
      sock.once("close", () => sockets.delete(sock));
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    servers.push(s);
  }
  const hosts = servers.map((s) => {
    const a = s.address();
    return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  });
  const nodes = hosts.map((host, i) => new LockNode({ host, hosts, server: servers[i]!, profile, timing: FAST_GRID, maintenance: false, ...(trace ? { trace: (ev: GridTraceEvent) => trace(i, ev) } : {}) }));
  await Promise.all(nodes.map((nd) => nd.manager.waitAllConnected(AbortSignal.timeout(5000))));
  return {
    nodes,
    hosts,
    servers,
    async close() {
      await Promise.all(nodes.map((nd) => nd.close()));
      const closed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      for (const sock of sockets) sock.destroy();
      await closed;
    },
  };
}
