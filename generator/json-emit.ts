// MinIO's grid.JSON[T]: the value travels as Go encoding/json text inside a
// bin (msgp.md §8.4). Encoding is generic (a helper in the generated file);
// decoding is type-directed so 64-bit ints, Maps and bytes come back typed.
import type { TypeRef } from "../idl/ast.js";
import { GenerateError } from "./context.js";
import type { Temps } from "./codec-emit.js";
import { isInt64, tsType, type Use } from "./type-emit.js";

/** An expression converting parsed JSON `j` into the TS value of `t`. */
export function jsonDecodeExpr(t: TypeRef, j: string, u: Use, tmp: Temps, depth = 0): string {
  if (depth > 16) throw new GenerateError("json<T> nesting too deep (recursive type?)", u.where);
  switch (t.kind) {
    case "scalar":
      switch (t.name) {
        case "bool":
          return `jsonBool(${j})`;
        case "string":
        case "jsonnumber":
          return `jsonStr(${j})`;
        case "bytes":
        case "raw":
          return `jsonBytes(${j})`;
        case "any":
          return `jsonAny(${j})`;
        case "time":
          return `jsonTime(${j})`;
        case "complex64":
        case "complex128":
          throw new GenerateError("Go encoding/json cannot encode complex numbers", u.where);
        default:
          if (!isInt64(t.name)) return `jsonNum(${j})`;
          return u.int64 === "bigint" ? `jsonBig(${j})` : u.int64 === "number" ? `jsonNum(${j})` : `jsonBig(${j}).toString()`;
      }
    case "fixedBytes":
      return `jsonBytes(${j})`;
    case "list":
    case "array":
    case "gridArray": {
      const e = tmp.next("j");
      return `jsonList(${j}, (${e}): ${tsType(t.elem, u)} => ${jsonDecodeExpr(t.elem, e, u, tmp, depth + 1)})`;
    }
    case "map": {
      const e = tmp.next("j");
      return `jsonMap(${j}, (${e}): ${tsType(t.value, u)} => ${jsonDecodeExpr(t.value, e, u, tmp, depth + 1)})`;
    }
    case "optional":
    case "json":
      return `${j} === null ? null : ${jsonDecodeExpr(t.inner, j, u, tmp, depth + 1)}`;
    case "builtin":
      switch (t.name) {
        case "MSS":
          return `${j} === null ? null : jsonMap(${j}, jsonStr)`;
        case "Bytes":
          return `${j} === null ? null : jsonBytes(${j})`;
        case "URLValues":
          return `jsonMap(${j}, (x) => jsonList(x, jsonStr))`;
        case "NoPayload":
          return "{}";
      }
      break;
    case "named": {
      const r = u.ctx.lookup(t.name, u.where);
      const d = r.decl;
      const ru: Use = { ...u, ctx: u.ctx.forFile(r.file), int64: u.ctx.forFile(r.file).int64 };
      if (d.kind === "enum") return `jsonNum(${j})`;
      if (d.kind === "extension") throw new GenerateError("Go encoding/json of a msgp extension is not supported", u.where);
      if (d.kind === "alias") return jsonDecodeExpr(d.type, j, { ...ru, int64: u.int64 }, tmp, depth + 1);
      const o = tmp.next("o");
      const v = tmp.next("v");
      const sets = d.fields.map((f) => {
        const fu: Use = { ...ru, int64: f.int64 ?? ru.int64, where: `${d.name}.${f.name}` };
        return `if (${o}[${JSON.stringify(f.name)}] !== undefined && ${o}[${JSON.stringify(f.name)}] !== null) ${v}.${f.name} = ${jsonDecodeExpr(f.type, `${o}[${JSON.stringify(f.name)}]`, fu, tmp, depth + 1)};`;
      });
      return `((${o}: Record<string, unknown>): ${u.ctx.qualifier(r)}${d.name} => { const ${v} = ${u.ctx.qualifier(r)}create${d.name}(); ${sets.join(" ")} return ${v}; })(jsonObj(${j}))`;
    }
  }
  throw new GenerateError("unsupported type in json<T>", u.where);
}

