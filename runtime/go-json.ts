// Go encoding/json for MinIO's grid.JSON[T] (msgp.md §8.4): the value travels
// as JSON text inside a bin. Generated modules describe each json<T> type with
// a shape (gjStruct, gjList, gjInt, ...) and call goJsonEncode/goJsonDecode,
// so the code lives here once. Type-directed on purpose: 64-bit integers are
// exact both ways (Go writes int64/uint64 as plain JSON numbers, beyond 2^53
// too), an int64 = "string" value is still written as a number, and float32
// is printed with float32's shortest digits, as Go does.
// Light: imports only the msgp error classes, never the grid runtime.
import { MsgpDecodeError, MsgpEncodeError } from "./msgp/errors.js";
import type { GoTime, MsgpAny } from "./msgp/types.js";

/** How a TS value maps to Go JSON: what generated code declares per json<T> type. */
export type GoJsonShape =
  | { readonly kind: "bool" | "string" | "bytes" | "time" | "any" | "float32" | "float64" | "empty" }
  | { readonly kind: "number" | "fixedBytes"; readonly size?: number }
  | { readonly kind: "int"; readonly bits: 8 | 16 | 32 | 64; readonly unsigned: boolean; readonly mode: "bigint" | "number" | "string" }
  | { readonly kind: "list"; readonly elem: GoJsonShape }
  | { readonly kind: "map"; readonly value: GoJsonShape }
  | { readonly kind: "nullable"; readonly inner: GoJsonShape }
  | { readonly kind: "struct"; readonly name: string; readonly create: () => object; readonly fields: Readonly<Record<string, GoJsonShape>> }
  | { readonly kind: "lazy"; readonly get: () => GoJsonShape };

/** Go bool. */
export const gjBool: GoJsonShape = { kind: "bool" };
/** Go string (also json.Number, written as text). */
export const gjString: GoJsonShape = { kind: "string" };
/** Go []byte: base64 text; null decodes as empty. */
export const gjBytes: GoJsonShape = { kind: "bytes" };
/** Go time.Time: RFC 3339 text with nanoseconds (UTC). */
export const gjTime: GoJsonShape = { kind: "time" };
/** Go interface{}: numbers decode as float64, objects as maps. */
export const gjAny: GoJsonShape = { kind: "any" };
/** Go json.Number: the number text, written bare (a JSON string holding a number is accepted back). */
export const gjNumber: GoJsonShape = { kind: "number" };
/** Go [N]byte: an array (not base64), as a Uint8Array of exactly `size`. */
export function gjFixedBytes(size: number): GoJsonShape {
  return { kind: "fixedBytes", size };
}
/** Go float32 (printed with float32 precision). */
export const gjFloat32: GoJsonShape = { kind: "float32" };
/** Go float64. */
export const gjFloat64: GoJsonShape = { kind: "float64" };
/** grid.NoPayload: `{}`. */
export const gjEmpty: GoJsonShape = { kind: "empty" };
/** A Go integer of `bits` width held in TS as `mode` (the generator's int64 mapping; narrow ints are numbers). */
export function gjInt(bits: 8 | 16 | 32 | 64, unsigned: boolean, mode: "bigint" | "number" | "string" = "number"): GoJsonShape {
  return { kind: "int", bits, unsigned, mode };
}
/** Go slice or array. */
export function gjList(elem: GoJsonShape): GoJsonShape {
  return { kind: "list", elem };
}
/** Go map[string]V (TS Map). */
export function gjMap(value: GoJsonShape): GoJsonShape {
  return { kind: "map", value };
}
/** A pointer, or a container that may be nil: TS null <-> JSON null. */
export function gjNullable(inner: GoJsonShape): GoJsonShape {
  return { kind: "nullable", inner };
}
/** A Go struct: exported fields by Go name, in declaration order; `create` gives the zero value. */
export function gjStruct(name: string, create: () => object, fields: Readonly<Record<string, GoJsonShape>>): GoJsonShape {
  return { kind: "struct", name, create, fields };
}
/** A shape defined later (recursive or mutually referring structs). */
export function gjLazy(get: () => GoJsonShape): GoJsonShape {
  return { kind: "lazy", get };
}

const utf8enc = new TextEncoder();
/** A JSON number literal (Go's json.Number check; "" is Go's zero Number, written as 0). */
const NUMBER = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)?$/;
/** Strict and BOM-keeping: Go does not skip a byte order mark, it rejects it. */
const utf8dec = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// ---- encoding ---------------------------------------------------------------

