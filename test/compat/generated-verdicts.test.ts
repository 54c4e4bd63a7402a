// The acceptance check with the real generator: for every corpus case whose
// handler types are structs, generate TypeScript codecs for the OLD and the NEW
// schema into a temp dir (generator/ + idl front end), encode samples with the
// old generated codec, decode with the new one (and the reverse), and require
// the outcome the checker predicts (same rules as codec-verdicts.test.ts).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TypeRef } from "../../idl/ast.js";
import { loadProgram } from "../../idl/index.js";
import { loadSchemaSet, type SchemaSet } from "../../idl/compat/load.js";
import { gridFilesUnder } from "../../idl/compat/sources.js";
import { generate, outputPathFor } from "../../generator/index.js";
import { CASES_DIR, listCases, readExpected } from "./corpus.js";
import { assertAgreement, loadCore, runDirection, typePairs, TYPE_RULES, type TypePair } from "./verdicts.js";

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

const core = await loadCore();
const tmp = mkdtempSync(join(tmpdir(), "compat-gen-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const read = (p: string) => readFileSync(p, "utf8");
const verified = new Set<string>();

/** Why a case cannot use generated codecs here (value shapes this test does not model), or undefined. */
function ineligible(set: SchemaSet, pairs: TypePair[]): string | undefined {
  if (pairs.length === 0) return "no handler present in both versions";
  for (const p of pairs) {
    for (const side of [p.o, p.n]) {
      if (side.ref.kind !== "named") return "a handler type is not a named struct (no standalone generated codec)";
      const hit = set.lookup(side.file, side.ref.name) ?? undefined;
      if (hit && hit.decl.kind !== "struct") return "a handler type is not a struct";
    }
  }
  const deep = (t: TypeRef): boolean =>
    (t.kind === "scalar" && t.name === "any") ||
    t.kind === "json" ||
    ((t.kind === "list" || t.kind === "gridArray" || t.kind === "array") && deep(t.elem)) ||
    (t.kind === "map" && deep(t.value)) ||
    (t.kind === "optional" && deep(t.inner));
  for (const f of set.files) {
    if (f.options.some((o) => o.name === "int64" && o.value === "string")) return "int64 as string (different TS value shape)";
    for (const d of f.types) {
      if (d.kind !== "struct") continue;
      for (const x of d.fields) if (x.int64 === "string" || deep(x.type)) return "int64 as string or any/json values (different TS value shapes)";
    }
  }
  return undefined;
}

/** True when some 64-bit int of the set maps to a JS number (values beyond 2^53 cannot be represented). */
function usesNumberInt64(set: SchemaSet): boolean {
  return set.files.some(
    (f) => f.options.some((o) => o.name === "int64" && o.value === "number") || f.types.some((d) => d.kind === "struct" && d.fields.some((x) => x.int64 === "number")),
  );
}

/** False for sample values holding an integer beyond ±(2^53-1), which number-mapped fields cannot carry in TS. */
function fitsNumber(v: unknown): boolean {
  if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER);
  if (Array.isArray(v)) return v.every(fitsNumber);
  if (v instanceof Map) return [...v.values()].every(fitsNumber);
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) return Object.values(v as object).every(fitsNumber);
  return true;
}

/** Generates the TypeScript codecs of one side of a case into the temp dir. */
async function generateSide(name: string, side: "old" | "new"): Promise<void> {
  const root = join(CASES_DIR, name, side);
  const outDir = join(tmp, name, side);
  const files = await generate(loadProgram(gridFilesUnder(root)), { root, outDir, runtime: resolve("runtime"), format: false });
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
  }
}

/** Imports the generated module of every .grid file of one side, keyed by the .grid's absolute path. */
async function importAll(name: string, side: "old" | "new"): Promise<Map<string, Record<string, unknown>>> {
  const root = join(CASES_DIR, name, side);
  const outDir = join(tmp, name, side);
  const out = new Map<string, Record<string, unknown>>();
  for (const g of gridFilesUnder(root)) {
    const path = outputPathFor(g, { root, outDir });
    out.set(resolve(g), (await import(pathToFileURL(path).href)) as Record<string, unknown>);
  }
  return out;
}

for (const name of listCases()) {
  test(`generated codecs agree with the checker: ${name}`, async (t) => {
    if (!core) return t.skip("runtime/msgp is not available");
    const oldSet = await loadSchemaSet(gridFilesUnder(join(CASES_DIR, name, "old")), read);
    const newSet = await loadSchemaSet(gridFilesUnder(join(CASES_DIR, name, "new")), read);
    const pairs = typePairs(oldSet, newSet);
    const why = ineligible(oldSet, pairs) ?? ineligible(newSet, pairs);
    if (why) return t.skip(why);
    await generateSide(name, "old");
    await generateSide(name, "new");
    const oldMods = await importAll(name, "old");
    const newMods = await importAll(name, "new");
    const codec = (set: SchemaSet, mods: Map<string, Record<string, unknown>>, side: TypePair["o"]): Codec => {
      const hit = set.lookup(side.file, (side.ref as { name: string }).name)!;
      const mod = mods.get(resolve(hit.file.path));
      const c = mod?.[`${hit.decl.name}Codec`] as Codec | undefined;
      assert.ok(c, `no generated ${hit.decl.name}Codec for ${hit.file.path}`);
      return c;
    };
    const keep = usesNumberInt64(oldSet) || usesNumberInt64(newSet) ? fitsNumber : () => true;
    const results = pairs.map((p) => {
      const oc = codec(oldSet, oldMods, p.o);
      const nc = codec(newSet, newMods, p.n);
      return {
        p,
        o2n: runDirection(core, oldSet, p.o, newSet, p.n, (v) => nc.decode(oc.encode(v)), keep),
        n2o: runDirection(core, newSet, p.n, oldSet, p.o, (v) => oc.decode(nc.encode(v)), keep),
      };
    });
    for (const r of assertAgreement(readExpected(name).findings.map((f) => f.rule), results)) verified.add(r);
  });
}

test("generated codecs confirmed every struct-level type-change rule", (t) => {
  if (!core) return t.skip("runtime/msgp is not available");
  const handlerLevel = new Set(["HANDLER_PAYLOAD_TYPE_CHANGED", "HANDLER_INPUT_TYPE_CHANGED", "HANDLER_OUTPUT_TYPE_CHANGED"]);
  const missing = TYPE_RULES.filter((r) => !handlerLevel.has(r) && !verified.has(r));
  assert.deepEqual(missing, [], `struct-level type rules without a generated-codec case: ${missing.join(", ")}`);
});
