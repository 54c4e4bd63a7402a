// A small, forgiving reader of the Contract-2 .grid syntax that yields the
// Contract-1 AST. It exists only so compat keeps working (and testable) when
// the real front end in idl/index.ts is missing; load.ts prefers the real one.
// It does no semantic checking beyond what the comparator needs.
import type {
  Comment,
  EnumValue,
  Field,
  FileOption,
  GridFile,
  HandlerDecl,
  ImportDecl,
  Int64Mode,
  Pos,
  Reserved,
  ScalarName,
  ServiceDecl,
  Span,
  TypeDecl,
  TypeRef,
  BuiltinName,
} from "../ast.js";
import { BUILTIN_NAMES, SCALAR_NAMES } from "../ast.js";

interface Tok {
  kind: "ident" | "string" | "number" | "punct" | "eof";
  text: string;
  start: Pos;
  end: Pos;
}

/** A syntax error of the fallback reader, with the position it stopped at. */
export class FallbackParseError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly pos: Pos,
  ) {
    super(`${file}:${pos.line}:${pos.col}: ${message}`);
    this.name = "FallbackParseError";
  }
}

function lex(text: string, file: string, comments: Comment[]): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const pos = (): Pos => ({ line, col, offset: i });
  const adv = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (text[i] === "\n") {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      adv(1);
      continue;
    }
    const start = pos();
    if (c === "/" && text[i + 1] === "/") {
      let j = i;
      while (j < text.length && text[j] !== "\n") j++;
      const body = text.slice(i, j);
      adv(j - i);
      comments.push({ text: body, kind: body.startsWith("///") ? "doc" : "line", span: { file, start, end: pos() } });
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const j = text.indexOf("*/", i + 2);
      const stop = j < 0 ? text.length : j + 2;
      const body = text.slice(i, stop);
      adv(stop - i);
      comments.push({ text: body, kind: body.startsWith("/**") ? "doc" : "block", span: { file, start, end: pos() } });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      const t = text.slice(i, j);
      adv(j - i);
      toks.push({ kind: "ident", text: t, start, end: pos() });
      continue;
    }
    if (/[0-9-]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9xXa-fA-F_]/.test(text[j]!)) j++;
      const t = text.slice(i, j);
      adv(j - i);
      toks.push({ kind: "number", text: t, start, end: pos() });
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\" && j + 1 < text.length) {
          s += text[j + 1];
          j += 2;
        } else s += text[j++];
      }
      adv(j + 1 - i);
      toks.push({ kind: "string", text: s, start, end: pos() });
      continue;
    }
    if ("{}()[]<>;:=,?.".includes(c)) {
      adv(1);
      toks.push({ kind: "punct", text: c, start, end: pos() });
      continue;
    }
    throw new FallbackParseError(`unexpected character '${c}'`, file, start);
  }
  toks.push({ kind: "eof", text: "", start: pos(), end: pos() });
  return toks;
}

const SCALARS = new Set<string>(SCALAR_NAMES);
const BUILTINS = new Set<string>(BUILTIN_NAMES);

