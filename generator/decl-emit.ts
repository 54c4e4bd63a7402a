// Emits one IDL type declaration: its TS type, zero-value constructor,
// encode/decode functions and codec object.
//
// Structs become interfaces plus a `createX()` constructor, not classes:
// values are plain objects, so they are cheap to build, compare structurally
// (node's deepStrictEqual, the conformance checks), survive structuredClone
// and spread, and the decoder fills one object literal with a fixed shape that
// V8 keeps monomorphic. Classes would add a prototype and `new` for no wire
// benefit and would make `{...}` literals unusable as values.
import type { AliasDecl, EnumDecl, ExtensionDecl, Field, StructDecl, TypeDecl, TypeRef } from "../idl/ast.js";
import { GenerateError, type FileContext } from "./context.js";
import { decodeExpr, encodeStmts, ind, Temps } from "./codec-emit.js";
import { callStatement, logicalOperand, negate, signature } from "./layout.js";
import { emptyCheck, int64Type, isInt64, nullableContainer, structZero, tsType, valueZero, zeroExpr, type Use } from "./type-emit.js";

/** Where generated doc comments say a declaration came from. */
export function srcNote(ctx: FileContext, line: number): string {
  return `${ctx.sourceName}:${line}`;
}

/**
 * Text that cannot end a comment early and reads the same after prettier:
 * star-slash is escaped, and so are JS line terminators (U+2028/9) and control
 * characters (CR, NUL, DEL...: prettier rewrites line ends, and raw controls
 * are unreadable); a tab is kept.
 */
