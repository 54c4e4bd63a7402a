// fast-check arbitraries of TS values for any golden type, derived from its
// .grid declaration, for the Go round-trip test. Values stay inside what the
// Go side can carry unchanged (msgp decode + re-encode gives the same bytes):
// strings without lone surrogates, json.Number texts Go parses the same way,
// Level strings the shim reads back, interface values msgp re-encodes alike.
import fc from "fast-check";
import type { Int64Mode, TypeRef } from "../../idl/ast.js";
import type { AnyValue, GoTime } from "./any-values.js";
import type { GoldenSchema } from "./golden-schema.js";

type Arb = fc.Arbitrary<unknown>;

const ZERO_TIME_SEC = -62135596800n;

/** One Unicode scalar value: mostly ASCII, some 2/3/4-byte UTF-8 and JSON/HTML-special ones. */
const char: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0x7ff }).map((c) => String.fromCodePoint(c)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0x800, max: 0xfffd })
      .filter((c) => c < 0xd800 || c > 0xdfff)
      .map((c) => String.fromCodePoint(c)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.constantFrom("<", ">", "&", '"', "\\", "\n", "\u0000", "\u2028", "\u2029", "€") },
);

/** Strings around the fixstr/str8/str16 boundaries now and then. */
export const goString: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: fc.string({ unit: char, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(31, 32, 255, 256).map((n) => "x".repeat(n)) },
);

const bytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 9, arbitrary: fc.uint8Array({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(255, 256).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })) },
);

function intBig(bits: number, signed: boolean): fc.Arbitrary<bigint> {
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const edges = [0n, 1n, 127n, 128n, 255n, 256n, 32767n, 32768n, 65535n, 65536n, 2147483647n, 2147483648n,
    4294967295n, 4294967296n, -1n, -32n, -33n, -128n, -129n, -32768n, -32769n, -2147483648n, -2147483649n, min, max]
    .filter((e) => e >= min && e <= max);
  // a random bit length first, so small and large magnitudes are equally likely
  const scaled = fc.integer({ min: 0, max: bits - 1 }).chain((b) => {
    const hi = (1n << BigInt(b)) - 1n;
    return fc.bigInt({ min: signed ? -hi - 1n : 0n, max: hi });
  });
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...edges) }, { weight: 4, arbitrary: scaled });
}

const float64: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1.5, 0.1, 16777216, 16777217, 3.4028234663852886e38, Infinity, -Infinity) },
);
const float32: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.float() },
  { weight: 1, arbitrary: float64.map(Math.fround) },
);

const timeArb = (newtime: boolean): fc.Arbitrary<GoTime> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant({ sec: ZERO_TIME_SEC, nsec: 0 }) },
    {
      weight: newtime ? 3 : 1,
      arbitrary: fc.record({
        sec: fc.constantFrom(0n, 1n, -1n, 4294967295n, 4294967296n, (1n << 34n) - 1n, 1n << 34n),
        nsec: fc.constantFrom(0, 1, 999999999),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        sec: fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }),
        nsec: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999999999 })),
      }),
    },
  );

/**
 * json.Number texts whose meaning Go's and JS's parsers agree on, and that
 * msgp reads back as a text written the same way: integers, and non-integral
 * floats (msgp decodes an integral float to integer text, e.g. "1.0" -> "1",
 * which is then written as an int: Go itself does not round-trip those).
 */
const jsonNumber: fc.Arbitrary<string> = fc.oneof(
  intBig(64, true).map((b) => b.toString()),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((x) => !Number.isInteger(x))
    .map((x) => String(x)),
  fc.constantFrom("", "0", "-0", "1.5", "-2.5e-3", "0.1"),
);

