// `npm run soak`: the opt-in, time-bounded robustness run that does not fit in `npm test`.
// SOAK_SECONDS (default 120) is split across the phases by weight; SOAK_SEED (default: random,
// always printed) makes the inputs reproducible; SOAK_PHASES=idl,msgp picks phases;
// SOAK_REPLAY=<phase>:<iteration> reruns the one iteration a failure report names.
// Exit code 1 when any phase found a failure (or crashed), 0 otherwise.
import { idlPhase } from "./idl-phase.js";
import { msgpPhase } from "./msgp-phase.js";
import { wirePhase } from "./wire-phase.js";
import { dsyncPhase } from "./dsync-phase.js";

import { describeError, type Phase, type PhaseResult } from "./phase.js";

const ALL: Phase[] = [idlPhase, msgpPhase, wirePhase, dsyncPhase];

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`soak: ${name}=${JSON.stringify(raw)} is not a non-negative number; unset it or give e.g. ${name}=${fallback}`);
    process.exit(2);
  }
  return n;
}

const totalSeconds = envNumber("SOAK_SECONDS", 120);
const seed = envNumber("SOAK_SEED", Math.floor(Math.random() * 2 ** 31)) >>> 0;
const replay = process.env["SOAK_REPLAY"]?.match(/^([a-z]+):(\d+)$/);
if (process.env["SOAK_REPLAY"] && !replay) {
  console.error(`soak: SOAK_REPLAY must look like "idl:42" (phase:iteration), got ${JSON.stringify(process.env["SOAK_REPLAY"])}`);
  process.exit(2);
}
const wanted = replay ? [replay[1]!] : (process.env["SOAK_PHASES"] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
const unknown = wanted.filter((w) => !ALL.some((p) => p.name === w));
if (unknown.length > 0) {
  console.error(`soak: unknown phase ${unknown.join(", ")}; phases are ${ALL.map((p) => p.name).join(", ")}`);
  process.exit(2);
}
const phases = wanted.length === 0 ? ALL : ALL.filter((p) => wanted.includes(p.name));

console.log(`soak: seed ${seed}, ${totalSeconds} s over ${phases.map((p) => p.name).join(", ")} (reproduce with SOAK_SEED=${seed})`);

const runStart = Date.now();
const endOfRun = runStart + totalSeconds * 1000;
const summary: string[] = [];
let failed = false;

for (const [k, phase] of phases.entries()) {
  const t0 = Date.now();
  // Each phase gets its weight's share of what is left, so a slow start-up early does not starve the last phase.
  const left = Math.max(0, endOfRun - t0);
  const restWeight = phases.slice(k).reduce((s, p) => s + p.weight, 0);
  const budget = (left * phase.weight) / restWeight;
  let result: PhaseResult;
  try {
    result = await phase.run({
      seed,
      deadline: t0 + budget,
      only: replay ? Number(replay[2]) : undefined,
      log: (line) => console.error(line),
    });
  } catch (e) {
    const d = describeError(e);
    result = { iterations: 0, failures: [{ iteration: -1, what: `phase crashed: ${d.message}`, input: "(none)", stack: d.stack }] };
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const failing = Math.max(result.failingIterations ?? 0, result.failures.length);
  if (failing > 0) failed = true;
  for (const f of result.failures) {
    console.log(`FAIL ${phase.name} seed=${seed} iteration=${f.iteration}: ${f.what}`);
    console.log(`  reproduce: SOAK_SEED=${seed} SOAK_REPLAY=${phase.name}:${f.iteration} npm run soak`);
    console.log(`  minimal input: ${f.input}`);
    if (f.stack) console.log(`  stack: ${f.stack.split("\n").join("\n    ")}`);
  }
  summary.push(`${phase.name}: iterations=${result.iterations} failures=${failing} time=${secs}s${result.notes ? ` ${result.notes}` : ""}`);
}

console.log(`soak summary (seed ${seed}, ${((Date.now() - runStart) / 1000).toFixed(1)} s):`);
for (const line of summary) console.log(`  ${line}`);
console.log(failed ? "soak: FAILED" : "soak: ok");
process.exit(failed ? 1 : 0);