/** Go json.Encoder output for `v` of shape `s`: HTML-safe escapes, sorted map keys, trailing newline. */
export function goJsonEncode(s: GoJsonShape, v: unknown): Uint8Array {
  const out: string[] = [];
  enc(s, v, out, "");
  out.push("\n");
  return utf8enc.encode(out.join(""));
}

function encFail(where: string, what: string): never {
  throw new MsgpEncodeError(`json${where === "" ? "" : ` ${where}`}: ${what}`);
}

/** Go's string escaping: JSON.stringify's (\b \f as such, like Go >= 1.22) plus \u003c \u003e \u0026 (HTML-safe) and \u2028 \u2029. */
export function goJsonQuote(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function intText(s: { bits: number; unsigned: boolean; mode: string }, v: unknown, where: string): string {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else if (typeof v === "string" && /^-?[0-9]+$/.test(v)) b = BigInt(v);
  else return encFail(where, `${String(v)} is not an integer`);
  const min = s.unsigned ? 0n : -(1n << BigInt(s.bits - 1));
  const max = s.unsigned ? (1n << BigInt(s.bits)) - 1n : (1n << BigInt(s.bits - 1)) - 1n;
  if (b < min || b > max) encFail(where, `${b} is outside ${min}..${max}`);
  return b.toString();
}

/** Go's float formatting: shortest digits for the width, exponent form below 1e-6 and from 1e21. */
export function goJsonFloat(v: number, bits: 32 | 64, where = ""): string {
  if (!Number.isFinite(v)) encFail(where, `unsupported value ${v}`);
  if (Object.is(v, -0)) return "-0";
  if (bits === 64) return String(v);
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    // The nearest p-digit decimal may fall outside f's rounding interval while
    // the p-digit decimal on f's other side is inside it (powers of two, whose
    // interval is lopsided); Go's shortest digits take either.
    const near = f.toExponential(p - 1);
    const d = Number(near);
    const nearFits = Math.fround(d) === f;
    // toExponential breaks an exact tie away from zero; Go (Dragonbox) does too for
    // powers of two but takes the even last digit for every other float32.
    const tieToOther = nearFits && /[13579]e/.test(near) && isEvenTieBreak(f, p);
    if (nearFits && !tieToOther) return String(d);
    const other = Number(nextDecimal(near, p, d < f === f > 0 ? 1 : -1));
    if (Math.fround(other) === f) return String(other);
    if (nearFits) return String(d);
  }
  return String(f);
}

/** Whether float32 `f` lies exactly halfway between two p-digit decimals (exact digits after the p-th are 5000...) and is no power of two. */
function isEvenTieBreak(f: number, p: number): boolean {
  // cheap filter first: a tie has exactly p+1 significant digits, the last a 5
  const longer = f.toExponential(p);
  if (!/5e/.test(longer) || Number(longer) !== f) return false;
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  const bits = view.getUint32(0);
  const exp = (bits >>> 23) & 0xff;
  if (exp !== 0 && (bits & 0x7fffff) === 0) return false;
  const mant = BigInt(exp === 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000);
  const k = exp === 0 ? -149 : exp - 150;
  // f = mant * 2^k exactly; for k < 0 that is mant * 5^-k / 10^-k, so the digits are mant * 5^-k.
  const digits = (k >= 0 ? mant << BigInt(k) : mant * 5n ** BigInt(-k)).toString().replace(/0+$/, "");
  return digits.length === p + 1 && digits.endsWith("5");
}

/** The p-digit decimal one unit in the last digit away from `exp` (toExponential text), `dir` +1 away from zero. */
function nextDecimal(exp: string, p: number, dir: 1 | -1): string {
  const [mant, e] = exp.split("e") as [string, string];
  const sign = mant.startsWith("-") ? "-" : "";
  let digits = BigInt(mant.replace(/[-.]/g, ""));
  let scale = Number(e) - (p - 1);
  digits += BigInt(dir);
  if (digits < 10n ** BigInt(p - 1)) {
    // 1000e3 - 1 unit must stay p digits: 9999e2, not 999e3.
    digits = digits * 10n + 9n;
    scale -= 1;
  }
  return `${sign}${digits}e${scale}`;
}

