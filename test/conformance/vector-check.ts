// Checks a file of msgp golden vectors (format "msgp-golden-vectors/1",
// shared/spec/msgp.md §12) against the golden codecs: every vector must encode
// to its hex (in canonical map order when it holds Go maps) and decode back to
// its value. Shared by scripts/check-vectors.ts and the conformance test.
import { readFileSync } from "node:fs";
import { bytesToHex, hexToBytes } from "./any-values.js";
import { canonicalize } from "../../runtime/msgp/index.js";
import { firstDifference } from "./deep-equal.js";
import type { GoldenCodecs } from "./golden-codecs.js";
import type { GoldenSchema } from "./golden-schema.js";
import { vectorValueToTs } from "./vector-values.js";

/** One vector as the file holds it. */
export interface Vector {
  readonly name: string;
  readonly type: string;
  readonly set?: string;
  readonly value: unknown;
  readonly hex: string;
  readonly decoded?: unknown;
  readonly canonical_hex?: string;
  readonly unordered_maps?: boolean;
}

/** The outcome of one file. */
export interface VectorReport {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly { readonly name: string; readonly reason: string }[];
}


/**
 * Maps the vectors' Go type names to golden .grid names: the grid builtins used
 * as top-level payloads and the generic JSON[T] / Array[T] instantiations are
 * declared as aliases (schemas/golden/golden.grid).
 */
export function gridTypeName(goType: string): string {
  const builtins: Record<string, string> = {
    MSS: "GridMSS",
    Bytes: "GridBytes",
    URLValues: "GridURLValues",
    NoPayload: "GridNoPayload",
  };
  if (builtins[goType]) return builtins[goType];
  const generic = /^(JSON|Array)\[(map\[string\]interface \{\}|[^,\]]+)/.exec(goType);
  if (generic) {
    const arg = generic[2] as string;
    const base = arg === "map[string]interface {}" ? "AnyMap" : arg.slice(arg.lastIndexOf(".") + 1);
    return `${generic[1]}${base}`;
  }
  return goType;
}

function holdsNaN(v: unknown): boolean {
  if (v === "NaN") return true;
  if (Array.isArray(v)) return v.some(holdsNaN);
  if (v && typeof v === "object") return Object.values(v).some(holdsNaN);
  return false;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
}

/** Checks one vector; returns undefined when it passes, else why not. */
export function checkVector(schema: GoldenSchema, codecs: GoldenCodecs, v: Vector): string | undefined {
  const typeName = gridTypeName(v.type);
  if (!schema.decls.has(typeName)) return `type ${v.type} (as ${typeName}) is not declared in schemas/golden`;
  const codec = codecs.get(typeName);
  if (!codec) return `no codec for ${typeName} in ${codecs.source}`;
  let value: unknown;
  try {
    value = vectorValueToTs(schema, typeName, v.value);
  } catch (err) {
    return `cannot convert the vector value: ${describe(err)}`;
  }
  // NaN vectors are decode-only: Go's NaN bits (…0001) cannot be carried by JS.
  if (!holdsNaN(v.value)) {
    let out: Uint8Array;
    try {
      out = codec.encode(value);
    } catch (err) {
      return `encode threw ${describe(err)}`;
    }
    if (v.canonical_hex !== undefined) {
      let canon: string;
      try {
        canon = bytesToHex(canonicalize(out));
      } catch (err) {
        return `encode wrote malformed MessagePack (${describe(err)}): ${bytesToHex(out)}`;
      }
      if (canon !== v.canonical_hex) return `encode (canonical order): want ${v.canonical_hex}, got ${canon}`;
    } else {
      const got = bytesToHex(out);
      if (got !== v.hex) return `encode: want ${v.hex}, got ${got}`;
    }
  }
  let decoded: unknown;
  try {
    decoded = codec.decode(hexToBytes(v.hex));
  } catch (err) {
    return `decode threw ${describe(err)}`;
  }
  // `decoded` is what msgp's decoder gives; `value` is the wire-faithful reading.
  // They differ where msgp turns empty containers into nil (empty_but_not_nil,
  // omitnameless/set), where the JSON rendering is ambiguous (a pointer to a nil
  // slice renders null) and where msgp has a bug (intf/complex128: a trailing
  // fixext complex comes back as RawExtension). Either reading passes.
  let diff: string | undefined;
  try {
    if (v.decoded !== undefined) {
      diff = firstDifference(decoded, vectorValueToTs(schema, typeName, v.decoded));
      if (diff && firstDifference(decoded, value) === undefined) diff = undefined;
    } else {
      diff = firstDifference(decoded, value);
    }
  } catch (err) {
    return `cannot convert the vector's decoded value: ${describe(err)}`;
  }
  return diff ? `decode: ${diff}` : undefined;
}

/** Reads and checks a whole vector file. */
export function checkVectorFile(path: string, schema: GoldenSchema, codecs: GoldenCodecs): VectorReport {
  const file = JSON.parse(readFileSync(path, "utf8")) as { vectors?: Vector[] };
  if (!Array.isArray(file.vectors)) {
    throw new Error(`${path} has no "vectors" array: expected the msgp-golden-vectors/1 format (shared/spec/msgp.md §12)`);
  }
  const failures: { name: string; reason: string }[] = [];
  for (const v of file.vectors) {
    const reason = checkVector(schema, codecs, v);
    if (reason) failures.push({ name: v.name, reason });
  }
  return { passed: file.vectors.length - failures.length, failed: failures.length, failures };
}
