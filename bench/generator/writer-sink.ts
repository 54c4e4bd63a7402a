// Issue #4 asks whether emission should write through ts-morph's
// CodeBlockWriter instead of plain line arrays. This bench feeds the bench
// schema's emitted lines (16.5 MB, 5,000 types / 1,000 handlers) through both
// sinks and prints the time of each, so the choice is a measurement.
// Run: npx tsx bench/generator/writer-sink.ts
import { resolve } from "node:path";
import { CodeBlockWriter } from "ts-morph";
import { loadProgram } from "../../idl/index.js";
import { generate } from "../../generator/index.js";
import { benchSources } from "./schema.js";

const sources = benchSources();
const program = loadProgram([...sources.keys()], { readFile: (p) => sources.get(resolve(p))! });
const files = await generate(program, { root: resolve("bench-in"), outDir: resolve("bench-out"), runtime: "grid-gen/runtime", format: false });
const lines = files.flatMap((f) => f.text.split("\n"));

function viaArray(): string {
  const out: string[] = [];
  for (const l of lines) out.push(l);
  return out.join("\n");
}

function viaWriter(): string {
  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useTabs: false, newLine: "\n" });
  for (const l of lines) {
    const t = l.trimStart();
    if (t === "") w.blankLine();
    else w.setIndentationLevel((l.length - t.length) / 2).writeLine(t);
  }
  return w.toString();
}

for (const [name, f] of [["line array + join", viaArray], ["ts-morph CodeBlockWriter", viaWriter]] as const) {
  f(); // warm up
  const t = performance.now();
  const text = f();
  console.log(`${name}: ${(performance.now() - t).toFixed(0)} ms for ${(text.length / 1e6).toFixed(1)} MB`);
}