/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: Go's Time.MarshalJSON writes only four-digit years. */
const MIN_TIME_SEC = -62167219200n;
const MAX_TIME_SEC = 253402300799n;

function timeText(t: GoTime, where: string): string {
  if (typeof t?.sec !== "bigint") encFail(where, "expected a time ({ sec: bigint, nsec: number })");
  if (t.sec < MIN_TIME_SEC || t.sec > MAX_TIME_SEC) {
    encFail(where, `Time.MarshalJSON: year outside of range [0,9999] (Go cannot write ${t.sec}s as RFC 3339; keep json<T> times within years 0..9999)`);
  }
  const base = new Date(Number(t.sec) * 1000).toISOString().slice(0, 19);
  const frac = t.nsec === 0 ? "" : `.${String(t.nsec).padStart(9, "0").replace(/0+$/, "")}`;
  return goJsonQuote(`${base}${frac}Z`);
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
}

/** Go sorts map keys by their UTF-8 bytes (JS's default sort compares UTF-16 units). */
function sortedKeys(m: Map<string, unknown>): string[] {
  return [...m.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function enc(s: GoJsonShape, v: unknown, out: string[], where: string): void {
  switch (s.kind) {
    case "lazy":
      return enc(s.get(), v, out, where);
    case "nullable":
      if (v === null || v === undefined) out.push("null");
      else enc(s.inner, v, out, where);
      return;
    case "bool":
      if (typeof v !== "boolean") encFail(where, "expected a boolean");
      out.push(v ? "true" : "false");
      return;
    case "string":
      if (typeof v !== "string") encFail(where, "expected a string");
      out.push(goJsonQuote(v));
      return;
    case "int":
      out.push(intText(s, v, where));
      return;
    case "number":
      if (typeof v !== "string" || !NUMBER.test(v)) encFail(where, `${JSON.stringify(v)} is not a JSON number`);
      out.push(v === "" ? "0" : v);
      return;
    case "fixedBytes":
      if (!(v instanceof Uint8Array)) return encFail(where, "expected bytes");
      out.push(`[${Array.from(v).join(",")}]`);
      return;
    case "float32":
    case "float64":
      if (typeof v !== "number") encFail(where, "expected a number");
      out.push(goJsonFloat(v, s.kind === "float32" ? 32 : 64, where));
      return;
    case "bytes":
      if (v === null) out.push("null");
      else if (v instanceof Uint8Array) out.push(`"${base64(v)}"`);
      else encFail(where, "expected bytes");
      return;
    case "time":
      out.push(timeText(v as GoTime, where));
      return;
    case "empty":
      out.push("{}");
      return;
    case "any":
      return encAny(v as MsgpAny, out, where);
    case "list": {
      if (!Array.isArray(v)) return encFail(where, "expected an array");
      out.push("[");
      v.forEach((e, i) => {
        if (i > 0) out.push(",");
        enc(s.elem, e, out, `${where}[${i}]`);
      });
      out.push("]");
      return;
    }
    case "map": {
      if (!(v instanceof Map)) return encFail(where, "expected a Map");
      const m = v as Map<string, unknown>;
      out.push("{");
      sortedKeys(m).forEach((k, i) => {
        out.push(i > 0 ? "," : "", goJsonQuote(k), ":");
        enc(s.value, m.get(k), out, `${where}[${JSON.stringify(k)}]`);
      });
      out.push("}");
      return;
    }
    case "struct": {
      if (v === null || typeof v !== "object") return encFail(where, `expected a ${s.name} object`);
      const o = v as Record<string, unknown>;
      out.push("{");
      let first = true;
      for (const [k, fs] of Object.entries(s.fields)) {
        out.push(first ? "" : ",", goJsonQuote(k), ":");
        first = false;
        enc(fs, o[k], out, where === "" ? `${s.name}.${k}` : `${where}.${k}`);
      }
      out.push("}");
      return;
    }
  }
}

function encAny(a: MsgpAny, out: string[], where: string): void {
  switch (a.kind) {
    case "nil":
      out.push("null");
      return;
    case "bool":
      out.push(a.value ? "true" : "false");
      return;
    case "int":
    case "uint":
      out.push(a.value.toString());
      return;
    case "float32":
      out.push(goJsonFloat(a.value, 32, where));
      return;
    case "float64":
      out.push(goJsonFloat(a.value, 64, where));
      return;
    case "string":
      out.push(goJsonQuote(a.value));
      return;
    case "bytes":
      out.push(`"${base64(a.value)}"`);
      return;
    case "time":
      out.push(timeText(a.value, where));
      return;
    case "array":
      out.push("[");
      a.value.forEach((e, i) => {
        if (i > 0) out.push(",");
        encAny(e, out, `${where}[${i}]`);
      });
      out.push("]");
      return;
    case "map": {
      out.push("{");
      sortedKeys(a.value).forEach((k, i) => {
        out.push(i > 0 ? "," : "", goJsonQuote(k), ":");
        encAny(a.value.get(k)!, out, `${where}[${JSON.stringify(k)}]`);
      });
      out.push("}");
      return;
    }
    default:
      encFail(where, `unsupported type ${a.kind}`);
  }
}

// ---- decoding -----------------------------------------------------------------

/** A parsed JSON value; numbers keep their literal text so 64-bit integers stay exact. */
type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
class JsonNumber {
  constructor(readonly text: string) {}
}
/** Object members in input order (Go applies duplicates in order: the last one wins). */
class JsonObject {
  constructor(readonly entries: [string, JsonValue][]) {}
}

/** Nesting limit: Go allows 10000, the recursive parser stays well inside the JS stack with 1000. */
const MAX_DEPTH = 1000;

function decFail(pos: number, expected: string, got: string, detail?: string): never {
  throw new MsgpDecodeError(pos, `JSON ${expected}`, got, [], detail);
}

/** A small strict JSON parser (RFC 8259, as Go accepts it) that keeps number text. */
class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  parseDocument(): JsonValue {
    const v = this.value(0);
    this.ws();
    if (this.pos !== this.s.length) decFail(this.pos, "end of value", JSON.stringify(this.s.slice(this.pos, this.pos + 10)));
    return v;
  }

  private ws(): void {
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  private value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) decFail(this.pos, `nesting below ${MAX_DEPTH} levels`, "deeper nesting");
    this.ws();
    const c = this.s[this.pos];
    switch (c) {
      case "{": {
        this.pos++;
        const entries: [string, JsonValue][] = [];
        this.ws();
        if (this.s[this.pos] === "}") {
          this.pos++;
          return new JsonObject(entries);
        }
        for (;;) {
          this.ws();
          if (this.s[this.pos] !== '"') decFail(this.pos, "object key", this.at());
          const k = this.string();
          this.ws();
          if (this.s[this.pos] !== ":") decFail(this.pos, "':'", this.at());
          this.pos++;
          entries.push([k, this.value(depth + 1)]);
          this.ws();
          if (this.s[this.pos] === ",") this.pos++;
          else if (this.s[this.pos] === "}") {
            this.pos++;
            return new JsonObject(entries);
          } else decFail(this.pos, "',' or '}'", this.at());
        }
      }
      case "[": {
        this.pos++;
        const items: JsonValue[] = [];
        this.ws();
        if (this.s[this.pos] === "]") {
          this.pos++;
          return items;
        }
        for (;;) {
          items.push(this.value(depth + 1));
          this.ws();
          if (this.s[this.pos] === ",") this.pos++;
          else if (this.s[this.pos] === "]") {
            this.pos++;
            return items;
          } else decFail(this.pos, "',' or ']'", this.at());
        }
      }
      case '"':
        return this.string();
      case "t":
        return this.word("true", true);
      case "f":
        return this.word("false", false);
      case "n":
        return this.word("null", null);
      default: {
        const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
        m.lastIndex = 0;
        const hit = m.exec(this.s.slice(this.pos, this.pos + 400));
        if (hit === null || hit[0] === "" || hit[0] === "-") decFail(this.pos, "value", this.at());
        this.pos += hit[0].length;
        return new JsonNumber(hit[0]);
      }
    }
  }

  private word<T>(w: string, v: T): T {
    if (!this.s.startsWith(w, this.pos)) decFail(this.pos, "value", this.at());
    this.pos += w.length;
    return v;
  }

  private string(): string {
    const start = this.pos;
    const end = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    end.lastIndex = start;
    const m = end.exec(this.s);
    if (m === null) decFail(start, "string", this.at());
    this.pos = start + m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private at(): string {
    return this.pos >= this.s.length ? "end of input" : JSON.stringify(this.s.slice(this.pos, this.pos + 10));
  }
}

/** Reads Go encoding/json text (a json<T> bin) as shape `s`, following Go's Unmarshal rules. */
export function goJsonDecode<T>(s: GoJsonShape, bytes: Uint8Array): T {
  const text = goUtf8(bytes);
  if (text.startsWith("\ufeff")) {
    decFail(0, "value", "a UTF-8 byte order mark", "Go: invalid character 'ï' looking for beginning of value; send the JSON without the BOM");
  }
  return dec(s, new Parser(text).parseDocument(), undefined) as T;
}

/**
 * UTF-8 as Go's decoder reads it: every byte that does not start a valid
 * sequence becomes one U+FFFD (TextDecoder's replacement merges a truncated
 * sequence into one). Outside strings U+FFFD is still a syntax error.
 */
function goUtf8(bytes: Uint8Array): string {
  try {
    return utf8dec.decode(bytes);
  } catch {
    // fall through: replace byte by byte
  }
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SeqLen(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    parts.push(utf8dec.decode(bytes.subarray(start, i)), "\ufffd");
    i++;
    start = i;
  }
  parts.push(utf8dec.decode(bytes.subarray(start)));
  return parts.join("");
}

/** Length of the well-formed UTF-8 sequence at b[i] (Unicode table 3-7, as Go's utf8.DecodeRune), or 0. */
function utf8SeqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => i + j < b.length && b[i + j]! >= lo && b[i + j]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const ok1 = c === 0xe0 ? cont(1, 0xa0) : c === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok1 && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const ok1 = c === 0xf0 ? cont(1, 0x90) : c === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok1 && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function describe(j: JsonValue): string {
  if (j === null) return "null";
  if (j instanceof JsonNumber) return `number ${j.text}`;
  if (j instanceof JsonObject) return "object";
  if (Array.isArray(j)) return "array";
  return typeof j === "string" ? "string" : String(j);
}

function typeFail(want: string, j: JsonValue): never {
  return decFail(0, want, describe(j));
}

function decInt(s: { bits: number; unsigned: boolean; mode: string }, j: JsonValue): number | bigint | string {
  if (!(j instanceof JsonNumber)) return typeFail(`${s.unsigned ? "u" : ""}int${s.bits} number`, j);
  // Go parses the literal with ParseInt/ParseUint: no fraction, no exponent, in range.
  if (!/^-?[0-9]+$/.test(j.text)) return decFail(0, `${s.unsigned ? "u" : ""}int${s.bits} (an integer literal)`, `number ${j.text}`);
  // ParseUint refuses any sign, "-0" included.
  if (s.unsigned && j.text.startsWith("-")) return decFail(0, `uint${s.bits} (no sign)`, `number ${j.text}`, `Go: cannot unmarshal number ${j.text} into Go value of type uint${s.bits}`);
  const b = BigInt(j.text);
  const min = s.unsigned ? 0n : -(1n << BigInt(s.bits - 1));
  const max = s.unsigned ? (1n << BigInt(s.bits)) - 1n : (1n << BigInt(s.bits - 1)) - 1n;
  if (b < min || b > max) return decFail(0, `${s.unsigned ? "u" : ""}int${s.bits} in ${min}..${max}`, `number ${j.text}`);
  if (s.bits < 64 || s.mode === "number") {
    if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER)) return decFail(0, "integer within ±(2^53-1) (int64 = \"number\")", `number ${j.text}`);
    return Number(b);
  }
  return s.mode === "string" ? b.toString() : b;
}

