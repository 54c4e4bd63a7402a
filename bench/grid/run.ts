// Grid benchmark (npx tsx bench/grid/run.ts): MinIO's BenchmarkRequests (512 B echo) and
// BenchmarkStream (10 messages per stream) with the server in a separate process, next to raw `ws`
// echo (one frame per message) and @grpc/grpc-js unary/bidi echo, measured side by side per concurrency.
// Prints ops/s, p50/p99, MB/s, then the ratios of grid requests to raw ws and grpc-js.
// Env: BENCH_MS (window per point, default 1500), BENCH_QUICK=1 (fewer points), BENCH_REPEAT=n (rounds
// of the request points; the median round is shown, which keeps one disturbed window out of the table).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { connectWsEcho } from "./ws-echo-client.js";
import * as grpc from "@grpc/grpc-js";
import { Manager } from "../../runtime/manager.js";
import { echoService } from "./grpc-def.js";
import { TestRequestCodec, TestResponseCodec } from "../../generated/tests/generics.js";
import { freePort } from "../../test/free-port.js";

const WINDOW = Number(process.env.BENCH_MS ?? 1500);
const WARM = 300;
const QUICK = process.env.BENCH_QUICK === "1";
/** Rounds of the side-by-side request points; each row then shows the round with the median ops/s. */
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));

interface Row {
  name: string;
  conc: number;
  ops: number;
  p50: number;
  p99: number;
  mbs: number;
  errors: number;
}
const rows: Row[] = [];

/** Runs `conc` workers calling `op` back to back; returns throughput and latency percentiles. */
async function point(name: string, conc: number, bytesPerOp: number, op: () => Promise<void>): Promise<void> {
  let recording = false;
  let stop = false;
  const lat: number[] = [];
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (!stop) {
      const t0 = performance.now();
      try {
        await op();
      } catch {
        errors++;
        continue;
      }
      if (recording) lat.push(performance.now() - t0);
    }
  };
  const ws = Array.from({ length: conc }, worker);
  await new Promise((r) => setTimeout(r, WARM));
  recording = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, WINDOW));
  recording = false;
  const secs = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(ws);
  lat.sort((a, b) => a - b);
  const q = (p: number): number => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]! * 1000 : 0);
  const row = { name, conc, ops: lat.length / secs, p50: q(0.5), p99: q(0.99), mbs: (lat.length * bytesPerOp) / secs / 1e6, errors };
  rows.push(row);
  process.stderr.write(`${name} c=${conc}: ${Math.round(row.ops)} ops/s p50 ${row.p50.toFixed(0)}us p99 ${row.p99.toFixed(0)}us\n`);
}

