// TEMPORARY: a minimal parser for the subset of the .grid language that
// schemas/golden uses, so the conformance pipeline can run before the idl front
// end (idl/index.ts) exists. golden-schema.ts prefers idl's loadProgram as soon
// as it is there; delete this file then.
import { BUILTIN_NAMES, SCALAR_NAMES } from "../../idl/ast.js";
import type {
  BuiltinName,
  EnumValue,
  Field,
  FileOption,
  GridFile,
  ScalarName,
  Span,
  TypeDecl,
  TypeRef,
} from "../../idl/ast.js";

interface Tok {
  readonly text: string;
  readonly kind: "id" | "num" | "str" | "punct";
  readonly line: number;
}

function tokenize(src: string, path: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s+|\/\/[^\n]*|([A-Za-z_][A-Za-z0-9_.]*)|(-?[0-9]+)|("(?:[^"\\]|\\.)*")|([{}<>()[\]=;:,?])/gy;
  let line = 1;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    m = re.exec(src);
    if (!m || m.index !== at) throw new Error(`${path}:${line}: unexpected character ${JSON.stringify(src[at])}`);
    if (m[1] !== undefined) out.push({ text: m[1], kind: "id", line });
    else if (m[2] !== undefined) out.push({ text: m[2], kind: "num", line });
    else if (m[3] !== undefined) out.push({ text: JSON.parse(m[3]) as string, kind: "str", line });
    else if (m[4] !== undefined) out.push({ text: m[4], kind: "punct", line });
    line += (m[0].match(/\n/g) ?? []).length;
  }
  return out;
}

/** Parses one golden .grid file into the shared AST (spans are line-only). */
export function parseGoldenSubset(src: string, path: string): GridFile {
  const toks = tokenize(src, path);
  let i = 0;
  const span = (): Span => {
    const line = toks[Math.min(i, toks.length - 1)]?.line ?? 1;
    return { file: path, start: { line, col: 1, offset: 0 }, end: { line, col: 1, offset: 0 } };
  };
  const peek = (): string => toks[i]?.text ?? "<eof>";
  const next = (): Tok => {
    const t = toks[i++];
    if (!t) throw new Error(`${path}: unexpected end of file`);
    return t;
  };
  const expect = (text: string): void => {
    const t = next();
    if (t.text !== text) throw new Error(`${path}:${t.line}: expected ${text}, got ${t.text}`);
  };
  const num = (): number => Number(next().text);

  const typeRef = (): TypeRef => {
    const s = span();
    const name = next().text;
    let ref: TypeRef;
    if (name === "bytes" && peek() === "[" && toks[i + 1]?.kind === "num") {
      next();
      const size = num();
      expect("]");
      ref = { kind: "fixedBytes", size, span: s };
    } else if (name === "list" || name === "json" || name === "Array") {
      expect("<");
      const elem = typeRef();
      expect(">");
      ref =
        name === "list"
          ? { kind: "list", elem, span: s }
          : name === "json"
            ? { kind: "json", inner: elem, span: s }
            : { kind: "gridArray", elem, span: s };
    } else if (name === "array") {
      expect("<");
      const elem = typeRef();
      expect(",");
      const size = num();
      expect(">");
      ref = { kind: "array", elem, size, span: s };
    } else if (name === "map") {
      expect("<");
      const key = typeRef();
      expect(",");
      const value = typeRef();
      expect(">");
      ref = { kind: "map", key, value, span: s };
    } else if ((SCALAR_NAMES as readonly string[]).includes(name)) {
      ref = { kind: "scalar", name: name as ScalarName, span: s };
    } else if ((BUILTIN_NAMES as readonly string[]).includes(name)) {
      ref = { kind: "builtin", name: name as BuiltinName, span: s };
    } else {
      ref = { kind: "named", name, span: s };
    }
    while (peek() === "?") {
      next();
      ref = { kind: "optional", inner: ref, span: s };
    }
    return ref;
  };

  const field = (): Field => {
    const s = span();
    const name = next().text;
    expect(":");
    const type = typeRef();
    let key = name;
    let keySpan: Span | undefined;
    const flags = { omitempty: false, omitzero: false, allownil: false, flatten: false };
    if (peek() === "[") {
      next();
      while (peek() !== "]") {
        const attr = next().text;
        if (attr === "key") {
          expect("=");
          key = next().text;
          keySpan = s;
        } else if (attr in flags) {
          flags[attr as keyof typeof flags] = true;
        } else {
          throw new Error(`${path}: unknown field attribute ${attr}`);
        }
        if (peek() === ",") next();
      }
      expect("]");
    }
    expect(";");
    return { name, nameSpan: s, type, key, ...(keySpan ? { keySpan } : {}), ...flags, span: s };
  };

  let pkg = "";
  const options: FileOption[] = [];
  const types: TypeDecl[] = [];
  while (i < toks.length) {
    const s = span();
    const kw = next().text;
    if (kw === "package") {
      pkg = next().text;
      expect(";");
    } else if (kw === "option") {
      const name = next().text;
      expect("=");
      const v = next();
      const value = v.kind === "num" ? Number(v.text) : v.text === "true" ? true : v.text === "false" ? false : v.text;
      expect(";");
      options.push({ name, value, span: s });
    } else if (kw === "type") {
      const name = next().text;
      expect("=");
      const type = typeRef();
      expect(";");
      types.push({ kind: "alias", name, nameSpan: s, type, span: s });
    } else if (kw === "extension") {
      const name = next().text;
      expect("=");
      const extType = num();
      expect(";");
      types.push({ kind: "extension", name, nameSpan: s, extType, span: s });
    } else if (kw === "enum") {
      const name = next().text;
      expect(":");
      const backing = next().text as ScalarName;
      expect("{");
      const values: EnumValue[] = [];
      while (peek() !== "}") {
        const vs = span();
        const vname = next().text;
        expect("=");
        const value = BigInt(next().text);
        expect(";");
        values.push({ name: vname, value, span: vs });
      }
      expect("}");
      types.push({ kind: "enum", name, nameSpan: s, backing, values, reserved: [], span: s });
    } else if (kw === "struct") {
      const name = next().text;
      let tuple = false;
      if (peek() === "[") {
        next();
        expect("tuple");
        expect("]");
        tuple = true;
      }
      expect("{");
      const fields: Field[] = [];
      while (peek() !== "}") fields.push(field());
      expect("}");
      types.push({ kind: "struct", name, nameSpan: s, tuple, fields, reserved: [], span: s });
    } else {
      throw new Error(`${path}: unexpected ${kw} (the temporary golden parser knows only package/option/type/extension/enum/struct)`);
    }
  }
  return { path, package: pkg, imports: [], options, types, services: [], comments: [] };
}
