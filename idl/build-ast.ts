// CST -> typed AST (idl/ast.ts). Also validates what only the syntax tree can
// tell (option names and values, type argument shapes, handler parameter
// shapes), because the AST has no room for an unknown option or a malformed type.
import type { CstNode, IToken } from "chevrotain";
import type {
  AliasDecl,
  Comment,
  Doc,
  EnumDecl,
  EnumValue,
  ExtensionDecl,
  Field,
  FileOption,
  GridFile,
  HandlerDecl,
  ImportDecl,
  Int64Mode,
  Reserved,
  ScalarName,
  ServiceDecl,
  Span,
  StructDecl,
  TypeDecl,
  TypeRef,
} from "./ast.js";
import { BUILTIN_NAMES, SCALAR_NAMES } from "./ast.js";
import { child, children, LineMap, nodeSpan, onlyWhitespace, tok, tokenSpan, toks } from "./cst-util.js";
import { diag, fileStartSpan, type Diagnostic } from "./diagnostic.js";

const SCALARS = new Set<string>(SCALAR_NAMES);
const BUILTINS = new Set<string>(BUILTIN_NAMES);
/** Integer scalars usable as enum backing types. */
export const INTEGER_SCALARS = new Set<string>(["int8", "int16", "int32", "int64", "int", "uint8", "uint16", "uint32", "uint64", "uint", "byte", "rune"]);
const INT64_MODES = new Set<string>(["bigint", "number", "string"]);

/** A parsed option value, still untyped. */
type OptValue =
  | { kind: "string"; value: string; span: Span }
  | { kind: "int"; value: bigint; span: Span }
  | { kind: "duration"; ms: number; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "ident"; value: string; span: Span }
  | { kind: "list"; items: OptValue[]; span: Span };

interface OptItem {
  name: string;
  nameSpan: Span;
  value?: OptValue;
  span: Span;
}

/** What the type-argument helpers need to know about one written type. */
interface TypeCtx {
  name: string;
  args: CstNode[];
  sizeTok: IToken | undefined;
  hasArgs: boolean;
  span: Span;
}