/** Helper functions a generated file needs when it uses json<T>; emitted once per file. */
export const JSON_HELPERS = `
const utf8 = new TextDecoder();
const utf8enc = new TextEncoder();

/** Go encoding/json Encoder output for a generated value: HTML-safe escapes, sorted map keys, trailing newline. */
function goJsonBytes(v: unknown): Uint8Array {
  return utf8enc.encode(\`\${goJson(v)}\\n\`);
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\\u2028\\u2029\\b\\f]/g, (c) => \`\\\\u\${c.charCodeAt(0).toString(16).padStart(4, "0")}\`);
}

function goJsonTime(t: GoTime): string {
  const ms = Number(t.sec) * 1000;
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = t.nsec === 0 ? "" : \`.\${String(t.nsec).padStart(9, "0").replace(/0+$/, "")}\`;
  return goJsonString(\`\${base}\${frac}Z\`);
}

function goJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "number":
      if (!Number.isFinite(v)) throw new MsgpEncodeError(\`json: unsupported value \${v}\`);
      return Object.is(v, -0) ? "-0" : String(v);
    case "string":
      return goJsonString(v);
    case "object":
      break;
    default:
      throw new MsgpEncodeError(\`json: unsupported value of type \${typeof v}\`);
  }
  if (v instanceof Uint8Array) return \`"\${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}"\`;
  if (Array.isArray(v)) return \`[\${v.map(goJson).join(",")}]\`;
  if (v instanceof Map) {
    // Go sorts map keys by their UTF-8 bytes (JS's default sort compares UTF-16 units).
    const keys = [...v.keys()].map(String).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return \`{\${keys.map((k) => \`\${goJsonString(k)}:\${goJson(v.get(k))}\`).join(",")}}\`;
  }
  const o = v as Record<string, unknown>;
  if (typeof o["kind"] === "string" && Object.keys(o).length <= 2 && ("value" in o || o["kind"] === "nil")) {
    const a = o as unknown as MsgpAny;
    switch (a.kind) {
      case "nil":
        return "null";
      case "time":
        return goJsonTime(a.value);
      case "complex64":
      case "complex128":
      case "ext":
        throw new MsgpEncodeError(\`json: unsupported type \${a.kind}\`);
      default:
        return goJson(a.value);
    }
  }
  if (typeof o["sec"] === "bigint" && typeof o["nsec"] === "number" && Object.keys(o).length === 2) return goJsonTime(o as unknown as GoTime);
  return \`{\${Object.keys(o).map((k) => \`\${goJsonString(k)}:\${goJson(o[k])}\`).join(",")}}\`;
}

function goJsonText(b: Uint8Array): string {
  return utf8.decode(b);
}

function jsonFail(want: string, got: unknown): never {
  throw new MsgpDecodeError(0, \`JSON \${want}\`, JSON.stringify(got) ?? String(got));
}
function jsonObj(j: unknown): Record<string, unknown> {
  if (j === null || typeof j !== "object" || Array.isArray(j)) jsonFail("object", j);
  return j as Record<string, unknown>;
}
function jsonNum(j: unknown): number {
  return typeof j === "number" ? j : jsonFail("number", j);
}
function jsonBig(j: unknown): bigint {
  return typeof j === "number" && Number.isInteger(j) ? BigInt(j) : jsonFail("integer", j);
}
function jsonStr(j: unknown): string {
  return typeof j === "string" ? j : jsonFail("string", j);
}
function jsonBool(j: unknown): boolean {
  return typeof j === "boolean" ? j : jsonFail("boolean", j);
}
function jsonBytes(j: unknown): Uint8Array {
  if (j === null) return EMPTY_BYTES;
  return typeof j === "string" ? new Uint8Array(Buffer.from(j, "base64")) : jsonFail("base64 string", j);
}
function jsonTime(j: unknown): GoTime {
  const s = jsonStr(j);
  const m = /^(.*?)(?:\\.(\\d{1,9}))?(Z|[+-]\\d\\d:\\d\\d)$/.exec(s);
  const ms = m === null ? NaN : Date.parse(\`\${m[1]}\${m[3]}\`);
  if (m === null || Number.isNaN(ms)) return jsonFail("RFC 3339 time", j);
  return { sec: BigInt(Math.floor(ms / 1000)), nsec: Number((m[2] ?? "").padEnd(9, "0")) };
}
function jsonList<T>(j: unknown, f: (x: unknown) => T): T[] {
  if (j === null) return [];
  return Array.isArray(j) ? j.map(f) : jsonFail("array", j);
}
function jsonMap<T>(j: unknown, f: (x: unknown) => T): Map<string, T> {
  const o = jsonObj(j);
  return new Map(Object.keys(o).map((k) => [k, f(o[k])]));
}
function jsonAny(j: unknown): MsgpAny {
  if (j === null) return { kind: "nil" };
  switch (typeof j) {
    case "boolean":
      return { kind: "bool", value: j };
    case "number":
      return { kind: "float64", value: j };
    case "string":
      return { kind: "string", value: j };
  }
  if (Array.isArray(j)) return { kind: "array", value: j.map(jsonAny) };
  return { kind: "map", value: jsonMap(j, jsonAny) };
}
`;
