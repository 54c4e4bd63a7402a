// Phase "msgp": every generated decoder (each exported `XCodec` of generated/**) gets random bytes,
// truncations, bit flips, lying headers and structurally mutated values of valid encodings.
// Invariants: decode returns or throws MsgpDecodeError, nothing else, and does not hang; a decoded
// value re-encodes, and that encoding decodes and re-encodes to the same bytes (a fixed point);
// every valid seed encoding our encoder wrote re-encodes to exactly its own bytes.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { MsgpDecodeError, MsgpReader, MsgpWriter, fromHex, type MsgpAny } from "../../runtime/msgp/index.js";
import { describeError, hex, iterations, type Phase, type PhaseContext, type PhaseResult, type SoakFailure } from "./phase.js";
import { iterationSeed, soakRng, type SoakRng } from "./rng.js";
import { shrinkBytes } from "./shrink.js";
import { vectorPath } from "../../test/vectors/index.js";

/** A decoder taking this long on a few hundred bytes is hung (a lying header walked byte by byte?). */
const HANG_MS = 2000;

interface NamedCodec {
  /** `generated/x.ts#NameCodec`, for reports. */
  name: string;
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
  /** Valid encodings of this type: golden vectors and our own zero value. */
  seeds: Uint8Array[];
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Imports every generated module and collects its exported codec objects with their seeds. */
export async function loadGeneratedCodecs(): Promise<NamedCodec[]> {
  const vectors = (JSON.parse(readFileSync(vectorPath("msgp-golden.json"), "utf8")) as { vectors: { type: string; hex: string }[] }).vectors;
  const codecs: NamedCodec[] = [];
  for (const file of listTs("generated")) {
    const mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    for (const [exp, val] of Object.entries(mod)) {
      if (!exp.endsWith("Codec") || typeof val !== "object" || val === null) continue;
      const c = val as { encode?: unknown; decode?: unknown };
      if (typeof c.encode !== "function" || typeof c.decode !== "function") continue;
      const type = exp.slice(0, -"Codec".length);
      const encode = (v: unknown): Uint8Array => Uint8Array.from((c.encode as (v: unknown) => Uint8Array).call(c, v));
      const decode = (b: Uint8Array): unknown => (c.decode as (b: Uint8Array) => unknown).call(c, b);
      const seeds = vectors.filter((v) => v.type === type).map((v) => fromHex(v.hex));
      const create = mod[`create${type}`];
      if (typeof create === "function") seeds.push(encode((create as () => unknown)()));
      codecs.push({ name: `${file}#${exp}`, encode, decode, seeds });
    }
  }
  return codecs;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** A broken invariant: what, and the stack of the unexpected error if there was one. */
type Finding = { what: string; stack?: string };

/** The invariants on one input: a finding, or whether the decoder accepted ("decoded") or refused it. */
export function checkDecoder(c: NamedCodec, input: Uint8Array, exactReencode: boolean): Finding | "decoded" | "refused" {
  let value: unknown;
  const t0 = Date.now();
  try {
    value = c.decode(input);
  } catch (e) {
    if (Date.now() - t0 > HANG_MS) return { what: `decode took ${Date.now() - t0} ms before failing (hang?)` };
    if (e instanceof MsgpDecodeError) return "refused";
    const d = describeError(e);
    return { what: `decode threw ${d.message} (only MsgpDecodeError may escape)`, stack: d.stack };
  }
  if (Date.now() - t0 > HANG_MS) return { what: `decode took ${Date.now() - t0} ms (hang?)` };
  let first: Uint8Array;
  try {
    first = c.encode(value);
  } catch (e) {
    const d = describeError(e);
    return { what: `a decoded value does not re-encode: ${d.message}`, stack: d.stack };
  }
  if (exactReencode && !equalBytes(first, input)) return { what: `valid encoding re-encodes differently: ${hex(first)}` };
  let second: Uint8Array;
  try {
    second = c.encode(c.decode(first));
  } catch (e) {
    const d = describeError(e);
    return { what: `our own encoding ${hex(first)} does not decode and re-encode: ${d.message}`, stack: d.stack };
  }
  if (!equalBytes(first, second)) return { what: `re-encoding is not a fixed point: ${hex(first)} -> ${hex(second)}` };
  return "decoded";
}

/** Type bytes that announce lengths or odd kinds: where decoders are most likely to trust too much. */
const NASTY = [0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x90, 0x9f, 0x80, 0x8f, 0xa0, 0xbf, 0xff, 0xe0, 0x7f];

/** A random MsgpAny of small size (replacement nodes for structural mutations). */
function randomAny(rng: SoakRng, depth = 0): MsgpAny {
  switch (rng.int(depth > 2 ? 9 : 11)) {
    case 0: return { kind: "nil" };
    case 1: return { kind: "bool", value: rng.chance(0.5) };
    case 2: return { kind: "int", value: BigInt.asIntN(64, BigInt(rng.int(2 ** 31)) << BigInt(rng.int(40))) * (rng.chance(0.5) ? -1n : 1n) };
    case 3: return { kind: "uint", value: BigInt.asUintN(64, BigInt(rng.int(2 ** 31)) << BigInt(rng.int(40))) };
    case 4: return { kind: "float64", value: rng.pick([0, -0, 1.5, NaN, Infinity, -1e308, 2 ** 53 + 2]) };
    case 5: return { kind: "float32", value: rng.pick([0, 1.5, NaN, -Infinity]) };
    case 6: return { kind: "string", value: rng.pick(["", "a", "Seq", "Data", "\u00e9\u{1F600}", "x".repeat(40)]) };
    case 7: return { kind: "bytes", value: rng.bytes(rng.int(40)) };
    case 8: return { kind: "ext", type: rng.pick([5, -1, 42, 3, 127, -128]), data: rng.bytes(rng.pick([0, 1, 4, 8, 12, 16])) };
    case 9: return { kind: "array", value: Array.from({ length: rng.int(4) }, () => randomAny(rng, depth + 1)) };
    default: return { kind: "map", value: new Map(Array.from({ length: rng.int(4) }, (_, i) => [`k${i}`, randomAny(rng, depth + 1)] as const)) };
  }
}

/** Replaces, drops or duplicates one node of a decoded tree (in place). */
function mutateTree(rng: SoakRng, root: MsgpAny): MsgpAny {
  const nodes: { get(): MsgpAny; set(v: MsgpAny | undefined): void }[] = [{ get: () => root, set: (v) => (root = v ?? { kind: "nil" }) }];
  for (let k = 0; k < nodes.length && nodes.length < 500; k++) {
    const n = nodes[k]!.get();
    if (n.kind === "array") {
      n.value.forEach((_, i) => nodes.push({ get: () => n.value[i]!, set: (v) => (v === undefined ? n.value.splice(i, 1) : (n.value[i] = v)) }));
    } else if (n.kind === "map") {
      for (const key of n.value.keys()) nodes.push({ get: () => n.value.get(key)!, set: (v) => (v === undefined ? n.value.delete(key) : n.value.set(key, v)) });
    }
  }
  const target = rng.pick(nodes);
  const r = rng.int(4);
  if (r === 0) target.set(undefined);
  else if (r === 1) {
    const cur = target.get();
    if (cur.kind === "array") cur.value.push(...cur.value.slice(0, 1 + rng.int(3)));
    else if (cur.kind === "map") cur.value.set(`extra${rng.int(3)}`, randomAny(rng));
    else target.set(randomAny(rng));
  } else target.set(randomAny(rng));
  return root;
}

/** One hostile input derived from a seed encoding. */
function mutateBytes(rng: SoakRng, seed: Uint8Array, other: Uint8Array): Uint8Array {
  let b = Uint8Array.from(seed);
  const rounds = 1 + rng.int(4);
  for (let k = 0; k < rounds; k++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(8)) {
      case 0: // truncation
        b = b.subarray(0, at);
        break;
      case 1: // bit flip
        if (b.length > 0) b[at % b.length]! ^= 1 << rng.int(8);
        break;
      case 2: // a nasty type byte in place
        if (b.length > 0) b[at % b.length] = rng.pick(NASTY);
        break;
      case 3: // a lying 32-bit length header
        b = Uint8Array.from([...b.subarray(0, at), rng.pick([0xc6, 0xdb, 0xdd, 0xdf]), 0xff, 0xff, 0xff, rng.int(256), ...b.subarray(at)]);
        break;
      case 4: // random bytes inserted
        b = Uint8Array.from([...b.subarray(0, at), ...rng.bytes(1 + rng.int(6)), ...b.subarray(at)]);
        break;
      case 5: // a range deleted
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + rng.int(8))]);
        break;
      case 6: // splice with another type's encoding
        b = Uint8Array.from([...b.subarray(0, at), ...other.subarray(rng.int(other.length))]);
        break;
      default: { // structural: decode generically, change one node, re-encode
        try {
          const tree = new MsgpReader(b).readAny();
          const w = new MsgpWriter(64);
          w.writeAny(mutateTree(rng, tree));
          b = Uint8Array.from(w.finish());
        } catch {
          b = b.subarray(0, at);
        }
      }
    }
  }
  return b;
}