/** Converts one file's CST; collects diagnostics instead of throwing. */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lm: LineMap;
  private readonly docs: Comment[];

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly comments: Comment[],
    /** The file's tokens in order, to tell a trailing doc comment from a leading one. */
    private readonly tokens: readonly IToken[] = [],
  ) {
    this.lm = new LineMap(text);
    this.docs = comments.filter((c) => c.kind === "doc");
  }

  private ts(t: IToken): Span {
    return tokenSpan(this.path, this.lm, t);
  }
  private ns(n: CstNode | undefined, fallback?: Span): Span {
    const s = n === undefined ? undefined : nodeSpan(this.path, this.lm, n);
    return s ?? fallback ?? fileStartSpan(this.path);
  }
  private join(a: Span, b: Span): Span {
    return { file: this.path, start: a.start, end: b.end };
  }

  /** The doc comments directly above `offset` (only whitespace between). */
  private docBefore(offset: number): Doc | undefined {
    // Binary search for the last doc comment ending at or before `offset`.
    let lo = 0;
    let hi = this.docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.docs[mid]?.span.end.offset ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    let boundary = offset;
    const picked: Comment[] = [];
    while (i >= 0) {
      const c = this.docs[i];
      if (c === undefined) break;
      if (!onlyWhitespace(this.text, c.span.end.offset, boundary)) break;
      picked.unshift(c);
      boundary = c.span.start.offset;
      i--;
    }
    // Doc comments after code on their line belong to that line (the formatter
    // keeps them there as trailing comments), not to the next declaration.
    const head = picked[0];
    if (head !== undefined && this.tokenBeforeOnLine(head)) {
      const line = head.span.start.line;
      while (picked.length > 0 && picked[0]?.span.start.line === line) picked.shift();
    }
    const first = picked[0];
    const last = picked[picked.length - 1];
    if (first === undefined || last === undefined) return undefined;
    return { text: picked.map((c) => docText(c.text)).join("\n"), span: this.join(first.span, last.span) };
  }

  /** True when a real token ends on `c`'s line before `c` starts. */
  private tokenBeforeOnLine(c: Comment): boolean {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[mid]?.startOffset ?? 0) < c.span.start.offset) lo = mid + 1;
      else hi = mid;
    }
    const prev = this.tokens[lo - 1];
    return prev !== undefined && (prev.endLine ?? 0) === c.span.start.line;
  }

  private name(node: CstNode, label = "name"): { name: string; span: Span } | undefined {
    const t = tok(node, label);
    return t === undefined ? undefined : { name: t.image, span: this.ts(t) };
  }

  private str(t: IToken): string {
    try {
      const v: unknown = JSON.parse(t.image);
      if (typeof v === "string") return v;
    } catch {
      // fall through to the diagnostic
    }
    this.diagnostics.push(
      diag("E0023", `invalid escape in string ${t.image}`, this.ts(t), 'strings use JSON escapes: \\" \\\\ \\n \\t \\uXXXX'),
    );
    return t.image.slice(1, -1);
  }

  private int(t: IToken): bigint | undefined {
    const img = t.image;
    const neg = img.startsWith("-");
    try {
      const v = BigInt(neg ? img.slice(1) : img);
      return neg ? -v : v;
    } catch {
      this.diagnostics.push(diag("E0022", `malformed number ${img}`, this.ts(t)));
      return undefined;
    }
  }

  /** A bigint narrowed to a JS number for IDs and sizes; huge values become Infinity-free sentinels. */
  private small(t: IToken): number | undefined {
    const v = this.int(t);
    if (v === undefined) return undefined;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.diagnostics.push(diag("E0022", `number ${t.image} is too large here`, this.ts(t), "IDs, sizes and ranges are small numbers; check for a typo"));
      return undefined;
    }
    return Number(v);
  }

  build(cst: CstNode): GridFile {
    let pkg: { name: string; span: Span; decl: Span } | undefined;
    const imports: ImportDecl[] = [];
    const options: FileOption[] = [];
    const types: TypeDecl[] = [];
    const services: ServiceDecl[] = [];
    let fileDoc: Doc | undefined;
    for (const top of children(cst, "topLevel")) {
      const [key, list] = Object.entries(top.children)[0] ?? [];
      const node = list?.[0] as CstNode | undefined;
      if (key === undefined || node === undefined) continue;
      switch (key) {
        case "packageDecl": {
          const n = this.name(node);
          const span = this.ns(node);
          if (pkg !== undefined) {
            this.diagnostics.push(diag("E0021", "a file has exactly one package declaration", span, "remove this one"));
          } else if (n !== undefined) {
            pkg = { name: n.name, span: n.span, decl: span };
            fileDoc = this.docBefore(span.start.offset);
          }
          break;
        }
        case "importDecl":
          this.buildImport(node, imports);
          break;
        case "optionDecl":
          this.buildFileOption(node, options);
          break;
        case "structDecl":
          this.push(types, this.buildStruct(node));
          break;
        case "enumDecl":
          this.push(types, this.buildEnum(node));
          break;
        case "aliasDecl":
          this.push(types, this.buildAlias(node));
          break;
        case "extensionDecl":
          this.push(types, this.buildExtension(node));
          break;
        case "serviceDecl":
          this.push(services, this.buildService(node));
          break;
      }
    }
    if (pkg === undefined) {
      this.diagnostics.push(
        diag("E0020", "missing package declaration", fileStartSpan(this.path), "start the file with `package name;`"),
      );
    }
    const file: GridFile = {
      path: this.path,
      package: pkg?.name ?? "",
      imports,
      options,
      types,
      services,
      comments: this.comments,
    };
    if (pkg !== undefined) Object.assign(file, { packageSpan: pkg.span, packageDeclSpan: pkg.decl });
    if (fileDoc !== undefined) Object.assign(file, { doc: fileDoc });
    return file;
  }

  private push<T>(list: T[], v: T | undefined): void {
    if (v !== undefined) list.push(v);
  }

  private withDoc<T extends object>(obj: T, span: Span): T {
    const doc = this.docBefore(span.start.offset);
    if (doc !== undefined) Object.assign(obj, { doc });
    return obj;
  }

  private buildImport(node: CstNode, out: ImportDecl[]): void {
    const p = tok(node, "path");
    if (p === undefined) return;
    const decl: ImportDecl = { path: this.str(p), span: this.ns(node) };
    const alias = tok(node, "alias");
    if (alias !== undefined) Object.assign(decl, { alias: alias.image });
    out.push(decl);
  }

  private buildFileOption(node: CstNode, out: FileOption[]): void {
    const n = this.name(node);
    const vNode = child(node, "value");
    if (n === undefined || vNode === undefined) return;
    const v = this.value(vNode);
    if (v === undefined) return;
    const span = this.ns(node);
    if (out.some((o) => o.name === n.name)) {
      this.diagnostics.push(diag("E0503", `option '${n.name}' is set twice`, span, "keep one of them"));
      return;
    }
    switch (n.name) {
      case "newtime":
      case "compactfloats":
        if (v.kind !== "bool") {
          this.badValue(n.name, v, "true or false");
          return;
        }
        out.push({ name: n.name, value: v.value, span });
        return;
      case "int64":
        if (v.kind !== "string" || !INT64_MODES.has(v.value)) {
          this.badValue(n.name, v, '"bigint", "number" or "string"');
          return;
        }
        out.push({ name: n.name, value: v.value, span });
        return;
      default:
        this.diagnostics.push(
          diag("E0501", `unknown file option '${n.name}'`, n.span, "file options are newtime, compactfloats and int64"),
        );
    }
  }

  private badValue(name: string, v: OptValue, expected: string): void {
    this.diagnostics.push(diag("E0502", `option '${name}' expects ${expected}, found ${describeValue(v)}`, v.span, quoteHint(v) ?? `write ${name} = ${expected.split(" or ")[0]?.split(", ")[0]}`));
  }

  private value(node: CstNode): OptValue | undefined {
    const span = this.ns(node);
    const s = tok(node, "str");
    if (s !== undefined) return { kind: "string", value: this.str(s), span };
    const i = tok(node, "int");
    if (i !== undefined) {
      const v = this.int(i);
      return v === undefined ? undefined : { kind: "int", value: v, span };
    }
    const d = tok(node, "dur");
    if (d !== undefined) return { kind: "duration", ms: durationMs(d.image), span };
    const id = tok(node, "ident");
    if (id !== undefined && (id.image === "true" || id.image === "false")) return { kind: "bool", value: id.image === "true", span };
    if (id !== undefined) return { kind: "ident", value: id.image, span };
    const items: OptValue[] = [];
    for (const c of children(node, "items")) this.push(items, this.value(c));
    return { kind: "list", items, span };
  }

  private optionItems(node: CstNode | undefined): OptItem[] {
    if (node === undefined) return [];
    const out: OptItem[] = [];
    for (const item of children(node, "items")) {
      const n = this.name(item);
      if (n === undefined) continue;
      const vNode = child(item, "value");
      const value = vNode === undefined ? undefined : this.value(vNode);
      const o: OptItem = { name: n.name, nameSpan: n.span, span: this.ns(item) };
      if (value !== undefined) o.value = value;
      if (out.some((x) => x.name === n.name)) {
        this.diagnostics.push(diag("E0503", `option '${n.name}' is given twice`, o.span, "keep one of them"));
        continue;
      }
      out.push(o);
    }
    return out;
  }

  private flag(o: OptItem): boolean {
    if (o.value === undefined) return true;
    if (o.value.kind === "bool") return o.value.value;
    this.diagnostics.push(
      diag("E0502", `option '${o.name}' is a flag and takes no value, found ${describeValue(o.value)}`, o.value.span, `write just '${o.name}'`),
    );
    return true;
  }

  private reserved(node: CstNode): Reserved {
    const ids: { from: number; to: number; span: Span }[] = [];
    const names: { name: string; span: Span }[] = [];
    for (const item of children(node, "items")) {
      const n = tok(item, "name");
      if (n !== undefined) {
        names.push({ name: this.str(n), span: this.ts(n) });
        continue;
      }
      const f = tok(item, "from");
      if (f === undefined) continue;
      const from = this.small(f);
      const t = tok(item, "to");
      const to = t === undefined ? from : this.small(t);
      if (from === undefined || to === undefined) continue;
      const span = this.ns(item);
      if (to < from) {
        this.diagnostics.push(diag("E0613", `reserved range ${from} to ${to} is inverted`, span, `write ${to} to ${from}`));
        continue;
      }
      ids.push({ from, to, span });
    }
    return { ids, names, span: this.ns(node) };
  }

  // ---- types ----

  typeRef(node: CstNode | undefined, fallback: Span): TypeRef {
    if (node === undefined) return { kind: "named", name: "", span: fallback };
    const span = this.ns(node, fallback);
    const optionals = node.children["optional"] === undefined ? [] : toks(node, "optional");
    let t = this.baseType(node, span);
    if (optionals.length > 0) {
      const first = optionals[0];
      const innerEnd = first === undefined ? span.end : this.lm.pos(first.startOffset);
      t = { ...t, span: { file: this.path, start: span.start, end: innerEnd } } as TypeRef;
      for (const q of optionals) {
        t = { kind: "optional", inner: t, span: { file: this.path, start: span.start, end: this.ts(q).end } };
      }
    }
    return t;
  }

  // Helpers take a context object instead of being closures: closures in this
  // hot path cost an allocation (and, under tsx, a defineProperty) per type.
  private argTypes(c: TypeCtx): TypeRef[] {
    return c.args.map((a) => {
      const sz = tok(a, "size");
      if (sz !== undefined) {
        this.diagnostics.push(diag("E0106", `expected a type, found the number ${sz.image}`, this.ts(sz), "only array<T, N> takes a number, as its second argument"));
        return { kind: "named", name: "", span: this.ts(sz) } as TypeRef;
      }
      return this.typeRef(child(a, "typeRef"), this.ns(a, c.span));
    });
  }

  private noArgs(c: TypeCtx, what: string): void {
    if (c.hasArgs) this.diagnostics.push(diag("E0106", `${what} takes no type arguments`, c.span, "remove the <...>; generic types are list, array, map, json and Array"));
    if (c.sizeTok !== undefined) {
      this.diagnostics.push(
        diag("E0106", `${what} takes no size`, this.ts(c.sizeTok), "only bytes[N] has a size; a fixed array of other elements is array<T, N>"),
      );
    }
  }

  /** True when the generic has exactly `n` arguments (else reports E0106). */
  private arity(c: TypeCtx, n: number, usage: string): boolean {
    if (c.sizeTok !== undefined) this.diagnostics.push(diag("E0106", `${c.name} takes no [size]`, this.ts(c.sizeTok), `write ${usage}`));
    if (!c.hasArgs || c.args.length !== n) {
      this.diagnostics.push(
        diag("E0106", `${c.name} needs ${n === 1 ? "one type argument" : "two arguments"}, found ${c.args.length}`, c.span, `write ${usage}`),
      );
      return false;
    }
    return true;
  }

  private baseType(node: CstNode, span: Span): TypeRef {
    const name = tok(node, "name")?.image ?? "";
    const member = tok(node, "member");
    const hasArgs = node.children["LAngle"] !== undefined;
    const sizeTok = tok(node, "size");
    if (!hasArgs && sizeTok === undefined && member === undefined) {
      // The common case: a plain name.
      if (SCALARS.has(name)) return { kind: "scalar", name: name as ScalarName, span };
      if (BUILTINS.has(name)) return { kind: "builtin", name: name as (typeof BUILTIN_NAMES)[number], span };
    }
    const c: TypeCtx = { name, args: hasArgs ? children(node, "args") : [], sizeTok, hasArgs, span };
    if (member !== undefined) {
      this.noArgs(c, `'${name}.${member.image}'`);
      return { kind: "named", name: `${name}.${member.image}`, span };
    }
    if (name === "bytes" && sizeTok !== undefined) {
      if (hasArgs) this.diagnostics.push(diag("E0106", "bytes takes no type arguments", span, "write bytes or bytes[N]"));
      const size = this.small(sizeTok) ?? 1;
      return { kind: "fixedBytes", size, span };
    }
    if (SCALARS.has(name)) {
      this.noArgs(c, `scalar type '${name}'`);
      return { kind: "scalar", name: name as ScalarName, span };
    }
    if (BUILTINS.has(name)) {
      this.noArgs(c, `builtin type '${name}'`);
      return { kind: "builtin", name: name as (typeof BUILTIN_NAMES)[number], span };
    }
    switch (name) {
      case "list": {
        if (!this.arity(c, 1, "list<T>, e.g. list<string>")) return unknownType(span);
        const [elem] = this.argTypes(c);
        return { kind: "list", elem: elem ?? unknownType(span), span };
      }
      case "json": {
        if (!this.arity(c, 1, "json<T>, e.g. json<LockArgs>")) return unknownType(span);
        const [inner] = this.argTypes(c);
        return { kind: "json", inner: inner ?? unknownType(span), span };
      }
      case "Array": {
        if (!this.arity(c, 1, "Array<T>, e.g. Array<LockArgs>")) return unknownType(span);
        const [elem] = this.argTypes(c);
        return { kind: "gridArray", elem: elem ?? unknownType(span), span };
      }
      case "map": {
        if (!this.arity(c, 2, "map<string, V>")) return unknownType(span);
        const [key, value] = this.argTypes(c);
        return { kind: "map", key: key ?? unknownType(span), value: value ?? unknownType(span), span };
      }
      case "array": {
        if (!this.arity(c, 2, "array<T, N>, e.g. array<uint32, 4>")) return unknownType(span);
        const [elemArg, sizeArg] = c.args;
        const elem = elemArg === undefined ? unknownType(span) : this.typeRef(child(elemArg, "typeRef"), span);
        const sz = sizeArg === undefined ? undefined : tok(sizeArg, "size");
        if (sz === undefined) {
          this.diagnostics.push(diag("E0106", "the second argument of array<T, N> is its length, a number", this.ns(sizeArg, span), "e.g. array<uint32, 4>"));
          return { kind: "array", elem, size: 0, span };
        }
        if (tok(elemArg ?? node, "size") !== undefined) {
          this.diagnostics.push(diag("E0106", "the first argument of array<T, N> is the element type", this.ns(elemArg, span), "e.g. array<uint32, 4>"));
        }
        return { kind: "array", elem, size: this.small(sz) ?? 0, span };
      }
    }
    this.noArgs(c, `type '${name}'`);
    return { kind: "named", name, span };
  }

  // ---- declarations ----

  private buildStruct(node: CstNode): StructDecl | undefined {
    const n = this.name(node);
    if (n === undefined) return undefined;
    const span = this.ns(node);
    let tuple = false;
    for (const o of this.optionItems(child(node, "optionList"))) {
      if (o.name === "tuple") tuple = this.flag(o);
      else this.diagnostics.push(diag("E0501", `unknown struct option '${o.name}'`, o.nameSpan, "the only struct option is tuple"));
    }
    const fields: Field[] = [];
    for (const m of children(node, "structMember")) for (const f of children(m, "field")) this.push(fields, this.buildField(f));
    const reserved: Reserved[] = [];
    for (const r of children(node, "structMember").flatMap((m) => children(m, "reservedStmt"))) {
      const res = this.reserved(r);
      for (const id of res.ids) {
        this.diagnostics.push(
          diag("E0614", "struct fields have no numbers: reserve field names or keys instead", id.span, 'write reserved "OldName";'),
        );
      }
      reserved.push({ ...res, ids: [] });
    }
    // Fields and reserved statements may interleave; the AST keeps fields in wire order.
    fields.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return this.withDoc({ kind: "struct", name: n.name, nameSpan: n.span, tuple, fields, reserved, span } as StructDecl, span);
  }

  private buildField(node: CstNode): Field | undefined {
    const n = this.name(node);
    if (n === undefined) return undefined;
    const span = this.ns(node);
    const type = this.typeRef(child(node, "typeRef"), span);
    const field = {
      name: n.name,
      nameSpan: n.span,
      type,
      key: n.name,
      omitempty: false,
      omitzero: false,
      allownil: false,
      flatten: false,
      span,
    } as { -readonly [K in keyof Field]: Field[K] };
    for (const o of this.optionItems(child(node, "optionList"))) {
      switch (o.name) {
        case "key":
          if (o.value?.kind !== "string") {
            this.optValueError(o, 'a quoted wire key, e.g. key = "uid"');
            break;
          }
          field.key = o.value.value;
          field.keySpan = o.value.span;
          break;
        case "omitempty":
        case "omitzero":
        case "allownil":
        case "flatten":
          field[o.name] = this.flag(o);
          break;
        case "int64":
          if (o.value?.kind !== "string" || !INT64_MODES.has(o.value.value)) {
            this.optValueError(o, '"bigint", "number" or "string"');
            break;
          }
          field.int64 = o.value.value as Int64Mode;
          break;
        default:
          this.diagnostics.push(
            diag("E0501", `unknown field option '${o.name}'`, o.nameSpan, "field options are key, omitempty, omitzero, allownil, flatten and int64"),
          );
      }
    }
    return this.withDoc(field as Field, span);
  }

  private optValueError(o: OptItem, expected: string): void {
    const found = o.value === undefined ? "no value" : describeValue(o.value);
    this.diagnostics.push(diag("E0502", `option '${o.name}' expects ${expected}, found ${found}`, o.value?.span ?? o.span, o.value === undefined ? `write ${o.name} = <value>` : valueHint(o.name, o.value)));
  }

  private buildEnum(node: CstNode): EnumDecl | undefined {
    const n = this.name(node);
    if (n === undefined) return undefined;
    const span = this.ns(node);
    const b = this.name(node, "backing");
    let backing: ScalarName = "int64";
    if (b !== undefined) {
      if (INTEGER_SCALARS.has(b.name)) backing = b.name as ScalarName;
      else {
        this.diagnostics.push(
          diag("E0301", `enum backing type must be an integer type, found '${b.name}'`, b.span, "use one of int8..int64, uint8..uint64, int, uint, byte, rune; MinIO enums use uint8"),
        );
      }
    }
    const values: EnumValue[] = [];
    for (const v of children(node, "enumMember").flatMap((m) => children(m, "enumValue"))) {
      const vn = this.name(v);
      const vt = tok(v, "value");
      if (vn === undefined || vt === undefined) continue;
      const value = this.int(vt);
      if (value === undefined) continue;
      const vspan = this.ns(v);
      const ev = { name: vn.name, value, nameSpan: vn.span, valueSpan: this.ts(vt), span: vspan } as EnumValue;
      if (/0x/i.test(vt.image)) Object.assign(ev, { valueText: vt.image.toLowerCase().replace(/^(-?)0x/, "$10x") });
      values.push(this.withDoc(ev, vspan));
    }
    const reserved = children(node, "enumMember").flatMap((m) => children(m, "reservedStmt")).map((r) => this.reserved(r));
    return this.withDoc({ kind: "enum", name: n.name, nameSpan: n.span, backing, values, reserved, span } as EnumDecl, span);
  }

  private buildAlias(node: CstNode): AliasDecl | undefined {
    const n = this.name(node);
    if (n === undefined) return undefined;
    const span = this.ns(node);
    const type = this.typeRef(child(node, "typeRef"), span);
    return this.withDoc({ kind: "alias", name: n.name, nameSpan: n.span, type, span } as AliasDecl, span);
  }

  private buildExtension(node: CstNode): ExtensionDecl | undefined {
    const n = this.name(node);
    const v = tok(node, "value");
    if (n === undefined || v === undefined) return undefined;
    const span = this.ns(node);
    const big = this.int(v);
    if (big === undefined) return undefined;
    // An out-of-range value is kept (clamped to a safe number) so later checks stay meaningful.
    const extType = big > 1_000_000n ? 1_000_000 : big < -1_000_000n ? -1_000_000 : Number(big);
    if (big < -128n || big > 127n) {
      this.diagnostics.push(
        diag("E0401", `extension type ${v.image} is out of range`, this.ts(v), "MessagePack extension types are int8: -128..127 (msgp reserves 3, 4 and 5)"),
      );
    }
    return this.withDoc({ kind: "extension", name: n.name, nameSpan: n.span, extType, span } as ExtensionDecl, span);
  }

  private buildService(node: CstNode): ServiceDecl | undefined {
    const n = this.name(node);
    if (n === undefined) return undefined;
    const span = this.ns(node);
    let route: { path: string; span: Span; stmtSpan: Span } | undefined;
    const members = children(node, "serviceMember");
    for (const r of members.flatMap((m) => children(m, "routeStmt"))) {
      const p = tok(r, "path");
      if (p === undefined) continue;
      const rspan = this.ns(r);
      if (route !== undefined) {
        this.diagnostics.push(diag("E0610", "a service has one route", rspan, "split the handlers into two services, one per route"));
        continue;
      }
      route = { path: this.str(p), span: this.ts(p), stmtSpan: rspan };
    }
    const handlers: HandlerDecl[] = [];
    for (const h of members.flatMap((m) => children(m, "handler"))) this.push(handlers, this.buildHandler(h));
    const reserved = members.flatMap((m) => children(m, "reservedStmt")).map((r) => this.reserved(r));
    const svc = { kind: "service", name: n.name, nameSpan: n.span, handlers, reserved, span } as ServiceDecl;
    if (route !== undefined) Object.assign(svc, { route });
    return this.withDoc(svc, span);
  }

  private buildHandler(node: CstNode): HandlerDecl | undefined {
    const kindTok = tok(node, "kind");
    const n = this.name(node);
    const idTok = tok(node, "id");
    if (kindTok === undefined || n === undefined || idTok === undefined) return undefined;
    const span = this.ns(node);
    const kind = kindTok.image === "rpc" ? "single" : "stream";
    // NaN (after the E0022 report) keeps range and duplicate checks from echoing a bad number.
    const id = this.small(idTok) ?? Number.NaN;
    const params = children(node, "params").map((p) => ({
      stream: tok(p, "stream") !== undefined,
      type: this.typeRef(child(p, "typeRef"), this.ns(p, span)),
      span: this.ns(p, span),
    }));
    const resultNode = child(node, "result");
    const result = resultNode === undefined ? undefined : { stream: tok(resultNode, "stream") !== undefined, type: this.typeRef(child(resultNode, "typeRef"), span), span: this.ns(resultNode, span) };
    const h = { name: n.name, nameSpan: n.span, id, idSpan: this.ts(idTok), kind, subroutes: [], stateless: false, span } as unknown as {
      -readonly [K in keyof HandlerDecl]: HandlerDecl[K];
    };
    if (result === undefined) return undefined;
    h.output = result.type;
    if (kind === "single") {
      const first = params[0];
      if (first === undefined) {
        this.diagnostics.push(diag("E0611", `rpc '${n.name}' needs a request type`, span, "write (NoPayload) for a request without payload"));
      } else h.payload = first.type;
      for (const p of params) {
        if (p.stream) {
          this.diagnostics.push(diag("E0611", "an rpc takes no stream input", p.span, "declare a `stream` handler to send a stream of messages"));
        }
      }
      if (params.length > 1) this.diagnostics.push(diag("E0611", "an rpc takes exactly one request type", params[1]?.span ?? span, "carry several values in one struct"));
      if (result.stream) {
        this.diagnostics.push(diag("E0611", "an rpc returns one response, not a stream", result.span, "declare it as `stream` to return a stream"));
      }
    } else {
      let sawStream = false;
      params.forEach((p, i) => {
        if (p.stream) {
          if (sawStream) this.diagnostics.push(diag("E0611", "a stream handler has at most one stream input", p.span, "carry several kinds of input in one struct (optional fields)"));
          sawStream = true;
          h.input = p.type;
        } else if (i === 0) {
          h.payload = p.type;
        } else {
          this.diagnostics.push(
            diag("E0611", "only the first parameter may be the initial payload; the second must be `stream T`", p.span, "write (Payload, stream Input)"),
          );
        }
      });
      if (!result.stream) {
        this.diagnostics.push(diag("E0611", "a stream handler returns a stream", result.span, `write returns (stream ${typeText(result.type)})`));
      }
    }
    for (const o of this.optionItems(child(node, "optionList"))) this.handlerOption(h, o);
    if (h.kind === "stream" && h.inCapacity !== undefined && h.input === undefined) {
      this.diagnostics.push(
        diag("E0606", "in_capacity needs a stream input", span, "add a `stream T` parameter or remove in_capacity"),
      );
    }
    if (h.stateless && h.input !== undefined) {
      this.diagnostics.push(diag("E0606", "a stateless stream cannot have a stream input", span, "remove `stateless` or the stream input"));
    }
    return this.withDoc(h as HandlerDecl, span);
  }

  private handlerOption(h: { -readonly [K in keyof HandlerDecl]: HandlerDecl[K] }, o: OptItem): void {
    const streamOnly = (): boolean => {
      if (h.kind === "single") {
        this.diagnostics.push(diag("E0606", `option '${o.name}' applies to stream handlers only`, o.span, "remove it from this rpc"));
        return false;
      }
      return true;
    };
    switch (o.name) {
      case "in_capacity":
      case "out_capacity": {
        if (!streamOnly()) return;
        if (o.value?.kind !== "int") return this.optValueError(o, "a number of messages");
        const v = o.value.value;
        if (v < 1n || v > 65535n) {
          this.diagnostics.push(
            diag("E0605", `${o.name} must be between 1 and 65535, found ${v}`, o.value.span, "capacities count queued messages; MinIO's default is 1"),
          );
          return;
        }
        if (o.name === "in_capacity") h.inCapacity = Number(v);
        else h.outCapacity = Number(v);
        return;
      }
      case "stateless":
        if (!streamOnly()) return;
        h.stateless = this.flag(o);
        return;
      case "timeout":
        if (o.value?.kind !== "duration") return this.optValueError(o, "a duration such as 500ms, 30s, 2m or 1h");
        if (o.value.ms <= 0 || o.value.ms > 24 * 3600 * 1000) {
          this.diagnostics.push(diag("E0612", "timeout must be more than 0 and at most 24h", o.value.span, "e.g. timeout = 30s"));
          return;
        }
        h.timeoutMs = o.value.ms;
        return;
      case "subroutes": {
        if (o.value?.kind !== "list") return this.optValueError(o, 'a list of strings, e.g. ["disk", "cache"]');
        const subs: { path: string; span: Span }[] = [];
        for (const item of o.value.items) {
          if (item.kind !== "string") {
            this.diagnostics.push(diag("E0502", `a subroute is a string, found ${describeValue(item)}`, item.span, 'quote it, e.g. "disk/1"'));
            continue;
          }
          subs.push({ path: item.value, span: item.span });
        }
        h.subroutes = subs;
        return;
      }
      default:
        this.diagnostics.push(
          diag("E0501", `unknown handler option '${o.name}'`, o.nameSpan, "handler options are timeout, in_capacity, out_capacity, stateless and subroutes"),
        );
    }
  }
}

