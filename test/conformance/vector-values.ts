// Turns the JSON `value` / `decoded` of a golden vector into the TS value the
// generated codec takes, by walking the type's declaration, following the
// vector file's `conventions` block and the TS value mapping of Contract 2.
import type { Int64Mode, TypeRef } from "../../idl/ast.js";
import { hexToBytes, vectorAny, vectorComplex, vectorFloat, vectorTime } from "./any-values.js";
import type { GoldenSchema } from "./golden-schema.js";

const LEVEL_NAMES = ["debug", "info", "warn", "error"];

/** Go's shimmed Level (an int in the JSON) as the string the shim writes. */
function levelToString(v: unknown): string {
  const n = Number(v);
  return n >= 0 && n < LEVEL_NAMES.length ? (LEVEL_NAMES[n] as string) : `level(${n})`;
}

/**
 * Go-side conversions the .grid cannot see: the vector JSON renders the Go
 * value, the wire (and so the TS value) holds the shim's output.
 */
const FIELD_HOOKS: Record<string, (v: unknown) => unknown> = {
  "ShimBox.L": levelToString,
  "ShimBox.Ls": (v) => (v === null ? [] : (v as unknown[]).map(levelToString)),
};

interface Ctx {
  readonly allownil: boolean;
  readonly int64: Int64Mode;
  readonly path: string;
}

/** Converts `json` (rendering of a Go value of `typeName`) to the TS value. */
export function vectorValueToTs(schema: GoldenSchema, typeName: string, json: unknown): unknown {
  const d = schema.get(typeName);
  const mode = fileInt64(d.file.options);
  return convert(schema, { kind: "named", name: typeName, span: d.decl.span }, json, {
    allownil: false,
    int64: mode,
    path: typeName,
  });
}

function fileInt64(options: readonly { name: string; value: unknown }[]): Int64Mode {
  const o = options.find((x) => x.name === "int64");
  return o && (o.value === "number" || o.value === "string") ? o.value : "bigint";
}

function int64Value(v: unknown, mode: Int64Mode, path: string): bigint | number | string {
  if (typeof v !== "string" && typeof v !== "number") {
    throw new Error(`${path}: expected a 64-bit integer as a decimal string, got ${JSON.stringify(v)}`);
  }
  const b = BigInt(v);
  if (mode === "string") return b.toString();
  if (mode === "number") return Number(b);
  return b;
}

function convert(schema: GoldenSchema, ref: TypeRef, v: unknown, ctx: Ctx): unknown {
  const inner: Ctx = { allownil: false, int64: ctx.int64, path: ctx.path };
  switch (ref.kind) {
    case "scalar":
      switch (ref.name) {
        case "bool":
        case "string":
        case "jsonnumber":
          return v;
        case "int8":
        case "int16":
        case "int32":
        case "uint8":
        case "uint16":
        case "uint32":
        case "byte":
        case "rune":
          if (typeof v !== "number") throw new Error(`${ctx.path}: expected a JSON number, got ${JSON.stringify(v)}`);
          return v;
        case "int":
        case "int64":
        case "uint":
        case "uint64":
        case "duration":
          return int64Value(v, ctx.int64, ctx.path);
        case "float32":
          return vectorFloat(v, true);
        case "float64":
          return vectorFloat(v, false);
        case "complex64":
          return vectorComplex(v, true);
        case "complex128":
          return vectorComplex(v, false);
        case "bytes":
          if (v === null && ctx.allownil) return null;
          return hexToBytes(v as string | null);
        case "raw":
          return hexToBytes(v as string | null);
        case "time":
          return vectorTime(v);
        case "any":
          return vectorAny(v);
      }
      throw new Error(`${ctx.path}: unhandled scalar`);
    case "fixedBytes":
      return hexToBytes(v as string);
    case "list":
      if (v === null) return ctx.allownil ? null : [];
      return (v as unknown[]).map((x, i) => convert(schema, ref.elem, x, { ...inner, path: `${ctx.path}[${i}]` }));
    case "array":
      return (v as unknown[]).map((x, i) => convert(schema, ref.elem, x, { ...inner, path: `${ctx.path}[${i}]` }));
    case "map": {
      if (v === null) return ctx.allownil ? null : new Map();
      const m = new Map<string, unknown>();
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        m.set(k, convert(schema, ref.value, x, { ...inner, path: `${ctx.path}.${k}` }));
      }
      return m;
    }
    case "optional":
      return v === null ? null : convert(schema, ref.inner, v, inner);
    case "json": {
      const val = (v as { Val: unknown }).Val;
      return val === null ? null : convert(schema, ref.inner, val, inner);
    }
    case "gridArray": {
      const val = (v as { Val: unknown[] | null }).Val;
      return val === null ? null : val.map((x, i) => convert(schema, ref.elem, x, { ...inner, path: `${ctx.path}[${i}]` }));
    }
    case "builtin":
      switch (ref.name) {
        case "MSS":
          return v === null ? null : new Map(Object.entries(v as Record<string, string>));
        case "Bytes":
          return v === null ? null : hexToBytes(v as string);
        case "URLValues":
          return new Map(
            Object.entries((v ?? {}) as Record<string, string[] | null>).map(([k, vs]) => [k, vs ?? []]),
          );
        case "NoPayload":
          return {};
      }
      throw new Error(`${ctx.path}: unhandled builtin`);
    case "named": {
      const { decl } = schema.get(ref.name);
      switch (decl.kind) {
        case "alias":
          return convert(schema, decl.type, v, ctx);
        case "enum":
          return v;
        case "extension":
          return hexToBytes((v as { Data: string | null }).Data);
        case "struct": {
          if (v === null || typeof v !== "object") {
            throw new Error(`${ctx.path}: expected an object for struct ${decl.name}, got ${JSON.stringify(v)}`);
          }
          const src = v as Record<string, unknown>;
          const out: Record<string, unknown> = {};
          for (const f of decl.fields) {
            const path = `${decl.name}.${f.name}`;
            if (!(f.name in src)) throw new Error(`${path}: missing in the vector JSON`);
            const hook = FIELD_HOOKS[path];
            out[f.name] = hook
              ? hook(src[f.name])
              : convert(schema, f.type, src[f.name], {
                  // omitempty containers tell nil (omitted) from empty (written): null stays null
                  allownil: f.allownil || f.omitempty,
                  int64: f.int64 ?? ctx.int64,
                  path,
                });
          }
          return out;
        }
      }
    }
  }
  throw new Error(`${ctx.path}: unhandled type reference`);
}
