// Checks that need only one file: duplicates, ranges, reserved reuse, option
// combinations msgp would silently ignore. Name resolution and flatten live in
// check-program.ts because they need the imported files.
import type { EnumDecl, GridFile, ServiceDecl, Span, StructDecl, TypeRef } from "./ast.js";
import { BUILTIN_NAMES, SCALAR_NAMES } from "./ast.js";
import { diag, type Diagnostic } from "./diagnostic.js";

/** Names a declaration may not take: they already mean a type. */
export const RESERVED_TYPE_NAMES = new Set<string>([...SCALAR_NAMES, ...BUILTIN_NAMES, "list", "array", "map", "json", "Array"]);

/**
 * Names generated TypeScript refers to unqualified: JS/TS globals and the
 * runtime names a generated module imports. A declaration with one of these
 * names would shadow it (or clash with the import) and the module would not
 * compile, so the checker refuses it up front.
 */
export const GENERATED_TS_NAMES = new Set<string>([
  // globals and TS utility types used (or plausibly used) by generated code
  "ArrayBuffer", "AsyncIterable", "AsyncIterator", "BigInt", "Boolean", "Date", "Error", "Function", "Iterable", "JSON", "Map", "Math",
  "Number", "Object", "Partial", "Promise", "PromiseLike", "Readonly", "ReadonlyArray", "ReadonlyMap", "ReadonlySet", "Record", "RegExp",
  "Set", "String", "Symbol", "TextDecoder", "TextEncoder", "Uint8Array",
  // runtime imports (generator/emit-file.ts)
  "Awaitable", "CallOptions", "ClientStream", "Complex", "Connection", "GoJsonShape", "GoTime", "GridCaller", "GridRegistrar", "HandlerContext",
  "Manager", "MsgpAny", "MsgpDecodeError", "MsgpEncodeError", "MsgpReader", "MsgpWriter", "RegisterServiceOptions", "RequestOptions", "SingleSpec",
  "StreamSpec", "TypedStream",
]);

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  rune: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
  byte: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  uint: [0n, 2n ** 64n - 1n],
};

const MAX_LEN = 2 ** 32 - 1;

/** All file-local semantic diagnostics. */
export function checkFile(file: GridFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, Span>();
  const declare = (name: string, span: Span, what: string): void => {
    if (RESERVED_TYPE_NAMES.has(name)) {
      out.push(diag("E0103", `'${name}' is a built-in type name and cannot name ${what}`, span, "pick another name"));
      return;
    }
    const prev = seen.get(name);
    if (prev !== undefined) {
      out.push(diag("E0102", `'${name}' is already declared at line ${prev.start.line}`, span, "type and service names must be unique in a file"));
      return;
    }
    seen.set(name, span);
  };
  const WHAT = { struct: "a struct", enum: "an enum", alias: "a type", extension: "an extension" } as const;
  for (const t of file.types) {
    if (GENERATED_TS_NAMES.has(t.name)) {
      out.push(diag("E0109", `'${t.name}' cannot name ${WHAT[t.kind]}: generated TypeScript uses ${t.name} (a JS built-in or a grid runtime name) and the declaration would shadow it`, t.nameSpan, `rename it (e.g. '${t.name}Msg'): msgp does not put type names on the wire, so the Go type may keep its name`));
      continue;
    }
    declare(t.name, t.nameSpan, WHAT[t.kind]);
  }
  for (const s of file.services) declare(s.name, s.nameSpan, "a service");

  const importPaths = new Map<string, Span>();
  const aliases = new Map<string, Span>();
  for (const imp of file.imports) {
    if (importPaths.has(imp.path)) out.push(diag("E0703", `"${imp.path}" is imported twice`, imp.span, "remove one import"));
    importPaths.set(imp.path, imp.span);
    if (imp.alias !== undefined) {
      if (aliases.has(imp.alias)) out.push(diag("E0703", `import alias '${imp.alias}' is used twice`, imp.span, "give each import its own alias"));
      aliases.set(imp.alias, imp.span);
    }
  }

  const extTypes = new Map<number, string>();
  for (const t of file.types) {
    switch (t.kind) {
      case "struct":
        checkStruct(t, out);
        break;
      case "enum":
        checkEnum(t, out);
        break;
      case "alias":
        checkTypeRef(t.type, out);
        break;
      case "extension": {
        if (t.extType >= 3 && t.extType <= 5) {
          out.push(
            diag("E0402", `extension type ${t.extType} is reserved by msgp`, t.span, "msgp uses 3 for complex64, 4 for complex128 and 5 for time; pick another number"),
          );
        }
        const other = extTypes.get(t.extType);
        if (other !== undefined) {
          out.push(diag("E0403", `extension type ${t.extType} is already used by '${other}'`, t.span, "decoders tell extensions apart by this number: make it unique"));
        } else extTypes.set(t.extType, t.name);
        break;
      }
    }
  }
  for (const s of file.services) checkService(s, out);
  return out;
}

