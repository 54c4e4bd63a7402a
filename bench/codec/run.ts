// Codec benchmark: our typed msgp codecs vs msgpackr and @msgpack/msgpack on
// the same values, in one run. Prints ops per CPU-second per library and shape, and our
// ratio against msgpackr (> 1.00 means we are faster).
import assert from "node:assert/strict";
import { pack, unpack, Packr } from "msgpackr";
import { encode as mpEncode, decode as mpDecode } from "@msgpack/msgpack";
import { MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";
import { SHAPES } from "./shapes.js";
import { GENERATED_SHAPES } from "./generated-shapes.js";

const BUDGET_MS = Number(process.env.BENCH_MS ?? 100);
/** Rounds per cell; libraries take turns each round and the best round counts, which damps noise from other processes on a shared machine. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
let sink = 0;

/**
 * Runs fn in growing batches for about BUDGET_MS of this process's CPU time
 * and returns ops per CPU-second. CPU time, not wall time: the machine is
 * shared, and time slices lost to other processes would otherwise count.
 */
function measureOnce(fn: () => unknown): number {
  let ops = 0;
  const budgetUs = BUDGET_MS * 1000;
  const start = process.cpuUsage();
  let usedUs = 0;
  let batch = 64;
  while (usedUs < budgetUs) {
    for (let i = 0; i < batch; i++) if (fn() !== undefined) sink++;
    ops += batch;
    const d = process.cpuUsage(start);
    usedUs = d.user + d.system;
    if (batch < 65536) batch *= 2;
  }
  return (ops * 1e6) / usedUs;
}

/** Best ops per CPU-second of each contender over ROUNDS interleaved rounds (after a warm-up of each). */
function race(fns: (() => unknown)[]): number[] {
  for (const fn of fns) for (let i = 0; i < 2000; i++) fn();
  const best = fns.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (k + r) % fns.length;
      best[i] = Math.max(best[i]!, measureOnce(fns[i]!));
    }
  }
  return best;
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`).padStart(8);

const records = new Packr({ useRecords: false });
const writer = new MsgpWriter(1 << 17);
const rows: string[] = [];
rows.push(`${"shape".padEnd(26)} ${"op".padEnd(6)} ${"grid-gen".padStart(8)} ${"msgpackr".padStart(8)} ${"Packr*".padStart(8)} ${"@msgpack".padStart(8)}  ratio vs msgpackr`);
for (const s of [...SHAPES, ...GENERATED_SHAPES]) {
  const ours = (() => {
    writer.reset();
    s.encode(writer, s.value);
    return writer.finish();
  })();
  const theirs = pack(s.plain);
  // Sanity before timing: our codec round-trips the value, and a generic decoder accepts our bytes.
  assert.deepStrictEqual(s.decode(new MsgpReader(ours)), s.value, s.name);
  unpack(ours);
  const [encOurs, encPackr, encRecords, encMp] = race([
    () => {
      s.encode(writer, s.value);
      return writer.finish();
    },
    () => pack(s.plain),
    () => records.pack(s.plain),
    () => mpEncode(s.plain),
  ]) as [number, number, number, number];
  rows.push(`${s.name.padEnd(26)} ${"encode".padEnd(6)} ${fmt(encOurs)} ${fmt(encPackr)} ${fmt(encRecords)} ${fmt(encMp)}  ${(encOurs / encPackr).toFixed(2)}x`);
  const [decOurs, decPackr, decRecords, decMp] = race([
    () => s.decode(new MsgpReader(ours)),
    () => unpack(theirs),
    () => records.unpack(theirs),
    () => mpDecode(theirs),
  ]) as [number, number, number, number];
  rows.push(`${s.name.padEnd(26)} ${"decode".padEnd(6)} ${fmt(decOurs)} ${fmt(decPackr)} ${fmt(decRecords)} ${fmt(decMp)}  ${(decOurs / decPackr).toFixed(2)}x`);
}
console.log(rows.join("\n"));
console.log("(rows without \"gen\": hand-written codecs in the generator's style over runtime/msgp; \"gen\" rows: the codecs in generated/)");
console.log(`(ops per CPU-second; Packr* = msgpackr Packr{useRecords:false}; best of ${ROUNDS} interleaved rounds of ${BUDGET_MS} ms; node ${process.version}; sink ${sink > 0 ? "ok" : "?"})`);