function unknownType(span: Span): TypeRef {
  return { kind: "named", name: "", span };
}

/** Text of a doc comment without its markers. */
export function docText(raw: string): string {
  if (raw.startsWith("///")) return raw.slice(3).replace(/^ /, "");
  const body = raw.replace(/^\/\*\*/, "").replace(/\*\/$/, "");
  return body
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, "").trimEnd())
    .join("\n")
    .trim();
}

/** Milliseconds of a duration literal such as 30s. */
export function durationMs(image: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(image);
  if (m === null) return 0;
  const n = Number(m[1]);
  const unit = m[2] === "ms" ? 1 : m[2] === "s" ? 1000 : m[2] === "m" ? 60_000 : 3_600_000;
  return n * unit;
}

/** A concrete fix for the usual wrong-kind values (quoted durations, unit-less numbers, bare words). */
function valueHint(name: string, v: OptValue): string | undefined {
  if (name === "timeout" && v.kind === "string" && /^\d+(ms|s|m|h)$/.test(v.value)) return `durations are not quoted: ${name} = ${v.value}`;
  if (name === "timeout" && v.kind === "int") return `add a unit: ${name} = ${v.value}s`;
  if (name === "subroutes" && v.kind === "string") return `subroutes is a list: ${name} = [${JSON.stringify(v.value)}]`;
  return quoteHint(v);
}