function checkStruct(s: StructDecl, out: Diagnostic[]): void {
  const names = new Map<string, Span>();
  const keys = new Map<string, Span>();
  const reservedNames = new Set(s.reserved.flatMap((r) => r.names.map((n) => n.name)));
  for (const f of s.fields) {
    checkTypeRef(f.type, out);
    const prevName = names.get(f.name);
    if (prevName !== undefined) {
      out.push(diag("E0201", `field '${f.name}' is already declared at line ${prevName.start.line}`, f.nameSpan, "rename or remove one of them"));
    } else names.set(f.name, f.nameSpan);
    const keySpan = f.keySpan ?? f.nameSpan;
    if (f.key === "") out.push(diag("E0212", "a wire key cannot be empty", keySpan, "remove `key` to use the field name"));
    if (!f.flatten && f.key !== "") {
      const prevKey = keys.get(f.key);
      if (prevKey !== undefined && prevName === undefined) {
        out.push(
          diag("E0202", `wire key "${f.key}" is already used at line ${prevKey.start.line}`, keySpan, "two fields with one key would overwrite each other on decode; give one a different key"),
        );
      } else keys.set(f.key, keySpan);
    }
    if (reservedNames.has(f.name) || reservedNames.has(f.key)) {
      const which = reservedNames.has(f.key) ? f.key : f.name;
      out.push(diag("E0203", `"${which}" is reserved in struct '${s.name}'`, reservedNames.has(f.key) ? keySpan : f.nameSpan, "a reserved name was used by a removed field; old peers may still send it: pick a new name"));
    }
    if (s.tuple && (f.omitempty || f.omitzero)) {
      out.push(
        diag("W0204", `${f.omitempty ? "omitempty" : "omitzero"} has no effect in tuple struct '${s.name}'`, f.span, "msgp writes every field of a tuple; remove the option"),
      );
    }
    if (f.flatten && s.tuple) out.push(diag("E0206", "flatten is not supported in a tuple struct", f.span, "remove flatten or the tuple option"));
    if (f.flatten && f.keySpan !== undefined) {
      out.push(diag("E0206", "a flattened field has no key of its own", f.keySpan, "remove `key`: the inner fields keep their keys"));
    }
  }
}

function checkEnum(e: EnumDecl, out: Diagnostic[]): void {
  const range = INT_RANGES[e.backing];
  const names = new Map<string, Span>();
  const values = new Map<bigint, string>();
  const reservedNames = new Set(e.reserved.flatMap((r) => r.names.map((n) => n.name)));
  const reservedIds = e.reserved.flatMap((r) => r.ids);
  for (const v of e.values) {
    if (range !== undefined && (v.value < range[0] || v.value > range[1])) {
      out.push(diag("E0302", `value ${v.value} of '${v.name}' does not fit ${e.backing} (${range[0]}..${range[1]})`, v.valueSpan ?? v.span, "pick a value in range or a wider backing type"));
    }
    const prev = names.get(v.name);
    if (prev !== undefined) out.push(diag("E0304", `enum member '${v.name}' is already declared at line ${prev.start.line}`, v.nameSpan ?? v.span, "rename or remove one of them"));
    else names.set(v.name, v.span);
    const other = values.get(v.value);
    if (other !== undefined) {
      out.push(diag("E0303", `value ${v.value} is already used by '${other}'`, v.valueSpan ?? v.span, "each member needs its own value"));
    } else values.set(v.value, v.name);
    if (reservedNames.has(v.name)) {
      out.push(diag("E0305", `enum member name '${v.name}' is reserved`, v.nameSpan ?? v.span, "a reserved name belonged to a removed member: pick another name"));
    }
    if (reservedIds.some((r) => v.value >= BigInt(r.from) && v.value <= BigInt(r.to))) {
      out.push(diag("E0305", `enum value ${v.value} is reserved`, v.valueSpan ?? v.span, "a reserved value belonged to a removed member; old peers may still send it"));
    }
  }
}

