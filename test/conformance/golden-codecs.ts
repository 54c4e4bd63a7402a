// The one adapter between the conformance checks and the codecs under test:
// finds, for a golden type name, an {encode, decode} pair. It prefers the
// codecs grid-gen generated from schemas/golden into generated/golden; until
// those exist it falls back to the temporary interpreting codec, and says so.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GoldenSchema } from "./golden-schema.js";
import { interpretingCodecs } from "./tmp-interp-codec.js";

/** What the checks need of a codec: MarshalMsg and UnmarshalMsg in TS. */
export interface Codec {
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** The codecs of all golden types and where they came from. */
export interface GoldenCodecs {
  /** "generated/golden" or "temporary interpreter (...)". */
  readonly source: string;
  get(typeName: string): Codec | undefined;
}

/** Where grid-gen writes the code generated from schemas/golden. */
export const GENERATED_GOLDEN_DIR = "generated/golden";

type Fn = (...args: unknown[]) => unknown;

/**
 * Looks a type up in the exports of the generated modules. Accepted shapes:
 * `codecs[Name] = {encode, decode}`, `NameCodec = {encode, decode}`, or the
 * function pair `encodeName(v)` / `decodeName(bytes)`.
 */
function fromModules(mods: Record<string, unknown>[], name: string): Codec | undefined {
  for (const m of mods) {
    const table = m["codecs"] as Record<string, Codec> | undefined;
    const c = table?.[name] ?? (m[`${name}Codec`] as Codec | undefined);
    if (c && typeof c.encode === "function" && typeof c.decode === "function") {
      return { encode: (v) => c.encode(v), decode: (b) => c.decode(b) };
    }
    const e = m[`encode${name}`] as Fn | undefined;
    const d = m[`decode${name}`] as Fn | undefined;
    if (typeof e === "function" && typeof d === "function") {
      return { encode: (v) => e(v) as Uint8Array, decode: (b) => d(b) };
    }
  }
  return undefined;
}

/** Loads the golden codecs (generated when present, else temporary). */
export async function loadGoldenCodecs(schema: GoldenSchema, root: string = process.cwd()): Promise<GoldenCodecs> {
  const dir = resolve(root, GENERATED_GOLDEN_DIR);
  const files = existsSync(dir) ? listTs(dir) : [];
  if (files.length > 0) {
    const mods: Record<string, unknown>[] = [];
    for (const f of files) mods.push((await import(pathToFileURL(f).href)) as Record<string, unknown>);
    return { source: GENERATED_GOLDEN_DIR, get: (name) => fromModules(mods, name) };
  }
  const tmp = interpretingCodecs(schema);
  return {
    source: `temporary interpreter (test/conformance/tmp-interp-codec.ts; ${GENERATED_GOLDEN_DIR} not generated yet)`,
    get: (name) => tmp.get(name),
  };
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}
