// Reduces a TypeRef to what msgp actually puts on (and accepts from) the wire:
// aliases resolved, enums seen as their backing integer, Go-equivalent spellings
// merged (int == int64 == duration, byte == uint8, Bytes == nil-able bytes...).
// The comparator reasons only about these shapes, never about the text.
import type { GridFile, StructDecl, EnumDecl, TypeRef } from "../ast.js";
import type { Lookup } from "./load.js";

/** A declaration together with the file it lives in (needed to resolve its own references). */
export interface DeclIn<D> {
  readonly decl: D;
  readonly file: GridFile;
}

/** The wire shape of a value. `nil` = the encoding may be nil (c0) and the reader accepts c0. */
export type Shape =
  | { k: "int"; signed: boolean; bits: 8 | 16 | 32 | 64; nil: boolean; label: string; enumOf?: DeclIn<EnumDecl> }
  | { k: "float"; bits: 32 | 64; nil: boolean; label: string }
  | { k: "complex"; bits: 64 | 128; nil: boolean; label: string }
  | { k: "bool" | "string" | "time" | "jsonnumber" | "any" | "raw" | "none"; nil: boolean; label: string }
  | { k: "bytes"; nil: boolean; label: string }
  | { k: "fixedBytes"; n: number; nil: boolean; label: string }
  | { k: "list"; elem: Shape; nil: boolean; label: string }
  | { k: "array"; elem: Shape; n: number; nil: boolean; label: string }
  | { k: "map"; value: Shape; nil: boolean; label: string }
  | { k: "json"; inner: Shape; nil: boolean; label: string }
  | { k: "struct"; of: DeclIn<StructDecl>; nil: boolean; label: string }
  | { k: "ext"; extType: number; nil: boolean; label: string }
  | { k: "unresolved"; nil: boolean; label: string };

const INTS: Record<string, { signed: boolean; bits: 8 | 16 | 32 | 64 }> = {
  int8: { signed: true, bits: 8 },
  int16: { signed: true, bits: 16 },
  int32: { signed: true, bits: 32 },
  rune: { signed: true, bits: 32 },
  int64: { signed: true, bits: 64 },
  int: { signed: true, bits: 64 },
  duration: { signed: true, bits: 64 },
  uint8: { signed: false, bits: 8 },
  byte: { signed: false, bits: 8 },
  uint16: { signed: false, bits: 16 },
  uint32: { signed: false, bits: 32 },
  uint64: { signed: false, bits: 64 },
  uint: { signed: false, bits: 64 },
};

/** Builds the wire shape of `ref` as written in `file`; `allownil` is the field option. */
export function shapeOf(ref: TypeRef, file: GridFile, lookup: Lookup, allownil = false, depth = 0): Shape {
  const s = shapeInner(ref, file, lookup, depth);
  if (allownil && (s.k === "list" || s.k === "map" || s.k === "bytes")) return { ...s, nil: true };
  return s;
}

function shapeInner(ref: TypeRef, file: GridFile, lookup: Lookup, depth: number): Shape {
  if (depth > 64) return { k: "unresolved", nil: false, label: "(too deep)" };
  const sub = (r: TypeRef) => shapeOf(r, file, lookup, false, depth + 1);
  switch (ref.kind) {
    case "scalar": {
      const n = ref.name;
      const i = INTS[n];
      if (i) return { k: "int", ...i, nil: false, label: n };
      if (n === "float32" || n === "float64") return { k: "float", bits: n === "float32" ? 32 : 64, nil: false, label: n };
      if (n === "complex64" || n === "complex128") return { k: "complex", bits: n === "complex64" ? 64 : 128, nil: false, label: n };
      if (n === "bytes") return { k: "bytes", nil: false, label: "bytes" };
      // msgp.Raw: an empty Raw is written as c0 and c0 is read back, so it is nil-able.
      if (n === "raw") return { k: "raw", nil: true, label: n };
      if (n === "any") return { k: "any", nil: true, label: n };
      return { k: n as "bool" | "string" | "time" | "jsonnumber", nil: false, label: n };
    }
    case "fixedBytes":
      return { k: "fixedBytes", n: ref.size, nil: false, label: `bytes[${ref.size}]` };
    case "list": {
      const e = sub(ref.elem);
      return { k: "list", elem: e, nil: false, label: `list<${e.label}>` };
    }
    case "gridArray": {
      const e = sub(ref.elem);
      return { k: "list", elem: e, nil: true, label: `Array<${e.label}>` };
    }
    case "array": {
      const e = sub(ref.elem);
      return { k: "array", elem: e, n: ref.size, nil: false, label: `array<${e.label}, ${ref.size}>` };
    }
    case "map": {
      const v = sub(ref.value);
      return { k: "map", value: v, nil: false, label: `map<string, ${v.label}>` };
    }
    case "optional": {
      const inner = sub(ref.inner);
      return { ...inner, nil: true, label: `${inner.label}?` } as Shape;
    }
    case "json": {
      const inner = sub(ref.inner);
      return { k: "json", inner, nil: true, label: `json<${inner.label}>` };
    }
    case "builtin":
      switch (ref.name) {
        case "Bytes":
          return { k: "bytes", nil: true, label: "Bytes" };
        case "MSS":
          return { k: "map", value: { k: "string", nil: false, label: "string" }, nil: true, label: "MSS" };
        case "URLValues":
          return {
            k: "map",
            value: { k: "list", elem: { k: "string", nil: false, label: "string" }, nil: false, label: "list<string>" },
            nil: false,
            label: "URLValues",
          };
        case "NoPayload":
          return { k: "none", nil: false, label: "NoPayload" };
      }
      break;
    case "named": {
      const found = lookup(file, ref.name);
      if (!found) return { k: "unresolved", nil: false, label: ref.name };
      const d = found.decl;
      switch (d.kind) {
        case "alias": {
          const inner = shapeOf(d.type, found.file, lookup, false, depth + 1);
          return { ...inner, label: `${d.name} (${inner.label})` } as Shape;
        }
        case "enum": {
          const i = INTS[d.backing] ?? { signed: false, bits: 8 as const };
          return { k: "int", ...i, nil: false, label: `${d.name} (enum : ${d.backing})`, enumOf: { decl: d, file: found.file } };
        }
        case "struct":
          return { k: "struct", of: { decl: d, file: found.file }, nil: false, label: d.name };
        case "extension":
          return { k: "ext", extType: d.extType, nil: false, label: `${d.name} (extension ${d.extType})` };
      }
    }
  }
  return { k: "unresolved", nil: false, label: "?" };
}

/** The struct's fields as msgp writes them: `flatten` fields replaced by the flattened struct's fields. */
export function wireFields(s: DeclIn<StructDecl>, lookup: Lookup, depth = 0): { field: StructDecl["fields"][number]; file: GridFile }[] {
  const out: { field: StructDecl["fields"][number]; file: GridFile }[] = [];
  for (const f of s.decl.fields) {
    if (f.flatten && depth < 16) {
      const sh = shapeOf(f.type, s.file, lookup);
      if (sh.k === "struct") {
        out.push(...wireFields(sh.of, lookup, depth + 1));
        continue;
      }
    }
    out.push({ field: f, file: s.file });
  }
  return out;
}
