// Converters from the golden vectors' JSON renderings of Go's dynamic values
// (interface{}), times, complex numbers, floats and bytes to the TS shapes of
// the msgp core (runtime/msgp: MsgpAny, GoTime, Complex).

import type { Complex, GoTime, MsgpAny } from "../../runtime/msgp/index.js";

export type { Complex, GoTime } from "../../runtime/msgp/index.js";

/** A Go interface{} value tagged with the msgp family it is written as: the msgp core's MsgpAny. */
export type AnyValue = MsgpAny;

const SIGNED = new Set(["int", "int8", "int16", "int32", "int64", "*int"]);
const UNSIGNED = new Set(["uint", "uint8", "uint16", "uint32", "uint64"]);

/** Hex (as the vectors write bytes) to bytes; null gives an empty array. */
export function hexToBytes(hex: string | null): Uint8Array {
  if (hex === null) return new Uint8Array(0);
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`bad hex string ${JSON.stringify(hex.slice(0, 40))}: expected an even number of hex digits`);
  }
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** Bytes as lowercase hex. */
export function bytesToHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

/** A float as the vectors write it: a JSON number or "NaN" / "Infinity" / "-Infinity". */
export function vectorFloat(v: unknown, float32: boolean): number {
  let x: number;
  if (typeof v === "number") x = v;
  else if (v === "NaN") x = NaN;
  else if (v === "Infinity") x = Infinity;
  else if (v === "-Infinity") x = -Infinity;
  else throw new Error(`expected a float (number, "NaN", "Infinity" or "-Infinity"), got ${JSON.stringify(v)}`);
  return float32 ? Math.fround(x) : x;
}

/** time.Time as the vectors write it ({unix, nsec, utc}). */
export function vectorTime(v: unknown): GoTime {
  const t = v as { unix?: unknown; nsec?: unknown } | null;
  if (!t || typeof t.unix !== "string" || typeof t.nsec !== "number") {
    throw new Error(`expected a time {unix: "<seconds>", nsec: <n>}, got ${JSON.stringify(v)}`);
  }
  return { sec: BigInt(t.unix), nsec: t.nsec };
}

/** {real, imag} with the component width applied. */
export function vectorComplex(v: unknown, float32: boolean): Complex {
  const c = v as { real?: unknown; imag?: unknown } | null;
  if (!c || typeof c !== "object") throw new Error(`expected a complex {real, imag}, got ${JSON.stringify(v)}`);
  return { real: vectorFloat(c.real, float32), imag: vectorFloat(c.imag, float32) };
}

/**
 * Converts the vectors' rendering of an interface{} value ({type, value} with
 * Go's dynamic type name, or null) into the tagged TS value.
 */
export function vectorAny(v: unknown): AnyValue {
  if (v === null) return { kind: "nil" };
  const { type, value } = v as { type: string; value: unknown };
  if (SIGNED.has(type)) return { kind: "int", value: BigInt(value as string | number) };
  if (UNSIGNED.has(type)) return { kind: "uint", value: BigInt(value as string | number) };
  switch (type) {
    case "bool":
      return { kind: "bool", value: value as boolean };
    case "string":
      return { kind: "string", value: value as string };
    case "float32":
      return { kind: "float32", value: vectorFloat(value, true) };
    case "float64":
      return { kind: "float64", value: vectorFloat(value, false) };
    case "[]uint8":
      return { kind: "bytes", value: hexToBytes(value as string) };
    case "time.Time":
      return { kind: "time", value: vectorTime(value) };
    case "complex64":
      return { kind: "complex64", value: vectorComplex(value, true) };
    case "complex128":
      return { kind: "complex128", value: vectorComplex(value, false) };
    case "[]interface {}":
      return { kind: "array", value: (value as unknown[]).map(vectorAny) };
    case "[]string":
      return { kind: "array", value: (value as string[]).map((s) => ({ kind: "string", value: s })) };
    case "map[string]interface {}":
      return {
        kind: "map",
        value: new Map(Object.entries(value as Record<string, unknown>).map(([k, x]) => [k, vectorAny(x)])),
      };
    case "map[string]string":
      return {
        kind: "map",
        value: new Map(Object.entries(value as Record<string, string>).map(([k, s]) => [k, { kind: "string", value: s }])),
      };
    case "*golden.Point": {
      // A value with its own MarshalMsg writes itself: Point is {X int32, Y int32} in map layout.
      const p = value as { X: number; Y: number };
      return {
        kind: "map",
        value: new Map<string, AnyValue>([
          ["X", { kind: "int", value: BigInt(p.X) }],
          ["Y", { kind: "int", value: BigInt(p.Y) }],
        ]),
      };
    }
    case "*msgp.RawExtension": {
      const e = value as { Data: string | null; Type: number };
      return { kind: "ext", type: e.Type, data: hexToBytes(e.Data) };
    }
    default:
      throw new Error(`interface value of Go type ${type} has no TS mapping in the conformance converter`);
  }
}