/** Interface values whose msgp encoding Go reads back and rewrites unchanged. */
const anyValue: fc.Arbitrary<AnyValue> = fc.letrec<{ any: AnyValue }>((tie) => ({
  any: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<AnyValue>({ kind: "nil" }),
    fc.boolean().map((value): AnyValue => ({ kind: "bool", value })),
    intBig(64, true).map((value): AnyValue => ({ kind: "int", value })),
    intBig(64, false).map((value): AnyValue => ({ kind: "uint", value })),
    float32.map((value): AnyValue => ({ kind: "float32", value })),
    float64.map((value): AnyValue => ({ kind: "float64", value })),
    goString.map((value): AnyValue => ({ kind: "string", value })),
    bytesArb.map((value): AnyValue => ({ kind: "bytes", value })),
    timeArb(false).map((value): AnyValue => ({ kind: "time", value })),
    fc.record({ real: float32, imag: float32 }).map((value): AnyValue => ({ kind: "complex64", value })),
    fc.record({ real: float64, imag: float64 }).map((value): AnyValue => ({ kind: "complex128", value })),
    fc
      .record({ type: fc.integer({ min: 10, max: 100 }), data: fc.uint8Array({ maxLength: 20 }) })
      .map(({ type, data }): AnyValue => ({ kind: "ext", type, data })),
    fc.array(tie("any"), { maxLength: 4 }).map((value): AnyValue => ({ kind: "array", value })),
    fc
      .uniqueArray(fc.tuple(goString, tie("any")), { maxLength: 4, selector: (e) => e[0] })
      .map((entries): AnyValue => ({ kind: "map", value: new Map(entries) })),
  ),
})).any;

/** A single valid MessagePack object (or nothing), for msgp.Raw fields. */
const rawArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(new Uint8Array(0)),
  fc.integer({ min: 0, max: 0x7f }).map((b) => Uint8Array.of(b)),
  fc.constantFrom("c3", "c2", "cd1234", "d3ffffffffffffff00", "cb3ff8000000000000", "92a16101", "81a16bc0", "c70305010203")
    .map((h) => Uint8Array.from(Buffer.from(h, "hex"))),
  fc.uint8Array({ maxLength: 30 }).map((b) => Uint8Array.from([0xc4, b.length, ...b])),
);

/** Strings the Level shim (golden ShimBox) reads back to the same Level. */
const levelString = fc.oneof(
  fc.constantFrom("debug", "info", "warn", "error"),
  fc.integer({ min: 4, max: 1000 }).map((n) => `level(${n})`),
  fc.integer({ min: -1000, max: -1 }).map((n) => `level(${n})`),
);

const FIELD_ARBS: Record<string, Arb> = {
  "ShimBox.L": levelString,
  "ShimBox.Ls": fc.array(levelString, { maxLength: 5 }),
};

interface Ctx {
  readonly nulls: Nulls;
  readonly int64: Int64Mode;
  readonly newtime: boolean;
}

function int64Arb(bits: number, signed: boolean, mode: Int64Mode): Arb {
  const b = intBig(bits, signed);
  if (mode === "string") return b.map((x) => x.toString());
  if (mode === "number") return b.filter((x) => x >= -(2n ** 53n) + 1n && x <= 2n ** 53n - 1n).map(Number);
  return b;
}

/**
 * Nullable containers: allownil ones may be null, empty or not; omitempty ones
 * are null or non-empty, because msgp reads an empty omitempty container back
 * as nil and then omits it, so Go itself does not round-trip an empty one.
 */
type Nulls = "no" | "allownil" | "omitempty";

function nullableOf<T>(a: fc.Arbitrary<T>, nulls: Nulls, size: (v: T) => number): Arb {
  if (nulls === "no") return a;
  const inner = nulls === "omitempty" ? a.filter((v) => size(v) > 0) : a;
  return fc.option(inner, { nil: null, freq: 4 });
}