/**
 * Go's Time.UnmarshalJSON: RFC 3339 as time.Parse reads it. Every field is
 * range-checked (day against its month), the hour may be one digit, the
 * fraction may use ',' and any number of digits (cut to nanoseconds), the
 * offset may reach ±24:60. The result is the UTC instant.
 */
const TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d?):(\d\d):(\d\d)(?:[.,](\d+))?(?:Z|([+-])(\d\d):(\d\d))$/;

function decTime(j: JsonValue): GoTime {
  if (typeof j !== "string") return typeFail("RFC 3339 time string", j);
  const m = TIME.exec(j);
  const bad = (why: string): never => decFail(0, "RFC 3339 time", JSON.stringify(j.slice(0, 40)), `Go: ${why}; send a time like "2006-01-02T15:04:05.999999999Z07:00"`);
  if (m === null) return bad("not in RFC 3339 form");
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12) return bad("month out of range");
  if (d < 1 || d > daysIn(y, mo)) return bad("day out of range");
  if (h > 23) return bad("hour out of range");
  if (mi > 59) return bad("minute out of range");
  if (se > 59) return bad("second out of range");
  let offset = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 24 || om > 60) return bad("time zone offset out of range");
    offset = (m[8] === "-" ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const sec = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + se - offset);
  return { sec, nsec: Number((m[7] ?? "").slice(0, 9).padEnd(9, "0")) };
}