export function commentSafe(text: string): string {
  return text
    .replace(/\*\//g, "*\\/")
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A TS string literal for a wire key: JSON.stringify escapes C0 controls but
 * leaves DEL, C1 controls and U+2028/9 raw, which are legal but unreadable
 * (and invisible in a diff) in generated source, so those are escaped too.
 */
function keyLiteral(key: string): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(key).replace(/[\x7f-\x9f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A JSDoc block from doc text plus a source note. */
export function jsdoc(doc: string | undefined, rawNote: string, indent = ""): string[] {
  // Notes quote wire keys, which may contain "*/" (or U+2028/U+2029, line breaks to JS).
  const note = commentSafe(rawNote);
  const lines = (doc ?? "").split("\n").map((l) => commentSafe(l).trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) return [`${indent}/** ${note} */`];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} (${note}) */`];
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l === "" ? "" : ` ${l}`}`), `${indent} * (${note})`, `${indent} */`];
}

/** Emits everything for one declaration. */
export function emitDecl(d: TypeDecl, ctx: FileContext): string[] {
  switch (d.kind) {
    case "struct":
      return emitStruct(d, ctx);
    case "enum":
      return emitEnum(d, ctx);
    case "alias":
      return emitAlias(d, ctx);
    case "extension":
      return emitExtension(d, ctx);
  }
}

function fieldUse(ctx: FileContext, s: StructDecl, f: Field): Use {
  return { ctx, int64: f.int64 ?? ctx.int64, expand: f.int64 !== undefined, where: `${s.name}.${f.name}` };
}

/** Whether a field's TS type admits null because nil reaches the wire. */
function fieldNullable(ctx: FileContext, s: StructDecl, f: Field): boolean {
  return (f.allownil || f.omitempty) && nullableContainer(f.type, fieldUse(ctx, s, f));
}

function fieldType(ctx: FileContext, s: StructDecl, f: Field): string {
  const t = tsType(f.type, fieldUse(ctx, s, f));
  return fieldNullable(ctx, s, f) ? `${t} | null` : t;
}

/** One key/value as it appears on the wire, after flatten splicing. */
interface WireField {
  readonly field: Field;
  readonly owner: StructDecl;
  readonly ctx: FileContext;
  /** Access path from the struct value: `v.Inner.InA`. */
  readonly access: string;
  /** Name used in decode error paths. */
  readonly path: string;
}

function wireFields(s: StructDecl, ctx: FileContext, base: string, pathBase: string, depth = 0): WireField[] {
  if (depth > 16) throw new GenerateError("flatten nesting too deep (cycle?)", s.name);
  const out: WireField[] = [];
  for (const f of s.fields) {
    const access = `${base}.${f.name}`;
    const path = pathBase === "" ? f.name : `${pathBase}.${f.name}`;
    if (!f.flatten) {
      out.push({ field: f, owner: s, ctx, access, path });
      continue;
    }
    const u = ctx.underlying(f.type, `${s.name}.${f.name}`);
    if (u.decl?.kind !== "struct") throw new GenerateError("flatten needs a struct type", `${s.name}.${f.name}`);
    out.push(...wireFields(u.decl, u.ctx, access, path, depth + 1));
  }
  return out;
}

/** The condition under which msgp leaves a field out of a map-layout struct. */
function omitCondition(w: WireField): string | undefined {
  const f = w.field;
  const u = fieldUse(w.ctx, w.owner, f);
  let cond: string | undefined;
  if (f.omitempty) {
    cond = emptyCheck(f.type, w.access, u);
    if (cond === undefined && !f.omitzero) return undefined;
  }
  if (cond === undefined && f.omitzero) cond = zeroCondition(f.type, w.access, u);
  return cond;
}

/** omitzero: Go's IsZero — zero time, an all-zero struct, nil or a pointer to an all-zero struct. */
function zeroCondition(t: TypeRef, x: string, u: Use): string | undefined {
  if (t.kind === "optional") {
    const inner = zeroCondition(t.inner, x, u);
    return inner === undefined ? `${x} === null` : `${x} === null || ${logicalOperand(inner)}`;
  }
  if (t.kind === "named") {
    const r = u.ctx.lookup(t.name, u.where);
    const ru: Use = { ...u, ctx: u.ctx.forFile(r.file), expand: true };
    if (r.decl.kind === "struct") return structZero(r.decl, x, ru, false);
    if (r.decl.kind === "alias") return zeroCondition(r.decl.type, x, ru);
  }
  return valueZero(t, x, u, false);
}

function emitStruct(s: StructDecl, ctx: FileContext): string[] {
  const out: string[] = [];
  const first = s.fields[0];
  if (s.tuple && first !== undefined && first.allownil && nullableContainer(first.type, fieldUse(ctx, s, first))) {
    ctx.warnings.push(
      `${srcNote(ctx, first.span.start.line)}: tuple ${s.name} starts with an allownil field; msgp 1.1.7-1.3.x drops the array header when it is nil (malformed output from Go peers). Put another field first.`,
    );
  }
  out.push(...jsdoc(s.doc?.text, `${s.tuple ? "Tuple" : "Map"} layout. ${srcNote(ctx, s.span.start.line)}`));
  out.push(`export interface ${s.name} {${s.fields.length === 0 ? "}" : ""}`);
  for (const f of s.fields) {
    const opts = [f.key !== f.name ? `key ${keyLiteral(f.key)}` : "", f.omitempty ? "omitempty" : "", f.omitzero ? "omitzero" : "", f.allownil ? "allownil" : "", f.flatten ? "flatten" : "", f.int64 ? `int64 ${f.int64}` : ""].filter((x) => x !== "");
    const note = `${srcNote(ctx, f.span.start.line)}${opts.length > 0 ? ` [${opts.join(", ")}]` : ""}`;
    out.push(...jsdoc(f.doc?.text, note, "  "));
    out.push(`  ${f.name}: ${fieldType(ctx, s, f)};`);
  }
  if (s.fields.length > 0) out.push("}");
  out.push("");
  out.push(`/** A zero ${s.name} (Go's zero value: what a decoder starts from, so missing keys keep it). */`);
  out.push(`export function create${s.name}(): ${s.name} {`);
  if (s.fields.length === 0) out.push("  return {};");
  else {
    out.push("  return {");
    for (const f of s.fields) out.push(`    ${f.name}: ${fieldNullable(ctx, s, f) ? "null" : zeroExpr(f.type, fieldUse(ctx, s, f))},`);
    out.push("  };");
  }
  out.push("}", "");

  const wfs = wireFields(s, ctx, "v", "");
  const keyConst = (w: WireField, i: number): string => `K_${s.name}_${i}`;
  if (!s.tuple) {
    for (let i = 0; i < wfs.length; i++) out.push(`const ${keyConst(wfs[i]!, i)} = encodeKey(${keyLiteral(wfs[i]!.field.key)});`);
    if (wfs.length > 0) out.push("");
  }

  // encode
  const tmp = new Temps();
  const enc: string[] = [];
  if (s.tuple) {
    enc.push(`w.writeArrayHeader(${wfs.length});`);
    for (const w of wfs) {
      enc.push(`// ${w.path}`);
      encodeStmts(w.field.type, w.access, fieldUse(w.ctx, w.owner, w.field), enc, tmp, { allownil: w.field.allownil, nullable: fieldNullable(w.ctx, w.owner, w.field) });
    }
  } else {
    const conds = wfs.map(omitCondition);
    if (conds.some((c) => c !== undefined)) {
      enc.push(`let n = ${wfs.length};`);
      conds.forEach((c) => {
        if (c !== undefined) enc.push(`if (${c}) n--;`);
      });
      enc.push("w.writeMapHeader(n);");
    } else enc.push(`w.writeMapHeader(${wfs.length});`);
    wfs.forEach((w, i) => {
      const body: string[] = [`w.writePreencoded(${keyConst(w, i)}); // ${commentSafe(keyLiteral(w.field.key))}`];
      encodeStmts(w.field.type, w.access, fieldUse(w.ctx, w.owner, w.field), body, tmp, { allownil: w.field.allownil, nullable: fieldNullable(w.ctx, w.owner, w.field) });
      const c = conds[i];
      if (c === undefined) enc.push(...body);
      else enc.push(`if (${negate(c)}) {`, ...body.map(ind), "}");
    });
  }
  out.push(`/** Writes ${s.name} exactly as msgp's MarshalMsg does (${s.tuple ? `array of ${wfs.length}` : "map, keys in declaration order"}). */`);
  out.push(...signature("", `export function encode${s.name}`, ["w: MsgpWriter", `v: ${s.name}`], ": void {"), ...enc.map(ind), "}", "");

  // decode
  const dtmp = new Temps();
  const dec: string[] = [`const v = create${s.name}();`, `let field = "";`, "try {"];
  if (s.tuple) {
    dec.push(ind("const start = r.pos;"), ind("const n = r.readArrayHeader();"));
    dec.push(ind(`if (n !== ${wfs.length}) {`), ind(ind(`throw new MsgpDecodeError(start, "array of ${wfs.length} (tuple ${s.name})", \`array of \${n}\`);`)), ind("}"));
    for (const w of wfs) {
      const pre: string[] = [];
      const ex = decodeExpr(w.field.type, fieldUse(w.ctx, w.owner, w.field), pre, dtmp, { allownil: w.field.allownil });
      dec.push(ind(`field = ${JSON.stringify(w.path)};`), ...pre.map(ind), ind(`${w.access} = ${ex};`));
    }
  } else {
    dec.push(ind("for (let n = r.readMapHeader(); n > 0; n--) {"));
    dec.push(ind(ind("switch (r.readMapKey()) {")));
    for (const w of wfs) {
      const pre: string[] = [];
      const ex = decodeExpr(w.field.type, fieldUse(w.ctx, w.owner, w.field), pre, dtmp, { allownil: w.field.allownil });
      const body = [`field = ${JSON.stringify(w.path)};`, ...pre, `${w.access} = ${ex};`, "break;"];
      dec.push(ind(ind(ind(`case ${keyLiteral(w.field.key)}: {`))), ...body.map((l) => ind(ind(ind(ind(l))))), ind(ind(ind("}"))));
    }
    dec.push(ind(ind(ind("default:"))), ind(ind(ind(ind('field = "";')))), ind(ind(ind(ind("r.skip(); // unknown keys are skipped, as msgp does")))));
    dec.push(ind(ind("}")), ind("}"));
  }
  dec.push("} catch (err) {", ind('throw field !== "" && err instanceof MsgpDecodeError ? err.withField(field) : err;'), "}", "return v;");
  out.push(`/** Reads ${s.name} with msgp's rules (${s.tuple ? "exact element count" : "unknown keys skipped, missing keys stay zero, last duplicate wins"}). */`);
  out.push(...signature("", `export function decode${s.name}`, ["r: MsgpReader"], `: ${s.name} {`), ...dec.map(ind), "}", "");
  out.push(...codecObject(s.name));
  return out;
}

/** `XCodec`: a value to and from a whole grid payload (also the private codecs of anonymous handler types). */
export function codecObject(name: string, type = name, what = name, exported = true): string[] {
  return [
    `/** ${what} to and from bytes (a whole grid payload). */`,
    `${exported ? "export " : ""}const ${name}Codec = {`,
    ...signature("  ", "encode", [`v: ${type}`], ": Uint8Array {"),
    ...callStatement("    ", "return encodeWith", [`encode${name}`, "v"], ";"),
    "  },",
    ...signature("  ", "decode", ["bytes: Uint8Array"], `: ${type} {`),
    ...callStatement("    ", "return decodeWith", [`decode${name}`, "bytes", JSON.stringify(what)], ";"),
    "  },",
    "};",
    "",
  ];
}

function emitEnum(e: EnumDecl, ctx: FileContext): string[] {
  const big = isInt64(e.backing);
  const ts = big ? int64Type(ctx.int64) : "number";
  const lit = (v: bigint): string => (!big || ctx.int64 === "number" ? v.toString() : ctx.int64 === "bigint" ? `${v}n` : JSON.stringify(v.toString()));
  const out: string[] = [];
  out.push(...jsdoc(e.doc?.text, `Enum backed by ${e.backing}. ${srcNote(ctx, e.span.start.line)}`));
  if (e.values.length === 0) out.push(`export const ${e.name} = {} as const;`, "");
  else {
    out.push(`export const ${e.name} = {`);
    for (const v of e.values) {
      out.push(...jsdoc(v.doc?.text, srcNote(ctx, v.span.start.line), "  "));
      out.push(`  ${v.name}: ${lit(v.value)},`);
    }
    out.push("} as const;", "");
  }
  out.push(`/** ${e.name} on the wire: any ${e.backing} (Go accepts values without a name, so does the decoder). */`);
  out.push(`export type ${e.name} = ${ts};`, "");
  out.push(`/** The name of a ${e.name} value, or undefined for an unnamed one. */`);
  out.push(`export function ${lowerFirst(e.name)}Name(v: ${e.name}): string | undefined {`);
  out.push("  switch (v) {");
  for (const v of e.values) out.push(`    case ${lit(v.value)}:`, `      return ${JSON.stringify(v.name)};`);
  out.push("  }", "  return undefined;", "}", "");
  const u: Use = { ctx, int64: ctx.int64, expand: false, where: e.name };
  const scalar: TypeRef = { kind: "scalar", name: e.backing, span: e.span };
  out.push(...simpleCodec(e.name, scalar, u, lit(0n)));
  return out;
}

function emitAlias(a: AliasDecl, ctx: FileContext): string[] {
  const u: Use = { ctx, int64: ctx.int64, expand: false, where: a.name };
  const elem = a.type.kind === "list" ? a.type.elem : a.type.kind === "map" ? a.type.value : undefined;
  if (elem?.kind === "named") {
    const r = ctx.lookup(elem.name, a.name);
    if (r.decl.kind === "struct" && ctx.inlined(r) && r.decl.fields.length > 0 && r.decl.fields.every((f) => f.omitempty)) {
      ctx.warnings.push(
        `${srcNote(ctx, a.span.start.line)}: ${a.name} holds ${r.decl.name}, an inlined struct whose fields are all omitempty; msgp <= 1.2.3 stops writing at the first all-empty element (malformed output from Go peers).`,
      );
    }
  }
  const out: string[] = [];
  out.push(...jsdoc(a.doc?.text, `Encoded like its definition. ${srcNote(ctx, a.span.start.line)}`));
  out.push(`export type ${a.name} = ${tsType(a.type, u)};`, "");
  out.push(...simpleCodec(a.name, a.type, u, zeroExpr(a.type, u)));
  return out;
}

function emitExtension(x: ExtensionDecl, ctx: FileContext): string[] {
  const out: string[] = [];
  out.push(...jsdoc(x.doc?.text, `msgp extension type ${x.extType}; the value is its data bytes. ${srcNote(ctx, x.span.start.line)}`));
  out.push(`export type ${x.name} = Uint8Array;`, "");
  out.push(`/** The extension type byte of ${x.name}. */`, `export const ${x.name}Type = ${x.extType};`, "");
  out.push(`/** An empty ${x.name}. */`, `export function create${x.name}(): ${x.name} {`, "  return EMPTY_BYTES;", "}", "");
  out.push(`/** Writes ${x.name} with msgp's extension header choice. */`);
  out.push(...signature("", `export function encode${x.name}`, ["w: MsgpWriter", `v: ${x.name}`], ": void {"), `  w.writeExt(${x.extType}, v);`, "}", "");
  out.push(`/** Reads ${x.name}; another extension type is an error. */`);
  out.push(...signature("", `export function decode${x.name}`, ["r: MsgpReader"], `: ${x.name} {`), `  return r.readExt(${x.extType});`, "}", "");
  out.push(...codecObject(x.name));
  return out;
}

function simpleCodec(name: string, t: TypeRef, u: Use, zero: string): string[] {
  const out: string[] = [];
  const withCreate = zero !== "0" || name.length > 0;
  if (withCreate) out.push(`/** A zero ${name}. */`, `export function create${name}(): ${name} {`, `  return ${zero};`, "}", "");
  const enc: string[] = [];
  encodeStmts(t, "v", u, enc, new Temps());
  out.push(`/** Writes ${name} as msgp does for its definition. */`);
  out.push(...signature("", `export function encode${name}`, ["w: MsgpWriter", `v: ${name}`], ": void {"), ...enc.map(ind), "}", "");
  const pre: string[] = [];
  const ex = decodeExpr(t, u, pre, new Temps());
  out.push(`/** Reads ${name}. */`);
  out.push(...signature("", `export function decode${name}`, ["r: MsgpReader"], `: ${name} {`), ...pre.map(ind), `  return ${ex};`, "}", "");
  out.push(...codecObject(name));
  return out;
}

/** `Lock` -> `lock`, `RLock` -> `rLock`. */
export function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1);
}
