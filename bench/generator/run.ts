// Generator scale bench: 5,000 types and 1,000 handlers (10 files of 500
// types and 100 handlers each, structs of mixed shapes), parsed in memory.
// Prints parse, raw emission, and the full formatted generation (what
// `grid-gen gen` writes: the emitter's own prettier layout, prettier only on the
// chunks it cannot vouch for). --full also times prettier over every module
// (the old way, ~1 min here); --long-names uses 20-30 character names.
// Run: npx tsx bench/generator/run.ts [--full] [--long-names]
import { resolve } from "node:path";
import { loadProgram } from "../../idl/index.js";
import { generate } from "../../generator/index.js";
import { formatStats } from "../../generator/format.js";
import { HANDLERS_PER_FILE, TYPES_PER_FILE, benchSources } from "./schema.js";

const sources = benchSources(process.argv.includes("--long-names"));
const FILES = sources.size;
const readFile = (p: string): string => {
  const s = sources.get(resolve(p));
  if (s === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
  return s;
};

let t = performance.now();
const program = loadProgram([...sources.keys()], { readFile });
const parseMs = performance.now() - t;
if (program.diagnostics.length > 0) throw new Error(`bench schema has diagnostics: ${program.diagnostics[0]!.message}`);
const opts = { root: resolve("bench-in"), outDir: resolve("bench-out"), runtime: "grid-gen/runtime" };
t = performance.now();
const raw = await generate(program, { ...opts, format: false });
const emitMs = performance.now() - t;
const bytes = raw.reduce((n, f) => n + f.text.length, 0);
console.log(`${FILES * TYPES_PER_FILE} types, ${FILES * HANDLERS_PER_FILE} handlers, ${(bytes / 1e6).toFixed(1)} MB of TypeScript`);
console.log(`parse+check ${parseMs.toFixed(0)} ms, emit ${emitMs.toFixed(0)} ms (no formatting pass)`);
t = performance.now();
const fast = await generate(program, opts);
const fastMs = performance.now() - t;
console.log(`emit+format ${fastMs.toFixed(0)} ms (prettier ran on ${formatStats.prettierChunks} of ${formatStats.chunks} chunks)`);
console.log(`total formatted generation ${(parseMs + fastMs).toFixed(0)} ms`);
if (process.argv.includes("--full")) {
  t = performance.now();
  const full = await generate(program, { ...opts, format: "full" });
  const same = full.every((f, i) => f.text === fast[i]!.text);
  console.log(`emit+prettier on every module ${(performance.now() - t).toFixed(0)} ms (${same ? "same bytes" : "DIFFERENT bytes"})`);
}
