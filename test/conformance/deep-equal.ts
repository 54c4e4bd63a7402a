// Structural comparison of decoded TS values with the expected ones, with the
// rules the vectors need and node's assert lacks: NaN equals NaN, -0 differs
// from 0, bigint/number kept apart, Uint8Array by content, Map regardless of
// entry order (Go maps have none). Returns the first difference as text.

/** undefined when equal, else a path and a short description of the difference. */
export function firstDifference(actual: unknown, expected: unknown, path = "$"): string | undefined {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return `${path}: expected number ${show(expected)}, got ${show(actual)}`;
    if (Number.isNaN(expected) && Number.isNaN(actual)) return undefined;
    return Object.is(actual, expected) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (expected === null || typeof expected !== "object") {
    return actual === expected ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (actual === null || typeof actual !== "object") return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array)) return `${path}: expected bytes, got ${show(actual)}`;
    if (actual.length !== expected.length || actual.some((b, i) => b !== expected[i])) {
      return `${path}: expected bytes ${hex(expected)}, got ${hex(actual)}`;
    }
    return undefined;
  }
  if (expected instanceof Map) {
    if (!(actual instanceof Map)) return `${path}: expected a Map, got ${show(actual)}`;
    if (actual.size !== expected.size) return `${path}: expected ${expected.size} map entries, got ${actual.size}`;
    for (const [k, v] of expected) {
      if (!actual.has(k)) return `${path}: missing map key ${JSON.stringify(k)}`;
      const d = firstDifference(actual.get(k), v, `${path}[${JSON.stringify(k)}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} elements, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const k of Object.keys(e)) {
    const d = firstDifference(a[k], e[k], `${path}.${k}`);
    if (d) return d;
  }
  for (const k of Object.keys(a)) {
    if (!(k in e) && a[k] !== undefined) return `${path}: unexpected property ${k} = ${show(a[k])}`;
  }
  return undefined;
}

function hex(b: Uint8Array): string {
  const h = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
  return h.length > 64 ? `${h.slice(0, 64)}…(${b.length} bytes)` : h;
}

function show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v instanceof Uint8Array) return `bytes ${hex(v)}`;
  if (v instanceof Map) return `Map(${v.size})`;
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x));
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch {
    return String(v);
  }
}
