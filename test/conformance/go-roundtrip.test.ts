// Randomized byte-for-byte interop with Go's tinylib/msgp, both ways, for
// every golden type: TS encodes -> Go decodes and re-encodes -> same bytes;
// Go encodes -> TS decodes and re-encodes -> same bytes. Maps are compared in
// canonical order (Go's map order is random). Seeded: GRID_SEED=<n> replays a
// run, GRID_SEED=random picks a fresh seed; GRID_ROUNDTRIP_N sets values per
// type and direction. Skipped, with the reason, when Go is not installed.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "./any-values.js";
import { arbitraryOf } from "./arbitraries.js";
import { canonicalize } from "../../runtime/msgp/index.js";
import { loadGoldenCodecs } from "./golden-codecs.js";
import type { GoldenCodecs } from "./golden-codecs.js";
import { loadGoldenSchema } from "./golden-schema.js";
import type { GoldenSchema } from "./golden-schema.js";
import { buildHarness, findGo, GoHarness, harnessTypes } from "./go-harness.js";
import { gridTypeName } from "./vector-check.js";
import type { Vector } from "./vector-check.js";
import { vectorPath } from "../vectors/index.js";

const DEFAULT_SEED = 20240416;
const SEED =
  process.env.GRID_SEED === "random"
    ? Math.floor(Math.random() * 2 ** 31)
    : process.env.GRID_SEED
      ? Number(process.env.GRID_SEED)
      : DEFAULT_SEED;
const N = Number(process.env.GRID_ROUNDTRIP_N ?? 2000);
/** Golden declarations that are not payload types of their own on the Go side. */
const NOT_IN_GO = new Set(["OuterAnon", "OuterDeep", "OuterDeepL2"]); // Go anonymous structs

const go = findGo();

function canonHex(hex: string): string {
  return hex === "" ? "" : bytesToHex(canonicalize(hexToBytes(hex)));
}

function replay(type: string): string {
  return `seed ${SEED} (replay: GRID_SEED=${SEED} node scripts/run-tests.mjs go-roundtrip), type ${type}`;
}

// Without Go: one skipped test whose reason says why, counted in the summary.
if (!go.ok) test("Go msgp round trip", { skip: go.reason }, () => {});

describe("Go msgp round trip", { skip: go.ok ? false : go.reason }, () => {
  let harness: GoHarness | undefined;
  let schema: GoldenSchema;
  let codecs: GoldenCodecs;
  let types: string[] = [];

  before(async () => {
    const bin = buildHarness();
    schema = loadGoldenSchema();
    codecs = await loadGoldenCodecs();
    const inGo = new Set(harnessTypes(bin));
    const expected = [...schema.decls.values()]
      .filter((d) => d.decl.kind !== "extension" && !NOT_IN_GO.has(d.decl.name))
      .map((d) => d.decl.name);
    const missing = expected.filter((t) => !inGo.has(t));
    assert.deepEqual(missing, [], "golden types without a Go twin in interop/go/registry.go");
    types = expected;
    harness = new GoHarness(bin);
  });

  after(async () => {
    await harness?.close();
  });

  const golden = vectorPath("msgp-golden.json");
  test("the Go twins read and rewrite every golden vector", { skip: existsSync(golden) ? false : `no ${golden}` }, async () => {
    // Guards the harness itself: its types must be the ones the vectors came from.
    // Where msgp's decoder changes the value (`decoded` present) only the read is checked.
    const vectors = (JSON.parse(readFileSync(golden, "utf8")) as { vectors: Vector[] }).vectors;
    const failures: string[] = [];
    for (const v of vectors) {
      const [r] = await (harness as GoHarness).roundtrip(gridTypeName(v.type), [v.hex]);
      if (!r?.ok) failures.push(`${v.name}: Go cannot read its own vector: ${r?.error}`);
      else if (v.decoded === undefined && canonHex(r.hex) !== canonHex(v.hex)) {
        failures.push(`${v.name}: want ${v.hex}, Go re-encoded ${r.hex}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test("every golden type, TS -> Go -> TS and Go -> TS -> Go", async (t) => {
    const h = harness as GoHarness;
    t.diagnostic(`${go.ok ? go.version : ""}; codecs: ${codecs.source}; seed ${SEED}; ${N} values per type and direction`);
    const failures: string[] = [];
    let checked = 0;
    for (const type of types) {
      const codec = codecs.get(type);
      if (!codec) {
        failures.push(`${type}: no TS codec in ${codecs.source}`);
        continue;
      }
      // TS encodes random values; Go must decode them and write the same bytes.
      const values = fc.sample(arbitraryOf(schema, type), { seed: SEED, numRuns: N });
      const tsHexes: string[] = [];
      for (const v of values) {
        try {
          tsHexes.push(bytesToHex(codec.encode(v)));
        } catch (err) {
          failures.push(`${type}: TS encode threw ${String(err)} (${replay(type)})`);
          break;
        }
      }
      const back = await h.roundtrip(type, tsHexes);
      let bad = 0;
      back.forEach((r, i) => {
        const sent = tsHexes[i] as string;
        if (!r.ok) {
          if (bad++ < 3) failures.push(`${type} TS->Go #${i}: Go rejects ${sent}: ${r.error} (${replay(type)})`);
        } else if (canonHex(r.hex) !== canonHex(sent)) {
          if (bad++ < 3) failures.push(`${type} TS->Go #${i}: TS wrote ${sent}, Go re-encoded ${r.hex} (${replay(type)})`);
        }
      });
      // Go encodes random values; TS must decode them and write the same bytes.
      const goHexes = await h.random(type, SEED, N);
      goHexes.forEach((hex, i) => {
        let again: string;
        try {
          again = bytesToHex(codec.encode(codec.decode(hexToBytes(hex))));
        } catch (err) {
          if (bad++ < 3) failures.push(`${type} Go->TS #${i}: TS cannot read ${hex}: ${String(err)} (${replay(type)})`);
          return;
        }
        if (canonHex(again) !== canonHex(hex)) {
          if (bad++ < 3) failures.push(`${type} Go->TS #${i}: Go wrote ${hex}, TS re-encoded ${again} (${replay(type)})`);
        }
      });
      checked += tsHexes.length + goHexes.length;
    }
    t.diagnostic(`${types.length} types, ${checked} values checked`);
    assert.deepEqual(failures, [], `Go round trip failed (${replay("*")})`);
  });
});