function list(elem: Arb, nulls: Nulls): Arb {
  const arr = fc.oneof(
    { weight: 9, arbitrary: fc.array(elem, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(elem, { minLength: 16, maxLength: 17 }) },
  );
  return nullableOf(arr, nulls, (v) => v.length);
}

function mapArb(value: Arb, nulls: Nulls): Arb {
  const m = fc
    .uniqueArray(fc.tuple(goString, value), { maxLength: 4, selector: (e) => e[0] })
    .map((entries) => new Map(entries));
  return nullableOf(m, nulls, (v) => v.size);
}

function arb(schema: GoldenSchema, ref: TypeRef, ctx: Ctx): Arb {
  const inner: Ctx = { ...ctx, nulls: "no" };
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool":
          return fc.boolean();
        case "int8":
          return fc.integer({ min: -128, max: 127 });
        case "int16":
          return fc.integer({ min: -32768, max: 32767 });
        case "int32":
        case "rune":
          return intBig(32, true).map(Number);
        case "uint8":
        case "byte":
          return fc.integer({ min: 0, max: 255 });
        case "uint16":
          return fc.integer({ min: 0, max: 65535 });
        case "uint32":
          return intBig(32, false).map(Number);
        case "int":
        case "int64":
        case "duration":
          return int64Arb(64, true, ctx.int64);
        case "uint":
        case "uint64":
          return int64Arb(64, false, ctx.int64);
        case "float32":
          return float32;
        case "float64":
          return float64;
        case "complex64":
          return fc.record({ real: float32, imag: float32 });
        case "complex128":
          return fc.record({ real: float64, imag: float64 });
        case "string":
          return goString;
        case "jsonnumber":
          return jsonNumber;
        case "bytes":
          return nullableOf(bytesArb, ctx.nulls, (v) => v.length);
        case "raw":
          return rawArb;
        case "time":
          return timeArb(ctx.newtime);
        case "any":
          return anyValue;
      }
      throw new Error("no arbitrary for this scalar");
    case "fixedBytes":
      return fc.uint8Array({ minLength: ref.size, maxLength: ref.size });
    case "list":
      return list(arb(schema, ref.elem, inner), ctx.nulls);
    case "array":
      return fc.array(arb(schema, ref.elem, inner), { minLength: ref.size, maxLength: ref.size });
    case "map":
      return mapArb(arb(schema, ref.value, inner), ctx.nulls);
    case "optional":
      return fc.option(arb(schema, ref.inner, inner), { nil: null, freq: 3 });
    case "json":
      return fc.option(jsonSafe(schema, ref.inner, inner), { nil: null, freq: 4 });
    case "gridArray":
      return fc.option(fc.array(arb(schema, ref.elem, inner), { maxLength: 4 }), { nil: null, freq: 4 });
    case "builtin":
      switch (ref.name) {
        case "MSS":
          return fc.option(mapArb(goString, "no"), { nil: null, freq: 4 });
        case "Bytes":
          return fc.option(bytesArb, { nil: null, freq: 4 });
        case "URLValues":
          return mapArb(fc.array(goString, { maxLength: 3 }), "no");
        case "NoPayload":
          return fc.constant({});
      }
      throw new Error("no arbitrary for this builtin");
    case "named": {
      const d = schema.get(ref.name);
      const here: Ctx = { ...ctx, newtime: d.newtime };
      const decl = d.decl;
      switch (decl.kind) {
        case "alias":
          return arb(schema, decl.type, here);
        case "enum":
          return arb(schema, { kind: "scalar", name: decl.backing, span: decl.span }, here);
        case "extension":
          return fc.oneof(
            fc.constantFrom(0, 1, 2, 3, 4, 8, 16, 17, 254, 255, 256).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
            fc.uint8Array({ maxLength: 40 }),
          );
        case "struct": {
          const rec: Record<string, Arb> = {};
          for (const f of decl.fields) {
            rec[f.name] =
              FIELD_ARBS[`${decl.name}.${f.name}`] ??
              arb(schema, f.type, {
                nulls: f.omitempty ? "omitempty" : f.allownil ? "allownil" : "no",
                int64: f.int64 ?? ctx.int64,
                newtime: d.newtime,
              });
          }
          return fc.record(rec);
        }
      }
    }
  }
  throw new Error("unhandled type reference");
}

/** Inside json<T>: interface values limited to strings and bools, so the JSON text has one spelling. */
function jsonSafe(schema: GoldenSchema, ref: TypeRef, ctx: Ctx): Arb {
  const r = schema.resolve(ref);
  if (r.kind === "map" && r.value.kind === "scalar" && r.value.name === "any") {
    const v = fc.oneof(
      goString.map((value): AnyValue => ({ kind: "string", value })),
      fc.boolean().map((value): AnyValue => ({ kind: "bool", value })),
    );
    return mapArb(v, "no");
  }
  return arb(schema, ref, ctx);
}

/** The arbitrary of TS values of one golden type. */
export function arbitraryOf(schema: GoldenSchema, typeName: string): Arb {
  const d = schema.get(typeName);
  const opt = d.file.options.find((o) => o.name === "int64");
  const mode: Int64Mode = opt?.value === "number" || opt?.value === "string" ? opt.value : "bigint";
  return arb(schema, { kind: "named", name: typeName, span: d.decl.span }, { nulls: "no", int64: mode, newtime: d.newtime });
}
