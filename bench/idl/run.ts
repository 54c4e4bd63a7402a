// Front-end speed: parse + check a synthetic program of 1,000 handlers and
// 5,000 types (target: well under a second), plus fmt of the largest file.
// Run: npx tsx bench/idl/run.ts
import { formatGrid, loadProgram } from "../../idl/index.js";
import { syntheticProgram } from "./synthetic.js";

const prog = syntheticProgram(5000, 1000);
const bytes = [...prog.files.values()].reduce((n, t) => n + t.length, 0);
const lines = [...prog.files.values()].reduce((n, t) => n + t.split("\n").length, 0);
const load = () =>
  loadProgram([prog.entry], {
    readFile: (p) => {
      const t = prog.files.get(p);
      if (t === undefined) throw Object.assign(new Error("absent"), { code: "ENOENT" });
      return t;
    },
  });

// The first run includes chevrotain's grammar analysis and JIT warm-up.
let t0 = performance.now();
const first = load();
const coldMs = performance.now() - t0;
if (first.diagnostics.length > 0) {
  console.error(`synthetic program has ${first.diagnostics.length} diagnostics, first: ${first.diagnostics[0]?.message}`);
  process.exit(1);
}
// CPU time as well as wall time: the bench machine is shared, so wall time alone misleads.
const runs: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  const c0 = process.cpuUsage();
  load();
  const c = process.cpuUsage(c0);
  runs.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
}
runs.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const part = prog.files.get("/bench/part0.grid") ?? "";
t0 = performance.now();
formatGrid(part, "part0.grid");
const fmtMs = performance.now() - t0;

console.log(`idl front end: ${prog.handlers} handlers, ${prog.types} types, ${prog.files.size} files, ${lines} lines, ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`  parse+check cold (first run): ${coldMs.toFixed(1)} ms`);
console.log(`  parse+check warm: median ${runs[2]?.toFixed(1)} ms, min ${runs[0]?.toFixed(1)} ms, max ${runs[4]?.toFixed(1)} ms wall (5 runs)`);
console.log(`  parse+check warm CPU time (incl. GC threads): median ${cpu[2]?.toFixed(1)} ms, min ${cpu[0]?.toFixed(1)} ms`);
console.log(`  fmt of one ${part.split("\n").length}-line file: ${fmtMs.toFixed(1)} ms`);