/** For a bare word where a string was meant: suggest the quoted form. */
function quoteHint(v: OptValue): string | undefined {
  return v.kind === "ident" ? `strings are quoted: "${v.value}"` : undefined;
}

function describeValue(v: OptValue): string {
  switch (v.kind) {
    case "string":
      return `the string ${JSON.stringify(v.value)}`;
    case "int":
      return `the number ${v.value}`;
    case "duration":
      return "a duration";
    case "bool":
      return String(v.value);
    case "ident":
      return `'${v.value}'`;
    case "list":
      return "a list";
  }
}

/** Source-like text of a type, for messages and the formatter. */
export function typeText(t: TypeRef): string {
  switch (t.kind) {
    case "scalar":
    case "builtin":
    case "named":
      return t.name;
    case "fixedBytes":
      return `bytes[${t.size}]`;
    case "list":
      return `list<${typeText(t.elem)}>`;
    case "array":
      return `array<${typeText(t.elem)}, ${t.size}>`;
    case "map":
      return `map<${typeText(t.key)}, ${typeText(t.value)}>`;
    case "optional":
      return `${typeText(t.inner)}?`;
    case "json":
      return `json<${typeText(t.inner)}>`;
    case "gridArray":
      return `Array<${typeText(t.elem)}>`;
  }
}
