// Focused measurement for runtime tuning (npx tsx bench/grid/profile.ts [kind] [conc] [seconds]):
// one benchmark point, reporting ops/s AND the CPU time each process spends per operation. On a
// shared 2-core box throughput swings with other people's load, CPU µs per op much less, so this is
// the number to compare before/after a change. kind: bytes | rpc | ws.
// Env: PROF_CLIENT=1 writes a client --cpu-prof style profile via the inspector (./.tmp/prof), PROF_HEAP=1
// a sampling heap profile of the client (garbage included),
// PROF_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=.tmp/prof" passes node flags to the server process.
import { spawn } from "node:child_process";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { Session } from "node:inspector/promises";
import { connectWsEcho } from "./ws-echo-client.js";
import { Manager } from "../../runtime/manager.js";
import { TestRequestCodec, TestResponseCodec } from "../../generated/tests/generics.js";
import { freePort } from "../../test/free-port.js";

const kind = process.argv[2] ?? "bytes";
const conc = Number(process.argv[3] ?? 64);
const secs = Number(process.argv[4] ?? 3);

/** utime+stime of a process in µs from /proc (10 ms resolution; fine over seconds). */
function procCpuUs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return (Number(parts[11]) + Number(parts[12])) * 10_000;
}

const [gridPort, clientPort, wsPort, grpcPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
const clientHost = `http://127.0.0.1:${clientPort}`;
const serverHost = `http://127.0.0.1:${gridPort}`;
const script = fileURLToPath(new URL("./server.ts", import.meta.url));
const extra = (process.env.PROF_SERVER_FLAGS ?? "").split(" ").filter(Boolean);
const child = spawn(process.execPath, [...extra, "--import", "tsx", script, clientHost, serverHost, String(gridPort), String(wsPort), String(grpcPort)], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
  child.once("exit", (c) => reject(new Error(`bench server exited ${c}`)));
});

const payload = randomBytes(512);
let op: () => Promise<void>;
let cleanup = async (): Promise<void> => {};
if (kind === "ws") {
  const ws = await connectWsEcho(wsPort);
  op = () => ws.echo(payload);
  cleanup = async () => ws.close();
} else {
  const m = new Manager({ local: clientHost, hosts: [clientHost, serverHost] });
  await m.listen(clientPort);
  const conn = m.connection(serverHost)!;
  await conn.waitForConnect(AbortSignal.timeout(5000));
  op =
    kind === "rpc"
      ? async () => {
          const num = BigInt(Math.floor(Math.random() * 2 ** 31));
          const r = await conn.request(79, TestRequestCodec.encode({ Num: num, String: "hello" }), { deadline: Date.now() + 30_000 });
          if (TestResponseCodec.decode(r!).OrgNum !== num) throw new Error("rpc mismatch");
        }
      : async () => void (await conn.request(78, payload, { deadline: Date.now() + 30_000 }));
  cleanup = async () => {
    const s = conn.stats();
    process.stderr.write(`client: framesOut ${s.framesOut} messagesOut ${s.messagesOut} (${(s.messagesOut / Math.max(1, s.framesOut)).toFixed(1)} msgs/frame)\n`);
    await m.close();
  };
}

let stop = false;
let count = 0;
let errors = 0;
const worker = async (): Promise<void> => {
  while (!stop) {
    try {
      await op();
      count++;
    } catch {
      errors++;
    }
  }
};
const workers = Array.from({ length: conc }, worker);
await new Promise((r) => setTimeout(r, 500));
let session: Session | null = null;
if (process.env.PROF_CLIENT === "1" || process.env.PROF_HEAP === "1") {
  session = new Session();
  session.connect();
  if (process.env.PROF_HEAP === "1") {
    await session.post("HeapProfiler.enable");
    await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  } else {
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
}
const c0 = count;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const s0 = procCpuUs(child.pid!);
await new Promise((r) => setTimeout(r, secs * 1000));
const n = count - c0;
const el = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const sCpu = procCpuUs(child.pid!) - s0;
if (session && process.env.PROF_HEAP === "1") {
  const { profile } = await session.post("HeapProfiler.stopSampling");
  mkdirSync(".tmp/prof", { recursive: true });
  const f = `.tmp/prof/heap-${kind}-${conc}-${Date.now()}.heapprofile`;
  writeFileSync(f, JSON.stringify(profile));
  process.stderr.write(`heap profile: ${f}\n`);
} else if (session) {
  const { profile } = await session.post("Profiler.stop");
  mkdirSync(".tmp/prof", { recursive: true });
  const f = `.tmp/prof/client-${kind}-${conc}-${Date.now()}.cpuprofile`;
  writeFileSync(f, JSON.stringify(profile));
  process.stderr.write(`client profile: ${f}\n`);
}
stop = true;
await Promise.all(workers);
await cleanup();
const cUs = (cpu.user + cpu.system) / n;
console.log(
  `${kind} c=${conc}: ${Math.round(n / el)} ops/s, client ${cUs.toFixed(1)} µs/op (user ${(cpu.user / n).toFixed(1)} sys ${(cpu.system / n).toFixed(1)}), server ${(sCpu / n).toFixed(1)} µs/op, errors ${errors}`,
);
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
process.exit(0);
