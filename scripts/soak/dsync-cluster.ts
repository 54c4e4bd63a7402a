// The dsync phase's cluster: lock servers in their own processes (test/dsync/lock-server-process.ts,
// the same server the multi-process safety test runs) that can be SIGKILLed, SIGSTOPped, resumed
// and restarted on their port, plus the client-side grid manager in this process.
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { Manager } from "../../runtime/manager.js";
import { ROUTE_LOCK_PATH } from "../../runtime/options.js";
import { FAST_GRID } from "../../test/dsync/grid-cluster.js";
import { freePort } from "../../test/free-port.js";

const SERVER_SCRIPT = fileURLToPath(new URL("../../test/dsync/lock-server-process.ts", import.meta.url));
/** Start-up of one tsx process on 2 busy cores: slow, but not this slow. */
const START_TIMEOUT_MS = 20_000;

/** One lock-server process slot, restartable on the same port. */
export class ServerSlot {
  private proc: ChildProcess | undefined;
  state: "up" | "down" | "paused" = "down";
  constructor(
    readonly port: number,
    private readonly hosts: string[],
  ) {}
  get host(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const p = spawn(process.execPath, ["--import", "tsx", SERVER_SCRIPT, String(this.port), JSON.stringify(this.hosts), "current"], { stdio: ["pipe", "pipe", "inherit"] });
    this.proc = p;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`lock server on ${this.port} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      p.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("ready")) {
          clearTimeout(t);
          resolve();
        }
      });
      p.once("exit", (code, sig) => {
        clearTimeout(t);
        reject(new Error(`lock server on ${this.port} exited (${code ?? sig}) before ready`));
      });
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
  /** Ends the process whatever its state (a stopped process must be continued to die promptly). */
  stop(): void {
    if (this.state === "paused") this.proc?.kill("SIGCONT");
    this.proc?.kill("SIGKILL");
    this.state = "down";
  }
}

/** Lock-server slots and the in-process client manager that talks to them. */
export interface LockCluster {
  slots: ServerSlot[];
  client: Manager;
  close(): Promise<void>;
}

/** Starts `n` lock-server processes and a client manager, all connected. */
export async function startLockCluster(n: number): Promise<LockCluster> {
  const ports: number[] = [];
  for (let i = 0; i <= n; i++) ports.push(await freePort());
  const hosts = ports.map((p) => `http://127.0.0.1:${p}`);
  const slots = ports.slice(0, n).map((p) => new ServerSlot(p, hosts));
  const sockets = new Set<Socket>();
  const server: Server = createServer((_q, r) => r.writeHead(404).end());
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(ports[n], "127.0.0.1", () => r()));
  const client = new Manager({ local: hosts[n]!, hosts, routePath: ROUTE_LOCK_PATH, timing: FAST_GRID });
  client.attach(server);
  const close = async (): Promise<void> => {
    for (const s of slots) s.stop();
    await client.close();
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  try {
    await Promise.all(slots.map((s) => s.start()));
    await client.waitAllConnected(AbortSignal.timeout(15_000));
  } catch (e) {
    await close();
    throw e;
  }
  return { slots, client, close };
}