function daysIn(y: number, mo: number): number {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to y-mo-d in the proleptic Gregorian calendar (Date.UTC would map years 0..99 to 19xx). */
function daysFromCivil(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The float32 nearest to a decimal literal, as Go's ParseFloat(s, 32).
 * Going through a double first is exact unless the double lands exactly on
 * the midpoint of two float32s; then the literal's exact value picks the side.
 */
function parseFloat32(text: string): number {
  const d = Number(text);
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(d)) return f;
  const g = nextFloat32(f, d > f ? 1 : -1);
  // beyond the largest float32 the midpoint is to the would-be next value 2^128
  const mid = Number.isFinite(f) ? (f + g) / 2 : g + Math.sign(g) * 2 ** 103;
  if (mid !== d) return f;
  const cmp = compareDecimal(text, d);
  if (cmp === 0) return f; // a true tie: fround already took the even one
  return cmp > 0 ? Math.max(f, g) : Math.min(f, g);
}

/** The float32 next to f towards +inf (dir 1) or -inf (dir -1); may be ±Infinity. */
function nextFloat32(f: number, dir: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  const bits = view.getUint32(0);
  if (f === 0) {
    view.setUint32(0, dir > 0 ? 1 : 0x80000001);
  } else {
    view.setUint32(0, (f > 0) === (dir > 0) ? bits + 1 : bits - 1);
  }
  return view.getFloat32(0);
}

/** Sign of (decimal literal text - double d), computed exactly. */
function compareDecimal(text: string, d: number): number {
  const [, sign, int, frac = "", exp = "0"] = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text)!;
  // text = (sign) digits * 10^e10
  let num = BigInt(int! + frac) * (sign === "-" ? -1n : 1n);
  const e10 = Number(exp) - frac.length;
  // d = m * 2^e2 exactly
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2 = bexp === 0 ? -1074 : bexp - 1075;
  if (bexp !== 0) m |= 1n << 52n;
  if (d < 0) m = -m;
  // compare num*10^e10 with m*2^e2 by scaling both to integers
  let left = num;
  let right = m;
  if (e10 >= 0) left *= 10n ** BigInt(e10);
  else right *= 10n ** BigInt(-e10);
  if (e2 >= 0) right *= 1n << BigInt(e2);
  else left *= 1n << BigInt(-e2);
  num = left - right;
  return num > 0n ? 1 : num < 0n ? -1 : 0;
}

