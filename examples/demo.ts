// `npm run demo`: the README's main job. It regenerates the repo's typed code
// (when the generator is present), then runs a dsync lock cluster of four
// node processes on loopback: workers on two nodes contend for the same
// resources, one lock server is killed mid-run and restarted, every grant and
// release is printed, and the last line says whether mutual exclusion held.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { findExclusionViolations, type Hold } from "../dsync/exclusion-check.js";

interface Event {
  ev: string;
  who?: string;
  node?: number;
  resource?: string;
  mode?: "read" | "write";
  t: number;
}

const NODES = 4;
const RUN_MS = Number(process.env.DEMO_MS ?? 6000);
const RESOURCES = ["bucket/photo.jpg", "bucket/report.pdf"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function generate(): void {
  if (!existsSync("cli/gen.ts")) {
    console.log("== generate: skipped (the generator is not in this checkout yet)");
    return;
  }
  console.log("== generate: grid-gen gen (schemas/ -> generated/)");
  const r = spawnSync(process.execPath, ["bin/grid-gen.js", "gen"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`grid-gen gen failed with exit code ${r.status}`);
}

const events: Event[] = [];
const t0 = performance.timeOrigin + performance.now();
const rel = (t: number) => `${((t - t0) / 1000).toFixed(3)}s`.padStart(8);

function startNode(index: number, ports: number[], workers: number): ChildProcess {
  const args = JSON.stringify({ index, ports, workers, runMs: RUN_MS, resources: RESOURCES });
  const child = spawn(process.execPath, ["--import", "tsx", "examples/demo-node.ts", args], { stdio: ["ignore", "pipe", "inherit"] });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let e: Event;
    try {
      e = JSON.parse(line) as Event;
    } catch {
      console.log(`[node ${index}] ${line}`);
      return;
    }
    events.push(e);
    if (e.ev === "grant" || e.ev === "release") console.log(`${rel(e.t)}  ${e.who!.padEnd(6)} ${e.ev.padEnd(7)} ${e.mode!.padEnd(5)} ${e.resource}`);
    else if (e.ev === "timeout") console.log(`${rel(e.t)}  ${e.who!.padEnd(6)} gave up after 3 s on ${e.resource} (${e.mode})`);
    else if (e.ev === "up") console.log(`${rel(e.t)}  node ${e.node} up`);
  });
  return child;
}

/** Pairs grants with releases per worker and asks dsync's shared checker whether any writer overlapped anyone. */
function checkMutualExclusion(): { holds: number; violations: string[] } {
  const open = new Map<string, Event>();
  const holds: Hold[] = [];
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    const key = `${e.who}|${e.resource}`;
    if (e.ev === "grant") open.set(key, e);
    if (e.ev === "release") {
      const g = open.get(key);
      if (g) holds.push({ who: e.who!, resource: e.resource!, write: e.mode === "write", from: g.t, to: e.t });
      open.delete(key);
    }
  }
  return { holds: holds.length, violations: findExclusionViolations(holds).map((v) => v.text) };
}

async function main(): Promise<void> {
  generate();
  const ports = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  console.log(`== dsync demo: ${NODES} lock nodes on 127.0.0.1:${ports.join(",")}; workers on nodes 0 and 1; ${RUN_MS} ms`);
  const children: ChildProcess[] = [];
  for (let i = 0; i < NODES; i++) children.push(startNode(i, ports, i < 2 ? 3 : 0));
  const victim = NODES - 1;
  setTimeout(() => {
    console.log(`${rel(performance.timeOrigin + performance.now())}  *** killing lock node ${victim} (SIGKILL)`);
    children[victim]!.kill("SIGKILL");
  }, RUN_MS * 0.35);
  setTimeout(() => {
    console.log(`${rel(performance.timeOrigin + performance.now())}  *** restarting lock node ${victim}`);
    children[victim] = startNode(victim, ports, 0);
  }, RUN_MS * 0.6);
  const workersDone = children.slice(0, 2).map((c) => new Promise<number | null>((r) => c.once("exit", r)));
  // Workers print "done" and then keep serving; wait for both "done" events.
  while (events.filter((e) => e.ev === "done").length < 2) {
    if (performance.timeOrigin + performance.now() - t0 > RUN_MS + 60_000) throw new Error("workers did not finish in time");
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const c of children) c.kill("SIGTERM");
  await Promise.race([Promise.all(workersDone), new Promise((r) => setTimeout(r, 3000))]);
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  const { holds, violations } = checkMutualExclusion();
  const timeouts = events.filter((e) => e.ev === "timeout").length;
  for (const v of violations.slice(0, 10)) console.log(`VIOLATION: ${v}`);
  console.log(
    violations.length === 0
      ? `mutual exclusion held: ${holds} grants, no writer overlapped another holder (${timeouts} acquisitions timed out)`
      : `mutual exclusion VIOLATED: ${violations.length} overlaps in ${holds} grants`,
  );
  process.exitCode = violations.length === 0 && holds > 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