/** Parses one .grid text into the AST; throws FallbackParseError on the first syntax error. */
export function parseGridFallback(text: string, file: string): GridFile {
  const comments: Comment[] = [];
  const toks = lex(text, file, comments);
  let p = 0;
  const peek = (k = 0): Tok => toks[Math.min(p + k, toks.length - 1)]!;
  const next = (): Tok => toks[Math.min(p++, toks.length - 1)]!;
  const span = (a: Pos, b: Pos): Span => ({ file, start: a, end: b });
  const tspan = (t: Tok): Span => span(t.start, t.end);
  const fail = (msg: string): never => {
    const t = peek();
    throw new FallbackParseError(`${msg}, found '${t.text || "end of file"}'`, file, t.start);
  };
  const is = (text: string) => peek().kind !== "string" && peek().text === text;
  const eat = (text: string): Tok => (is(text) ? next() : fail(`expected '${text}'`));
  const ident = (): Tok => (peek().kind === "ident" ? next() : fail("expected a name"));
  const str = (): Tok => (peek().kind === "string" ? next() : fail("expected a string"));
  const num = (): Tok => (peek().kind === "number" ? next() : fail("expected a number"));
  const prevEnd = () => toks[Math.max(0, p - 1)]!.end;

  function typeRef(): TypeRef {
    const t = ident();
    let ref: TypeRef;
    const s = () => span(t.start, prevEnd());
    if (t.text === "bytes" && is("[") && peek(1).kind === "number") {
      next();
      const n = Number(num().text);
      eat("]");
      ref = { kind: "fixedBytes", size: n, span: s() };
    } else if ((t.text === "list" || t.text === "Array" || t.text === "json") && is("<")) {
      next();
      const inner = typeRef();
      eat(">");
      ref =
        t.text === "list"
          ? { kind: "list", elem: inner, span: s() }
          : t.text === "Array"
            ? { kind: "gridArray", elem: inner, span: s() }
            : { kind: "json", inner, span: s() };
    } else if (t.text === "array" && is("<")) {
      next();
      const elem = typeRef();
      eat(",");
      const n = Number(num().text);
      eat(">");
      ref = { kind: "array", elem, size: n, span: s() };
    } else if (t.text === "map" && is("<")) {
      next();
      const key = typeRef();
      eat(",");
      const value = typeRef();
      eat(">");
      ref = { kind: "map", key, value, span: s() };
    } else if (SCALARS.has(t.text)) {
      ref = { kind: "scalar", name: t.text as ScalarName, span: s() };
    } else if (BUILTINS.has(t.text)) {
      ref = { kind: "builtin", name: t.text as BuiltinName, span: s() };
    } else {
      let name = t.text;
      while (is(".")) {
        next();
        name += "." + ident().text;
      }
      ref = { kind: "named", name, span: s() };
    }
    while (is("?")) {
      next();
      ref = { kind: "optional", inner: ref, span: span(t.start, prevEnd()) };
    }
    return ref;
  }

  /** `[a, b = v, c = ["x"]]` -> map of attribute name to value (true for bare flags). */
  function attrs(): Map<string, { value: string | number | boolean | string[]; tok: Tok }> {
    const out = new Map<string, { value: string | number | boolean | string[]; tok: Tok }>();
    if (!is("[")) return out;
    next();
    while (!is("]")) {
      const name = ident();
      let value: string | number | boolean | string[] = true;
      if (is("=")) {
        next();
        if (is("[")) {
          next();
          const list: string[] = [];
          while (!is("]")) {
            list.push(str().text);
            if (is(",")) next();
          }
          next();
          value = list;
        } else if (peek().kind === "string") value = next().text;
        else if (peek().kind === "number") {
          const n = next();
          let v = Number(n.text);
          if (peek().kind === "ident" && /^(ms|s|m|h)$/.test(peek().text)) {
            const unit = next().text;
            v *= unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60000 : 3600000;
          }
          value = v;
        } else value = ident().text;
      }
      out.set(name.text, { value, tok: name });
      if (is(",")) next();
      else if (!is("]")) fail("expected ',' or ']'");
    }
    next();
    return out;
  }

  function reserved(): Reserved {
    const kw = eat("reserved");
    const ids: { from: number; to: number; span: Span }[] = [];
    const names: { name: string; span: Span }[] = [];
    while (!is(";")) {
      if (peek().kind === "string") {
        const t = next();
        names.push({ name: t.text, span: tspan(t) });
      } else {
        const a = num();
        let to = Number(a.text);
        if (is("to")) {
          next();
          to = Number(num().text);
        }
        ids.push({ from: Number(a.text), to, span: span(a.start, prevEnd()) });
      }
      if (is(",")) next();
      else if (!is(";")) fail("expected ',' or ';'");
    }
    eat(";");
    return { ids, names, span: span(kw.start, prevEnd()) };
  }

  function structDecl(): TypeDecl {
    const kw = eat("struct");
    const name = ident();
    const a = attrs();
    eat("{");
    const fields: Field[] = [];
    const res: Reserved[] = [];
    while (!is("}")) {
      if (is("reserved") && peek(1).text !== ":") {
        res.push(reserved());
        continue;
      }
      const fname = ident();
      eat(":");
      const type = typeRef();
      const fa = attrs();
      eat(";");
      const key = fa.get("key");
      const i64 = fa.get("int64");
      fields.push({
        name: fname.text,
        nameSpan: tspan(fname),
        type,
        key: key ? String(key.value) : fname.text,
        ...(key ? { keySpan: tspan(key.tok) } : {}),
        omitempty: fa.has("omitempty"),
        omitzero: fa.has("omitzero"),
        allownil: fa.has("allownil"),
        flatten: fa.has("flatten"),
        ...(i64 ? { int64: String(i64.value) as Int64Mode } : {}),
        span: span(fname.start, prevEnd()),
      });
    }
    eat("}");
    return { kind: "struct", name: name.text, nameSpan: tspan(name), tuple: a.has("tuple"), fields, reserved: res, span: span(kw.start, prevEnd()) };
  }

  function enumDecl(): TypeDecl {
    const kw = eat("enum");
    const name = ident();
    eat(":");
    const backing = ident().text as ScalarName;
    eat("{");
    const values: EnumValue[] = [];
    const res: Reserved[] = [];
    while (!is("}")) {
      if (is("reserved")) {
        res.push(reserved());
        continue;
      }
      const v = ident();
      eat("=");
      const n = num();
      eat(";");
      values.push({ name: v.text, value: BigInt(n.text), span: span(v.start, prevEnd()) });
    }
    eat("}");
    return { kind: "enum", name: name.text, nameSpan: tspan(name), backing, values, reserved: res, span: span(kw.start, prevEnd()) };
  }

  function handler(): HandlerDecl {
    const kw = next(); // rpc | stream
    const name = ident();
    eat("=");
    const idTok = num();
    eat("(");
    let payload: TypeRef | undefined;
    let input: TypeRef | undefined;
    while (!is(")")) {
      if (is("stream")) {
        next();
        input = typeRef();
      } else payload = typeRef();
      if (is(",")) next();
    }
    eat(")");
    eat("returns");
    eat("(");
    if (is("stream")) next();
    const output = typeRef();
    eat(")");
    const a = attrs();
    eat(";");
    const num0 = (k: string) => {
      const v = a.get(k)?.value;
      return typeof v === "number" ? v : undefined;
    };
    const subs = a.get("subroutes");
    const inC = num0("in_capacity");
    const outC = num0("out_capacity");
    const to = num0("timeout");
    return {
      name: name.text,
      nameSpan: tspan(name),
      id: Number(idTok.text),
      idSpan: tspan(idTok),
      kind: kw.text === "rpc" ? "single" : "stream",
      ...(payload ? { payload } : {}),
      ...(input ? { input } : {}),
      output,
      ...(inC !== undefined ? { inCapacity: inC } : {}),
      ...(outC !== undefined ? { outCapacity: outC } : {}),
      subroutes: Array.isArray(subs?.value) ? subs.value.map((path) => ({ path, span: tspan(subs.tok) })) : [],
      stateless: a.has("stateless"),
      ...(to !== undefined ? { timeoutMs: to } : {}),
      span: span(kw.start, prevEnd()),
    };
  }

  function service(): ServiceDecl {
    const kw = eat("service");
    const name = ident();
    eat("{");
    let route: { path: string; span: Span } | undefined;
    const handlers: HandlerDecl[] = [];
    const res: Reserved[] = [];
    while (!is("}")) {
      if (is("route")) {
        const r = next();
        const s = str();
        eat(";");
        route = { path: s.text, span: span(r.start, s.end) };
      } else if (is("reserved")) res.push(reserved());
      else if (is("rpc") || is("stream")) handlers.push(handler());
      else fail("expected 'route', 'reserved', 'rpc' or 'stream'");
    }
    eat("}");
    return { kind: "service", name: name.text, nameSpan: tspan(name), ...(route ? { route } : {}), handlers, reserved: res, span: span(kw.start, prevEnd()) };
  }

  let pkg = "";
  let packageSpan: Span | undefined;
  const imports: ImportDecl[] = [];
  const options: FileOption[] = [];
  const types: TypeDecl[] = [];
  const services: ServiceDecl[] = [];
  while (peek().kind !== "eof") {
    const t = peek();
    if (is("package")) {
      next();
      const parts = [ident().text];
      while (is(".")) {
        next();
        parts.push(ident().text);
      }
      pkg = parts.join(".");
      eat(";");
      packageSpan = span(t.start, prevEnd());
    } else if (is("import")) {
      next();
      const path = str().text;
      let alias: string | undefined;
      if (is("as")) {
        next();
        alias = ident().text;
      }
      eat(";");
      imports.push({ path, ...(alias ? { alias } : {}), span: span(t.start, prevEnd()) });
    } else if (is("option")) {
      next();
      const name = ident().text;
      eat("=");
      const v = next();
      const value = v.kind === "number" ? Number(v.text) : v.kind === "ident" && (v.text === "true" || v.text === "false") ? v.text === "true" : v.text;
      eat(";");
      options.push({ name, value, span: span(t.start, prevEnd()) });
    } else if (is("struct")) types.push(structDecl());
    else if (is("enum")) types.push(enumDecl());
    else if (is("type")) {
      next();
      const name = ident();
      eat("=");
      const type = typeRef();
      eat(";");
      types.push({ kind: "alias", name: name.text, nameSpan: tspan(name), type, span: span(t.start, prevEnd()) });
    } else if (is("extension")) {
      next();
      const name = ident();
      eat("=");
      const n = num();
      eat(";");
      types.push({ kind: "extension", name: name.text, nameSpan: tspan(name), extType: Number(n.text), span: span(t.start, prevEnd()) });
    } else if (is("service")) services.push(service());
    else fail("expected a declaration");
  }
  return { path: file, package: pkg, ...(packageSpan ? { packageSpan } : {}), imports, options, types, services, comments };
}