function checkService(s: ServiceDecl, out: Diagnostic[]): void {
  if (s.route !== undefined) {
    const p = s.route.path;
    if (!p.startsWith("/") || /[\s?#]/.test(p) || (p.length > 1 && p.endsWith("/"))) {
      out.push(diag("E0609", `invalid route "${p}"`, s.route.span, 'a route is an absolute URL path without spaces, query or trailing "/", e.g. "/minio/grid/lock/v1"'));
    }
  }
  const ids = new Map<number, string>();
  const names = new Map<string, Span>();
  const reservedNames = new Set(s.reserved.flatMap((r) => r.names.map((n) => n.name)));
  const reservedIds = s.reserved.flatMap((r) => r.ids);
  for (const r of reservedIds) {
    if (r.from < 1 || r.to > 255) out.push(diag("E0601", `reserved handler IDs must be within 1..255`, r.span, "handler IDs are one byte on the wire and 0 is invalid"));
  }
  for (const h of s.handlers) {
    if (h.id < 1 || h.id > 255) {
      out.push(
        diag("E0601", `handler ID ${h.id} is out of range`, h.idSpan, h.id === 0 ? "ID 0 is reserved as invalid; use 1..255" : "handler IDs are one byte on the wire: 1..255"),
      );
    }
    const other = ids.get(h.id);
    if (other !== undefined) {
      out.push(diag("E0602", `handler ID ${h.id} is already used by '${other}'`, h.idSpan, "every handler of a route needs its own ID; never reuse one"));
    } else ids.set(h.id, h.name);
    const prev = names.get(h.name);
    if (prev !== undefined) {
      out.push(diag("E0603", `handler '${h.name}' is already declared at line ${prev.start.line}`, h.nameSpan, "handler names become method names in generated code: rename one"));
    }
    else names.set(h.name, h.nameSpan);
    if (reservedIds.some((r) => h.id >= r.from && h.id <= r.to)) {
      out.push(diag("E0604", `handler ID ${h.id} is reserved`, h.idSpan, "a reserved ID belonged to a removed handler; deployed peers may still call it: pick a new ID"));
    }
    if (reservedNames.has(h.name)) {
      out.push(diag("E0604", `handler name '${h.name}' is reserved`, h.nameSpan, "a reserved name belonged to a removed handler: pick another name"));
    }
    const subs = new Set<string>();
    for (const sr of h.subroutes) {
      const p = sr.path;
      if (p === "" || /[\s\x00-\x1f\x7f]/.test(p) || p.includes("//") || (p.length > 1 && p.endsWith("/")) || p === "/") {
        out.push(diag("E0607", `invalid subroute ${JSON.stringify(p)}`, sr.span, 'subroutes are non-empty, without spaces or control characters, and use single "/" between parts (e.g. "disk/1")'));
      }
      if (subs.has(p)) out.push(diag("E0608", `subroute ${JSON.stringify(p)} is listed twice`, sr.span, "remove the duplicate"));
      subs.add(p);
    }
    for (const t of [h.payload, h.input, h.output]) if (t !== undefined) checkTypeRef(t, out);
  }
}

/** Checks on a type expression that need no name resolution. */
function checkTypeRef(t: TypeRef, out: Diagnostic[]): void {
  switch (t.kind) {
    case "fixedBytes":
      if (t.size < 1 || t.size > MAX_LEN) {
        out.push(diag("E0210", `bytes[${t.size}] size must be between 1 and ${MAX_LEN}`, t.span, t.size < 1 ? "use bytes for a variable-length value" : "a bin holds at most 2^32-1 bytes; use bytes"));
      }
      return;
    case "array":
      if (t.size < 0 || t.size > MAX_LEN) out.push(diag("E0210", `array length ${t.size} must be between 0 and ${MAX_LEN}`, t.span, "use list<T> for a variable length"));
      checkTypeRef(t.elem, out);
      return;
    case "list":
    case "gridArray":
      checkTypeRef(t.elem, out);
      return;
    case "optional":
      checkTypeRef(t.inner, out);
      return;
    case "json":
      checkTypeRef(t.inner, out);
      return;
    case "map":
      if (!(t.key.kind === "scalar" && t.key.name === "string") && !(t.key.kind === "named" && t.key.name === "")) {
        out.push(
          diag(
            "E0209",
            `map key type must be string, found '${keyText(t.key)}'`,
            t.key.span,
            "msgp only encodes maps whose key type is literally string: other keys make msgp silently drop the field. Use map<string, V> and convert keys yourself",
          ),
        );
      }
      checkTypeRef(t.key, out);
      checkTypeRef(t.value, out);
      return;
    default:
      return;
  }
}

function keyText(t: TypeRef): string {
  return t.kind === "scalar" || t.kind === "named" || t.kind === "builtin" ? t.name : t.kind;
}