function decAny(j: JsonValue): MsgpAny {
  if (j === null) return { kind: "nil" };
  if (typeof j === "boolean") return { kind: "bool", value: j };
  if (typeof j === "string") return { kind: "string", value: j };
  if (j instanceof JsonNumber) {
    const f = Number(j.text);
    if (!Number.isFinite(f)) decFail(0, "float64 in range", `number ${j.text}`, `Go: cannot unmarshal number ${j.text} into Go value of type float64`);
    return { kind: "float64", value: f };
  }
  if (Array.isArray(j)) return { kind: "array", value: j.map(decAny) };
  return { kind: "map", value: new Map(j.entries.map(([k, v]) => [k, decAny(v)])) };
}

/** Go's Unmarshal into a value of shape `s`; `into` is the current value (null leaves it unchanged). */
function dec(s: GoJsonShape, j: JsonValue, into: unknown): unknown {
  if (s.kind === "lazy") return dec(s.get(), j, into);
  if (s.kind === "nullable") return j === null ? null : dec(s.inner, j, into === null ? undefined : into);
  // Go's null: maps, slices and []byte become nil; every other value is left as it was.
  if (j === null && s.kind !== "any") return s.kind === "map" || s.kind === "list" || s.kind === "bytes" ? zeroOf(s) : into ?? zeroOf(s);
  switch (s.kind) {
    case "bool":
      return typeof j === "boolean" ? j : typeFail("boolean", j);
    case "string":
      return typeof j === "string" ? j : typeFail("string", j);
    case "int":
      return decInt(s, j);
    case "float32":
    case "float64": {
      if (!(j instanceof JsonNumber)) return typeFail("number", j);
      const bits = s.kind === "float32" ? 32 : 64;
      const f = bits === 32 ? parseFloat32(j.text) : Number(j.text);
      if (!Number.isFinite(f)) return decFail(0, `float${bits} in range`, `number ${j.text}`, `Go: cannot unmarshal number ${j.text} into Go value of type float${bits}`);
      return f;
    }
    case "bytes": {
      if (typeof j !== "string") return typeFail("base64 string", j);
      // Go's base64 decoder skips \r and \n wherever they are (MIME-style line breaks).
      const b64 = j.replace(/[\r\n]/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return decFail(0, "standard base64 text", JSON.stringify(j.slice(0, 20)));
      return new Uint8Array(Buffer.from(b64, "base64"));
    }
    case "number":
      if (j instanceof JsonNumber) return j.text;
      if (typeof j === "string" && j !== "" && NUMBER.test(j)) return j;
      if (j === "") return decFail(0, "number (json.Number)", 'empty string ""', "Go: invalid number literal; send a number, or omit the field for Go's zero Number");
      return typeFail("number (json.Number)", j);
    case "fixedBytes": {
      if (!Array.isArray(j)) return typeFail(`array of ${s.size} bytes`, j);
      // Go fills a fixed array from the front: extra elements are dropped, missing ones stay zero.
      const out = new Uint8Array(s.size ?? 0);
      j.slice(0, out.length).forEach((e, i) => {
        out[i] = decInt({ bits: 8, unsigned: true, mode: "number" }, e) as number;
      });
      return out;
    }
    case "time":
      return decTime(j);
    case "empty":
      return {};
    case "any":
      return decAny(j);
    case "list": {
      if (!Array.isArray(j)) return typeFail("array", j);
      // Go decodes into the slice already there: an element within its length
      // is decoded into (a struct keeps the fields the new element lacks).
      const old: readonly unknown[] = Array.isArray(into) ? into : [];
      return j.map((e, i) => {
        try {
          return dec(s.elem, e, i < old.length ? old[i] : undefined);
        } catch (err) {
          throw err instanceof MsgpDecodeError ? err.withIndex(i) : err;
        }
      });
    }
    case "map": {
      if (!(j instanceof JsonObject)) return typeFail("object", j);
      // Go adds to the map already there (a field given twice merges), but each
      // element starts from zero (a key given twice keeps only the last value).
      const m = into instanceof Map ? (into as Map<string, unknown>) : new Map<string, unknown>();
      for (const [k, v] of j.entries) {
        try {
          m.set(k, dec(s.value, v, undefined));
        } catch (err) {
          throw err instanceof MsgpDecodeError ? err.withField(k) : err;
        }
      }
      return m;
    }
    case "struct": {
      if (!(j instanceof JsonObject)) return typeFail(`object (${s.name})`, j);
      const o = (into ?? s.create()) as Record<string, unknown>;
      const names = Object.keys(s.fields);
      for (const [k, v] of j.entries) {
        // Go prefers an exact field name and falls back to a case-insensitive match; unknown keys are ignored.
        const name = names.includes(k) ? k : names.find((n) => n.toLowerCase() === k.toLowerCase());
        if (name === undefined) continue;
        try {
          o[name] = dec(s.fields[name]!, v, o[name]);
        } catch (err) {
          throw err instanceof MsgpDecodeError ? err.withField(name) : err;
        }
      }
      return o;
    }
  }
}

/** The zero value a JSON null leaves in place when there is no current value. */
function zeroOf(s: GoJsonShape): unknown {
  switch (s.kind) {
    case "bool":
      return false;
    case "string":
    case "number":
      return "";
    case "fixedBytes":
      return new Uint8Array(s.size ?? 0);
    case "int":
      return s.bits < 64 || s.mode === "number" ? 0 : s.mode === "string" ? "0" : 0n;
    case "float32":
    case "float64":
      return 0;
    case "bytes":
      return new Uint8Array(0);
    case "time":
      return { sec: -62135596800n, nsec: 0 };
    case "list":
      return [];
    case "map":
      return new Map();
    case "empty":
      return {};
    case "struct":
      return s.create();
    case "lazy":
      return zeroOf(s.get());
    default:
      return null;
  }
}
