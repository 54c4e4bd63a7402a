// Sample values of a schema type (boundaries of every width, nil where the type
// allows it) and a type-directed equality across two schema versions, so the
// codec-verdict test can say whether a value survived old-write/new-read.
import type { GridFile, TypeRef } from "../../idl/ast.js";
import { getPath, resolveRef, setPath, structFields, zeroValue, type MsgpCore, type SchemaView } from "./wire-codec.js";

const INT_SAMPLES: Record<string, (number | bigint)[]> = {
  int8: [0, 1, 127, -128],
  int16: [0, 300, 32767, -32768],
  int32: [0, 70000, 2147483647, -2147483648],
  rune: [0, 70000, 2147483647, -2147483648],
  int64: [0n, 1n, 9223372036854775807n, -9223372036854775808n],
  int: [0n, 1n, 9223372036854775807n, -9223372036854775808n],
  duration: [0n, 1n, 9223372036854775807n, -9223372036854775808n],
  uint8: [0, 1, 255],
  byte: [0, 1, 255],
  uint16: [0, 300, 65535],
  uint32: [0, 70000, 4294967295],
  uint64: [0n, 1n, 18446744073709551615n],
  uint: [0n, 1n, 18446744073709551615n],
};

const MAX_PER_TYPE = 24;

function bytesOf(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
}

