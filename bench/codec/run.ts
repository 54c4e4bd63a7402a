// Codec benchmark: our typed msgp codecs vs msgpackr and @msgpack/msgpack on
// the same values, in one run. Prints ops/s per library and shape, and our
// ratio against msgpackr (> 1.00 means we are faster).
import { pack, unpack, Packr } from "msgpackr";
import { encode as mpEncode, decode as mpDecode } from "@msgpack/msgpack";
import { MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";
import { SHAPES } from "./shapes.js";

const BUDGET_MS = Number(process.env.BENCH_MS ?? 400);
let sink = 0;

/** Runs fn in growing batches for about BUDGET_MS after a warm-up; returns ops/s. */
function measure(fn: () => unknown): number {
  for (let i = 0; i < 2000; i++) fn();
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(BUDGET_MS) * 1_000_000n;
  let batch = 256;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < batch; i++) if (fn() !== undefined) sink++;
    ops += batch;
    now = process.hrtime.bigint();
    if (batch < 65536) batch *= 2;
  }
  return (ops * 1e9) / Number(now - start);
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`).padStart(8);

const records = new Packr({ useRecords: false });
const writer = new MsgpWriter(1 << 17);
const rows: string[] = [];
rows.push(`${"shape".padEnd(26)} ${"op".padEnd(6)} ${"grid-gen".padStart(8)} ${"msgpackr".padStart(8)} ${"Packr*".padStart(8)} ${"@msgpack".padStart(8)}  ratio vs msgpackr`);
for (const s of SHAPES) {
  const ours = (() => {
    writer.reset();
    s.encode(writer, s.value);
    return writer.finish();
  })();
  const theirs = pack(s.plain);
  const encOurs = measure(() => {
    writer.reset();
    s.encode(writer, s.value);
    return writer.finish();
  });
  const encPackr = measure(() => pack(s.plain));
  const encRecords = measure(() => records.pack(s.plain));
  const encMp = measure(() => mpEncode(s.plain));
  rows.push(`${s.name.padEnd(26)} ${"encode".padEnd(6)} ${fmt(encOurs)} ${fmt(encPackr)} ${fmt(encRecords)} ${fmt(encMp)}  ${(encOurs / encPackr).toFixed(2)}x`);
  const decOurs = measure(() => s.decode(new MsgpReader(ours)));
  const decPackr = measure(() => unpack(theirs));
  const decRecords = measure(() => records.unpack(theirs));
  const decMp = measure(() => mpDecode(theirs));
  rows.push(`${s.name.padEnd(26)} ${"decode".padEnd(6)} ${fmt(decOurs)} ${fmt(decPackr)} ${fmt(decRecords)} ${fmt(decMp)}  ${(decOurs / decPackr).toFixed(2)}x`);
}
console.log(rows.join("\n"));
console.log(`(ops/s; Packr* = msgpackr Packr{useRecords:false}; ${BUDGET_MS} ms per cell; node ${process.version}; sink ${sink > 0 ? "ok" : "?"})`);