const [gridPort, clientPort, wsPort, grpcPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
const clientHost = `http://127.0.0.1:${clientPort}`;
const serverHost = `http://127.0.0.1:${gridPort}`;
const script = fileURLToPath(new URL("./server.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", script, clientHost, serverHost, String(gridPort), String(wsPort), String(grpcPort)], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise<void>((resolve, reject) => {
  child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
  child.once("exit", (c) => reject(new Error(`bench server exited ${c}`)));
});

try {
  const m = new Manager({ local: clientHost, hosts: [clientHost, serverHost] });
  m.registerStream(78, async function* () {}, { subroute: "some-subroute", outCapacity: 1 });
  m.registerStream(79, async function* () {}, { subroute: "some-subroute", inCapacity: 1, outCapacity: 1 });
  m.registerStream(77, async function* () {}, { inCapacity: 1, outCapacity: 1 });
  await m.listen(clientPort);
  const conn = m.connection(serverHost)!;
  await conn.waitForConnect(AbortSignal.timeout(5000));
  const payload = randomBytes(512);
  const concs = QUICK ? [1, 64] : [1, 8, 64, 256, 512];

  // Raw ws echo: one frame per message on one connection; the ceiling for unmerged messaging.
  const ws = await connectWsEcho(wsPort);
  const Client = grpc.makeGenericClientConstructor(echoService, "Echo");
  const gc = new Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    Echo(b: Buffer, cb: (e: Error | null, r?: Buffer) => void): void;
    Bidi(): grpc.ClientDuplexStream<Buffer, Buffer>;
  };

  // Payload bytes of one rpc round trip (request + response), for MB/s like MinIO's SetBytes.
  const sample = { Num: 1234567n, String: "hello" };
  const RPC_BYTES = TestRequestCodec.encode(sample).length + TestResponseCodec.encode({ OrgNum: sample.Num, OrgString: sample.String, Embedded: sample }).length;

  // Side by side per concurrency (grid, raw ws, grpc-js), so a change in the box's load hits all three alike.
  for (const c of concs) for (let round = 0; round < REPEAT; round++) {
    await point("grid request (bytes)", c, 1024, async () => void (await conn.request(78, payload, { deadline: Date.now() + 30_000 })));
    await point("grid request (rpc, msgp typed)", c, RPC_BYTES, async () => {
      const num = BigInt(Math.floor(Math.random() * 2 ** 31));
      const r = await conn.request(79, TestRequestCodec.encode({ Num: num, String: "hello" }), { deadline: Date.now() + 30_000 });
      if (TestResponseCodec.decode(r!).OrgNum !== num) throw new Error("rpc mismatch");
    });
    await point("raw ws echo (1 frame/msg)", c, 1024, () => ws.echo(payload));
    await point("grpc-js unary echo", c, 1024, () => new Promise<void>((r, j) => gc.Echo(payload, (e) => (e ? j(e) : r()))));
  }
  ws.close();

  const sub = conn.subroute("some-subroute");
  for (const c of QUICK ? [64] : [1, 64]) {
    await point("grid stream responses (10 msgs)", c, 512 * 11, async () => {
      let n = 0;
      for await (const _ of sub.openStream(78, { payload, deadline: Date.now() + 30_000 }).responses) n++;
      if (n !== 10) throw new Error("short stream");
    });
    await point("grid stream request (10 msgs)", c, 512 * 11, async () => {
      const s = sub.openStream(79, { payload, deadline: Date.now() + 30_000 });
      for (let i = 0; i < 10; i++) await s.send(payload);
      await s.closeSend();
      for await (const _ of s.responses) void _;
    });
  }
  await point("grid stream twoway (10+10 msgs)", 64, 512 * 20, async () => {
    const s = conn.openStream(77, { deadline: Date.now() + 30_000 });
    const sender = (async () => {
      for (let i = 0; i < 10; i++) await s.send(payload);
      await s.closeSend();
    })();
    for await (const _ of s.responses) void _;
    await sender;
  });
  await point("grpc-js bidi (10 msgs/stream)", 64, 512 * 20, () => {
    return new Promise<void>((resolve, reject) => {
      const call = gc.Bidi();
      let n = 0;
      call.on("data", () => {
        if (++n === 10) call.end();
      });
      call.on("end", () => resolve());
      call.on("error", reject);
      for (let i = 0; i < 10; i++) call.write(payload);
    });
  });
  gc.close();
  await m.close();

  // Median round per (benchmark, concurrency), in first-seen order.
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${r.name}@${r.conc}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  rows.splice(0, rows.length, ...[...groups.values()].map((g) => [...g].sort((a, b) => a.ops - b.ops)[Math.floor((g.length - 1) / 2)]!));
  console.log("| benchmark | concurrency | ops/s | p50 (µs) | p99 (µs) | MB/s | errors |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.name} | ${r.conc} | ${Math.round(r.ops).toLocaleString("en-US")} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.mbs.toFixed(1)} | ${r.errors} |`);
  console.log("\n| grid request | concurrency | grid ops/s | vs raw ws | vs grpc-js unary |");
  console.log("|---|---|---|---|---|");
  const find = (name: string, c: number): Row | undefined => rows.find((r) => r.name === name && r.conc === c);
  for (const r of rows) {
    if (!r.name.startsWith("grid request")) continue;
    const w = find("raw ws echo (1 frame/msg)", r.conc);
    const g = find("grpc-js unary echo", r.conc);
    const x = (o: Row | undefined): string => (o && o.ops > 0 ? `${(r.ops / o.ops).toFixed(2)}x` : "-");
    console.log(`| ${r.name.replace("grid request ", "")} | ${r.conc} | ${Math.round(r.ops).toLocaleString("en-US")} | ${x(w)} | ${x(g)} |`);
  }
  console.log(`\nops = single requests, streams, or ws/grpc round trips; MB/s counts payload bytes both ways (MinIO's SetBytes). Window ${WINDOW} ms per point after ${WARM} ms warm-up; server in a separate process; request points: median of ${REPEAT} interleaved round(s).`);
} finally {
  child.kill("SIGTERM");
}
process.exit(0);