/** Representative values of `ref` as written in `file` (at most MAX_PER_TYPE). */
export function samples(view: SchemaView, ref: TypeRef, file: GridFile, allownil = false, depth = 0): unknown[] {
  const r = resolveRef(view, ref, file, allownil);
  const cap = (xs: unknown[]) => xs.slice(0, MAX_PER_TYPE);
  switch (r.kind) {
    case "scalar": {
      const ints = INT_SAMPLES[r.name];
      if (ints) return ints;
      switch (r.name) {
        case "bool":
          return [false, true];
        case "float32":
          return [0, 1.5, -2.25];
        case "float64":
          return [0, 0.1, 1e300];
        case "string":
          return ["", "héllo"];
        case "time":
          return [{ sec: 1704164645n, nsec: 123456789 }];
        case "complex64":
        case "complex128":
          return [{ real: 1.5, imag: -2 }];
        case "jsonnumber":
          return ["12", "1.5"];
        case "any":
          return [null, Uint8Array.of(0x05), Uint8Array.of(0xa1, 0x78)];
        case "raw":
          return [Uint8Array.of(0x05)];
      }
      return [];
    }
    case "enum": {
      const found = ref.kind === "named" ? view.lookup(file, ref.name) : undefined;
      const vals = found && found.decl.kind === "enum" ? found.decl.values.map((v) => v.value) : [];
      const wide = r.backing.endsWith("64") || r.backing === "int" || r.backing === "uint";
      const max = (INT_SAMPLES[r.backing] ?? [255]).reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
      return [...vals.map((v) => (wide ? v : Number(v))), max];
    }
    case "fixedBytes":
      return [bytesOf(r.size, 1)];
    case "bytes":
      return [...(r.nil ? [null] : []), new Uint8Array(0), bytesOf(3, 2), bytesOf(16, 3)];
    case "list": {
      const inner = depth > 2 ? [] : samples(view, r.elem, r.file, false, depth + 1);
      return cap([...(r.nil ? [null] : []), [], ...(inner.length > 0 ? [[inner[0]], inner] : [])]);
    }
    case "array": {
      const inner = samples(view, r.elem, r.file, false, depth + 1);
      return inner.length === 0 ? [] : [Array.from({ length: r.size }, (_, i) => inner[i % inner.length])];
    }
    case "map": {
      const inner = depth > 2 ? [] : samples(view, r.value, r.file, false, depth + 1);
      const full = new Map(inner.map((v, i) => [`k${i}`, v]));
      return cap([...(r.nil ? [null] : []), new Map(), ...(inner.length > 0 ? [full] : [])]);
    }
    case "mss":
      return [null, new Map(), new Map([["a", "x"]])];
    case "urlvalues":
      return [new Map(), new Map([["k", ["a", "b"]]])];
    case "optional":
      return cap([null, ...samples(view, r.inner, r.file, false, depth + 1)]);
    case "none":
      return [null];
    case "ext":
      return [Uint8Array.of(1, 2)];
    case "json":
      return [];
    case "struct": {
      const fields = structFields(view, r.decl, r.file);
      const per = fields.map(({ f, file: ff }) => samples(view, f.type, ff, f.allownil, depth + 1));
      const make = (i: number, v: unknown) => {
        const o = zeroValue(view, ref, file) as Record<string, unknown>;
        fields.forEach(({ path }, j) => setPath(o, path, j === i ? v : (per[j]![0] ?? null)));
        return o;
      };
      const out: unknown[] = [make(-1, null)];
      fields.forEach((_, i) => {
        for (const s of per[i]!.slice(1)) out.push(make(i, s));
      });
      return out.slice(0, depth === 0 ? 200 : MAX_PER_TYPE);
    }
  }
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** A canonical text of a decoded `any` (the msgp core's MsgpAny) or plain JS value. */
export function normAny(x: unknown): string {
  if (x === null || x === undefined) return "null";
  if (typeof x === "bigint") return x.toString();
  if (typeof x === "number") return Number.isInteger(x) ? BigInt(x).toString() : String(x);
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "boolean") return String(x);
  if (x instanceof Uint8Array) return `bin:${hex(x)}`;
  if (Array.isArray(x)) return `[${x.map(normAny).join(",")}]`;
  if (x instanceof Map) return `{${[...x].map(([k, v]) => `${JSON.stringify(k)}:${normAny(v)}`).sort().join(",")}}`;
  if (typeof x === "object") {
    const o = x as Record<string, unknown>;
    if (typeof o.kind === "string") {
      if (o.kind === "nil") return "null";
      for (const k of ["value", "v", "data", "items", "entries"]) if (k in o) return normAny(o[k]);
    }
    if ("sec" in o && "nsec" in o) return `time:${String(o.sec)}.${String(o.nsec)}`;
    if ("real" in o && "imag" in o) return `c:${String(o.real)},${String(o.imag)}`;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${k}:${normAny(o[k])}`)
      .join(",")}}`;
  }
  return String(x);
}

/** Canonical text of a scalar-ish value of resolved type `kind`. */
function normScalar(core: MsgpCore, kind: ReturnType<typeof resolveRef>, v: unknown): string {
  if (kind.kind === "scalar" && kind.name === "jsonnumber" && typeof v === "string") {
    if (v === "") return "0";
    return /^-?\d+$/.test(v) ? BigInt(v).toString() : String(Number(v));
  }
  if (kind.kind === "scalar" && kind.name === "any") {
    if (v === null) return "null";
    if (v instanceof Uint8Array) return normAny(core.newReader(v).readAny());
    return normAny((v as { any: unknown }).any);
  }
  return normAny(v);
}

/** One side of a comparison: a value of a type in one schema version. */
export interface Side {
  readonly view: SchemaView;
  readonly ref: TypeRef;
  readonly file: GridFile;
  readonly value: unknown;
  readonly allownil?: boolean;
}

function emptyIfNull(kind: ReturnType<typeof resolveRef>, v: unknown): unknown {
  if (v !== null) return v;
  if ((kind.kind === "list" || kind.kind === "map" || kind.kind === "bytes") && !kind.nil) return kind.kind === "map" ? new Map() : kind.kind === "bytes" ? new Uint8Array(0) : [];
  if (kind.kind === "urlvalues") return new Map();
  return v;
}

/**
 * True when `a` (written as its type) arrived as `b` (read as its type) with the
 * same meaning. Struct fields correspond by TypeScript name, else by wire key
 * (map layout) or position (tuple): the developer's notion of "the same field".
 */
export function sameValue(core: MsgpCore, a: Side, b: Side): boolean {
  const ra = resolveRef(a.view, a.ref, a.file, a.allownil);
  const rb = resolveRef(b.view, b.ref, b.file, b.allownil);
  const va = emptyIfNull(ra, a.value);
  const vb = emptyIfNull(rb, b.value);
  if (ra.kind === "optional" || rb.kind === "optional") {
    if (va === null || vb === null) return va === null && vb === null;
    const ia = ra.kind === "optional" ? { ...a, ref: ra.inner, file: ra.file, value: va } : { ...a, value: va };
    const ib = rb.kind === "optional" ? { ...b, ref: rb.inner, file: rb.file, value: vb } : { ...b, value: vb };
    return sameValue(core, ia, ib);
  }
  if (ra.kind === "struct" && rb.kind === "struct") {
    if (va === null || vb === null) return va === vb;
    // Fields correspond by declared name (so a field that became flattened is still "the same
    // field"), else by wire field: TS name, then wire key (map layout) or position (tuple).
    const da = ra.decl.fields;
    const db = rb.decl.fields;
    const fa = structFields(a.view, ra.decl, ra.file);
    const fb = structFields(b.view, rb.decl, rb.file);
    const done = new Set<string>();
    for (const x of da) {
      const y = db.find((c) => c.name === x.name && (c.flatten || x.flatten));
      if (!y) continue;
      done.add(x.name);
      const same = sameValue(
        core,
        { view: a.view, ref: x.type, file: ra.file, value: (va as Record<string, unknown>)[x.name] ?? null, allownil: x.allownil },
        { view: b.view, ref: y.type, file: rb.file, value: (vb as Record<string, unknown>)[y.name] ?? null, allownil: y.allownil },
      );
      if (!same) return false;
    }
    for (let i = 0; i < fa.length; i++) {
      const x = fa[i]!;
      if (done.has(x.path[0]!)) continue;
      const y = fb.find((c) => c.f.name === x.f.name) ?? (ra.decl.tuple ? fb[i] : fb.find((c) => c.f.key === x.f.key));
      if (!y) continue;
      const same = sameValue(
        core,
        { view: a.view, ref: x.f.type, file: x.file, value: getPath(va, x.path) ?? null, allownil: x.f.allownil },
        { view: b.view, ref: y.f.type, file: y.file, value: getPath(vb, y.path) ?? null, allownil: y.f.allownil },
      );
      if (!same) return false;
    }
    return true;
  }
  const elemOf = (r: typeof ra) => (r.kind === "list" || r.kind === "array" ? { ref: r.elem, file: r.file } : undefined);
  const ea = elemOf(ra);
  const eb = elemOf(rb);
  if (ea && eb) {
    if (va === null || vb === null) return va === vb;
    const xa = va as unknown[];
    const xb = vb as unknown[];
    return xa.length === xb.length && xa.every((x, i) => sameValue(core, { view: a.view, ...ea, value: x }, { view: b.view, ...eb, value: xb[i] }));
  }
  if (ra.kind === "map" && rb.kind === "map") {
    if (va === null || vb === null) return va === vb;
    const ma = va as Map<string, unknown>;
    const mb = vb as Map<string, unknown>;
    if (ma.size !== mb.size) return false;
    for (const [k, x] of ma) {
      if (!mb.has(k)) return false;
      if (!sameValue(core, { view: a.view, ref: ra.value, file: ra.file, value: x }, { view: b.view, ref: rb.value, file: rb.file, value: mb.get(k) })) return false;
    }
    return true;
  }
  return normScalar(core, ra, va) === normScalar(core, rb, vb);
}