export const msgpPhase: Phase = {
  name: "msgp",
  weight: 2,
  async run(ctx: PhaseContext): Promise<PhaseResult> {
    const codecs = await loadGeneratedCodecs();
    const allSeeds = codecs.flatMap((c) => c.seeds);
    const failures: SoakFailure[] = [];
    const seen = new Set<string>();
    // Valid encodings our encoder wrote must come back byte for byte (checked once, not timed).
    for (const c of codecs) {
      for (const s of c.seeds) {
        let own: Uint8Array;
        try {
          own = c.encode(c.decode(s));
        } catch {
          continue; // a vector another decoder shape accepts differently is the conformance suite's job
        }
        const f = checkDecoder(c, own, true);
        if (typeof f === "object") failures.push({ iteration: -1, what: `${c.name}: ${f.what}`, input: hex(own), stack: f.stack });
      }
    }
    let count = 0;
    let decodedOk = 0;
    let failing = 0;
    for (const i of iterations(ctx)) {
      const rng = soakRng(iterationSeed(ctx.seed, "msgp", i));
      const c = rng.pick(codecs);
      const seed = c.seeds.length > 0 && rng.chance(0.8) ? rng.pick(c.seeds) : allSeeds.length > 0 && rng.chance(0.7) ? rng.pick(allSeeds) : rng.bytes(rng.int(64));
      const input = mutateBytes(rng, seed, rng.pick(allSeeds.length > 0 ? allSeeds : [new Uint8Array(0)]));
      count++;
      if (i % 200 === 0) await new Promise((r) => setImmediate(r));
      const f = checkDecoder(c, input, false);
      if (f === "decoded") decodedOk++;
      if (typeof f !== "object") continue;
      failing++;
      const sig = `${c.name}: ${f.what.replace(/[0-9a-f]{6,}/g, "<hex>").slice(0, 90)}`;
      if (seen.has(sig) || failures.length >= 10) continue; // one report per kind of finding and codec
      seen.add(sig);
      const min = shrinkBytes(input, (cand) => {
        const g = checkDecoder(c, cand, false);
        return typeof g === "object" && `${c.name}: ${g.what.replace(/[0-9a-f]{6,}/g, "<hex>").slice(0, 90)}` === sig;
      });
      const g = checkDecoder(c, min, false);
      const again = typeof g === "object" ? g : f;
      failures.push({ iteration: i, what: `${c.name}: ${again.what}`, input: hex(min), stack: again.stack });
      ctx.log(`msgp: failure at iteration ${i}: ${c.name}: ${again.what}`);
    }
    return { iterations: count, failures, failingIterations: failing + failures.filter((f) => f.iteration < 0).length, notes: `codecs=${codecs.length} seeds=${allSeeds.length} decoded-ok=${decodedOk}` };
  },
};
