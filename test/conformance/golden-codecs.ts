// The one adapter between the conformance checks and the codecs under test:
// finds, for a golden type name, the {encode, decode} pair grid-gen generated
// from schemas/golden into generated/golden (`<Name>Codec` exports).
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** What the checks need of a codec: MarshalMsg and UnmarshalMsg in TS. */
export interface Codec {
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** The codecs of all golden types and where they came from. */
export interface GoldenCodecs {
  /** Where the codecs came from, for messages. */
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

/** Imports every module of generated/golden; fails with a hint when it was not generated. */
export async function loadGoldenCodecs(root: string = process.cwd()): Promise<GoldenCodecs> {
  const dir = resolve(root, GENERATED_GOLDEN_DIR);
  const files = existsSync(dir) ? listTs(dir) : [];
  if (files.length === 0) {
    throw new Error(`${GENERATED_GOLDEN_DIR} holds no generated code: run \`npx tsx cli.ts gen\` (grid-gen) first`);
  }
  const mods: Record<string, unknown>[] = [];
  for (const f of files) mods.push((await import(pathToFileURL(f).href)) as Record<string, unknown>);
  return { source: GENERATED_GOLDEN_DIR, get: (name) => fromModules(mods, name) };
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
