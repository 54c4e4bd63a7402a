// Test helpers: a loopback grid of N managers in this process (Go's SetupTestGrid), polling helpers.
import { Manager } from "../../runtime/manager.js";
import type { ManagerOptions, GridTiming } from "../../runtime/options.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import { createServer, type Server } from "node:http";

/** Fast timers for tests (MinIO's are seconds). */
export const FAST: Partial<GridTiming> = {
  connPingIntervalMs: 200,
  streamPingIntervalMs: 200,
  dialTimeoutMs: 1000,
  retryBaseMs: 60,
  writeTimeoutMs: 2000,
  handshakeTimeoutMs: 2000,
};

export interface TestGrid {
  managers: Manager[];
  hosts: string[];
  servers: Server[];
  close(): Promise<void>;
}

/** Reserves `n` loopback ports by listening on port 0 (servers stay open and get the managers). */
export async function setupGrid(
  n: number,
  o: { profile?: WireProfile; timing?: Partial<GridTiming>; configure?: (m: Manager, i: number) => void; extra?: (i: number) => Partial<ManagerOptions> } = {},
): Promise<TestGrid> {
  const servers: Server[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer((_q, r) => r.writeHead(404).end());
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    servers.push(s);
  }
  const hosts = servers.map((s) => {
    const a = s.address();
    return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const managers = hosts.map(
    (h, i) =>
      new Manager({ local: h, hosts, profile: o.profile, timing: { ...FAST, ...o.timing }, blockConnect: gate, auth: { token: () => "debug" }, ...o.extra?.(i) }),
  );
  managers.forEach((m, i) => {
    o.configure?.(m, i);
    m.attach(servers[i]!);
  });
  release();
  await Promise.all(managers.map((m) => m.waitAllConnected(AbortSignal.timeout(5000))));
  return {
    managers,
    hosts,
    servers,
    async close() {
      await Promise.all(managers.map((m) => m.close()));
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/** Polls `f` until true or `ms` elapsed; returns the final value. */
export async function eventually(f: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (f()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return f();
}

/** Asserts-friendly: true when every connection of every manager has empty mux tables. */
export function tablesEmpty(g: { managers: Manager[] }): boolean {
  return g.managers.every((m) => Object.values(m.stats()).every((s) => s.outgoingMuxes === 0 && s.incomingMuxes === 0 && s.servingRequests === 0));
}

export const te = new TextEncoder();
export const td = new TextDecoder();
export const bytes = (s: string): Uint8Array => te.encode(s);
export const text = (b: Uint8Array | null): string | null => (b === null ? null : td.decode(b));
