// The emitter writes prettier's layout itself and prettier runs only on the
// chunks it cannot vouch for (generator/layout.ts, format.ts). These tests
// prove the shortcut changes nothing: for the repo's schemas, the test
// fixtures and random schemas (long names, long type expressions, doc
// comments with odd characters, keys with quotes), the fast path gives the
// same bytes as prettier over the whole module, and prettier leaves it as is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve, join } from "node:path";
import fc from "fast-check";
import { findGridFiles } from "../../idl/find-grid-files.js";
import { loadProgram } from "../../idl/index.js";
import { formatTs, generate } from "../../generator/index.js";
import { ROOT } from "./helpers.js";

async function bothPaths(entries: string[], root: string, readFile?: (p: string) => string, runtime = "grid-gen/runtime"): Promise<{ fast: string[]; full: string[]; paths: string[] }> {
  const program = loadProgram(entries, readFile === undefined ? undefined : { readFile });
  const errors = program.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], "the schema under test must be valid");
  const opts = { root, outDir: "/out", runtime, displayRoot: root };
  const fast = await generate(program, opts);
  const full = await generate(program, { ...opts, format: "full" });
  return { fast: fast.map((f) => f.text), full: full.map((f) => f.text), paths: fast.map((f) => f.path) };
}

test("repo schemas and fixtures: fast layout == prettier over the whole module, and prettier keeps it", async () => {
  const { files } = findGridFiles([join(ROOT, "schemas"), join(ROOT, "test/generator/fixtures")]);
  assert.ok(files.length >= 10);
  const { fast, full, paths } = await bothPaths(files, ROOT);
  for (let i = 0; i < fast.length; i++) {
    assert.equal(fast[i], full[i], `${paths[i]}: fast path differs from the full prettier pass`);
    assert.equal(await formatTs(fast[i]!, paths[i]!), fast[i], `${paths[i]}: prettier would change the fast output`);
  }
});

/** Reads in-memory .grid files (path -> text) as loadProgram's readFile. */
function memFiles(texts: ReadonlyMap<string, string>): (p: string) => string {
  return (p) => {
    const t = texts.get(resolve(p));
    if (t === undefined) throw Object.assign(new Error(`no file ${p}`), { code: "ENOENT" });
    return t;
  };
}

// Non-ASCII text has only an estimated width (wide characters count double):
// a line near the limit must be left to prettier, not broken by the emitter.
test("non-ASCII lines near the print width: fast layout == prettier over the whole module", async () => {
  const dir = resolve(ROOT, ".tmp/wide");
  const main = resolve(dir, "wide.grid");
  const cases: { sub: string; runtime: string }[] = [
    // `get(req: Foo, opts: CallOptions<"ééé...">)`: ~90 columns, ~150 estimated.
    { sub: "é".repeat(15), runtime: "grid-gen/runtime" },
    { sub: "中".repeat(15), runtime: "grid-gen/runtime" },
    // The import lines carry the runtime path.
    { sub: "a", runtime: `./rüntime-${"é".repeat(20)}` },
    { sub: "a", runtime: `@wörk/${"é".repeat(40)}` },
  ];
  for (const c of cases) {
    const grid = ["package wide;", "", "struct Foo {", "  X: int;", "}", "", "service S {", '  route "/r";', `  rpc Get = 1 (Foo) returns (Foo) [subroutes = [${JSON.stringify(c.sub)}]];`, "}", ""].join("\n");
    const { fast, full, paths } = await bothPaths([main], dir, memFiles(new Map([[main, grid]])), c.runtime);
    for (let i = 0; i < fast.length; i++) {
      assert.equal(fast[i], full[i], `${paths[i]} (subroute ${c.sub}, runtime ${c.runtime}): fast path differs from the full prettier pass`);
    }
  }
});

// A wire key is quoted in the field's doc comment: control characters there
// would be raw CR/NUL/DEL in the source, and prettier rewrites a CR.
test("wire keys with control characters: quoted escaped in comments, fast layout == prettier", async () => {
  const dir = resolve(ROOT, ".tmp/ctl");
  const main = resolve(dir, "ctl.grid");
  const grid = ["package ctl;", "", "struct Foo {", '  X: int [key = "\\u0000\\u007f\\r\\n"];', '  Y: int [key = "a\\tb\\u0085\\u2028*/"];', "}", ""].join("\n");
  const { fast, full } = await bothPaths([main], dir, memFiles(new Map([[main, grid]])));
  assert.equal(fast[0], full[0], "fast path differs from the full prettier pass");
  // eslint-disable-next-line no-control-regex
  const raw = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/.exec(fast[0]!);
  assert.equal(raw, null, `raw control character U+${raw?.[0].charCodeAt(0).toString(16)} in the generated module`);
  assert.match(fast[0]!, /\[key "\\u0000\\u007f\\r\\n"\]/);
  assert.match(fast[0]!, /\[key "a\\tb\\u0085\\u2028\*\\\/"\]/);
});

// ---- random schemas -------------------------------------------------------

const SCALARS = ["bool", "int8", "int16", "int32", "int64", "int", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "string", "bytes", "time", "duration", "complex64", "any", "raw", "jsonnumber"];

/** A declared type a later type may refer to. */
interface Named {
  name: string;
  kind: "struct" | "enum" | "alias" | "extension";
  /** Go encoding/json can encode it (no complex numbers inside): usable in json<T>. */
  jsonOk: boolean;
}

const ident = (maxLen: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[A-Z][A-Za-z0-9]{0,${maxLen}}$`));
const docText = fc.array(fc.stringMatching(/^[ -~\u00e9\u4e2d\u2028]{0,90}$/), { minLength: 1, maxLength: 3 });
const keyText = fc.stringMatching(/^[ -~\u00e9\u2028\u0000\u007f\u0085\r\n\t]{1,40}$/);

function typeRef(named: readonly Named[], depth: number): fc.Arbitrary<string> {
  const leaf: fc.Arbitrary<string>[] = [fc.constantFrom(...SCALARS), fc.integer({ min: 1, max: 32 }).map((n) => `bytes[${n}]`), fc.constantFrom("MSS", "Bytes", "URLValues")];
  if (named.length > 0) leaf.push(fc.constantFrom(...named.map((n) => n.name)));
  if (depth <= 0) return fc.oneof(...leaf);
  const inner = typeRef(named, depth - 1);
  const structs = named.filter((n) => n.kind === "struct" && n.jsonOk);
  const nested: fc.Arbitrary<string>[] = [
    inner.map((t) => `list<${t}>`),
    inner.map((t) => `map<string, ${t}>`),
    fc.tuple(inner, fc.integer({ min: 1, max: 12 })).map(([t, n]) => `array<${t}, ${n}>`),
    inner.map((t) => `Array<${t}>`),
    fc.oneof(fc.constantFrom(...SCALARS.filter((s) => s !== "any" && s !== "raw")), ...(named.length > 0 ? [fc.constantFrom(...named.map((n) => n.name))] : [])).map((t) => `${t}?`),
  ];
  if (structs.length > 0) nested.push(fc.constantFrom(...structs.map((s) => `json<${s.name}>`)));
  return fc.oneof({ weight: 2, arbitrary: fc.oneof(...leaf) }, { weight: 3, arbitrary: fc.oneof(...nested) });
}

function docLines(indent: string): fc.Arbitrary<string[]> {
  return fc.option(docText, { nil: undefined }).map((d) => (d === undefined ? [] : d.map((l) => `${indent}/// ${l}`.trimEnd())));
}

function field(named: readonly Named[], i: number): fc.Arbitrary<string[]> {
  return fc.record({ doc: docLines("  "), name: ident(40), type: typeRef(named, 2), key: fc.option(keyText, { nil: undefined }), omit: fc.boolean(), zero: fc.boolean(), nil: fc.boolean(), i64: fc.constantFrom(undefined, "number", "string", "bigint") }).map((f) => {
    const opts: string[] = [];
    if (f.key !== undefined) opts.push(`key = ${JSON.stringify(`${f.key}${i}`)}`);
    const container = /^(list|map)</.test(f.type) || f.type === "bytes";
    if (container && f.nil) opts.push("allownil");
    // omitempty on a named struct may need Go's == on slices (a GenerateError by design): keep it to plain types.
    if (f.omit && !named.some((n) => n.name === f.type || f.type.includes(`${n.name}`))) opts.push("omitempty");
    if (f.zero) opts.push("omitzero");
    if (f.i64 !== undefined && /\b(int64|uint64|int|uint|duration)\b/.test(f.type) && !named.some((n) => f.type.includes(n.name))) opts.push(`int64 = "${f.i64}"`);
    return [...f.doc, `  ${f.name}${i}: ${f.type}${opts.length > 0 ? ` [${opts.join(", ")}]` : ""};`];
  });
}

function struct(named: readonly Named[], name: string): fc.Arbitrary<string[]> {
  return fc.record({ doc: docLines(""), tuple: fc.boolean(), fields: fc.array(fc.nat(), { maxLength: 6 }) }).chain((s) =>
    fc.tuple(...s.fields.map((_, i) => field(named, i))).map((fs) => [...s.doc, `struct ${name}${s.tuple ? " [tuple]" : ""} {`, ...fs.flat(), "}"]),
  );
}

function enumDecl(name: string): fc.Arbitrary<string[]> {
  return fc.record({ doc: docLines(""), backing: fc.constantFrom("uint8", "int16", "int64", "uint64"), values: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 5 }), names: fc.array(ident(30), { minLength: 5, maxLength: 5 }) }).map((e) => [
    ...e.doc,
    `enum ${name} : ${e.backing} {`,
    ...e.values.map((v, i) => `  ${e.names[i]}${i} = ${v};`),
    "}",
  ]);
}

function service(named: readonly Named[], name: string): fc.Arbitrary<string[]> {
  const payloadT = typeRef(named, 1);
  const handler = fc.record({
    doc: docLines("  "),
    name: ident(40),
    shape: fc.constantFrom("rpc", "out", "inout", "in", "none"),
    a: payloadT,
    b: payloadT,
    c: payloadT,
    timeout: fc.option(fc.constantFrom("500ms", "30s", "2m"), { nil: undefined }),
    subs: fc.uniqueArray(fc.stringMatching(/^[a-z\u00e9\u4e2d][a-z0-9\u00e9\u4e2d]{0,14}(\/[a-z][a-z0-9]{0,8}){0,2}$/), { maxLength: 3 }),
    cap: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  });
  return fc.record({ doc: docLines(""), handlers: fc.array(handler, { minLength: 1, maxLength: 5 }) }).map((s) => {
    const lines = [...s.doc, `service ${name} {`, `  route "/bench/${name.toLowerCase()}";`];
    s.handlers.forEach((h, i) => {
      const opts: string[] = [];
      if (h.shape === "inout" && h.cap !== undefined) opts.push(`in_capacity = ${h.cap}`);
      if (h.shape !== "rpc" && h.cap !== undefined) opts.push(`out_capacity = ${h.cap}`);
      if ((h.shape === "out" || h.shape === "none") && h.cap === 1) opts.push("stateless");
      if (h.subs.length > 0) opts.push(`subroutes = [${h.subs.map((x) => JSON.stringify(x)).join(", ")}]`);
      if (h.timeout !== undefined) opts.push(`timeout = ${h.timeout}`);
      const o = opts.length > 0 ? ` [${opts.join(", ")}]` : "";
      const n = `${h.name}${i}`;
      const id = i + 1;
      const sig =
        h.shape === "rpc"
          ? `rpc ${n} = ${id} (${h.a}) returns (${h.c})`
          : h.shape === "out"
            ? `stream ${n} = ${id} (${h.a}) returns (stream ${h.c})`
            : h.shape === "inout"
              ? `stream ${n} = ${id} (${h.a}, stream ${h.b}) returns (stream ${h.c})`
              : h.shape === "in"
                ? `stream ${n} = ${id} (stream ${h.b}) returns (stream ${h.c})`
                : `stream ${n} = ${id} () returns (stream ${h.c})`;
      lines.push(...h.doc, `  ${sig}${o};`);
    });
    lines.push("}");
    return lines;
  });
}

/** An imported file (package dep): a struct and an enum the main file refers to as `dep.Name`. */
const depFile: fc.Arbitrary<{ text: string; named: Named[] }> = fc.record({ s: ident(50), e: ident(50) }).chain(({ s: sn, e: en }) =>
  fc.tuple(struct([], `${sn}D0`), enumDecl(`${en}D1`)).map(([st, e]) => {
    const code = st.filter((l) => !l.trimStart().startsWith("///")).join("\n");
    return {
      text: ["package dep;", "", ...st, "", ...e, ""].join("\n"),
      named: [
        { name: `dep.${sn}D0`, kind: "struct" as const, jsonOk: !code.includes("complex") },
        { name: `dep.${en}D1`, kind: "enum" as const, jsonOk: true },
      ],
    };
  }),
);

/** A random main .grid file importing depFile: options, 1-5 declarations (each may use the earlier ones), a service. */
const gridFile: fc.Arbitrary<{ main: string; dep: string; runtime: string }> = depFile.chain((dep) => fc
  .record({
    runtime: fc.constantFrom("grid-gen/runtime", "../runtime", `@wörk/grid-gen-${"é".repeat(24)}`, `./${"中".repeat(12)}/runtime`),
    doc: docLines(""),
    int64: fc.constantFrom(undefined, "bigint", "number", "string"),
    newtime: fc.boolean(),
    compact: fc.boolean(),
    kinds: fc.array(fc.constantFrom("struct", "enum", "alias", "extension"), { minLength: 1, maxLength: 5 }),
    names: fc.array(ident(60), { minLength: 6, maxLength: 6 }),
  })
  .chain((f) => {
    let acc: fc.Arbitrary<{ named: Named[]; lines: string[] }> = fc.constant({ named: dep.named, lines: [] });
    f.kinds.forEach((k, i) => {
      const name = `${f.names[i]}T${i}`;
      acc = acc.chain(({ named, lines }) => {
        const decl =
          k === "struct"
            ? struct(named, name)
            : k === "enum"
              ? enumDecl(name)
              : k === "extension"
                ? docLines("").map((d) => [...d, `extension ${name} = ${10 + i};`])
                : typeRef(named, 2).map((t) => [`type ${name} = ${t};`]);
        return decl.map((d) => {
          const code = d.filter((l) => !l.trimStart().startsWith("///")).join("\n");
          const jsonOk = k !== "extension" && !code.includes("complex") && named.every((n) => n.jsonOk || !new RegExp(`\\b${n.name}\\b`).test(code));
          return { named: [...named, { name, kind: k as Named["kind"], jsonOk }], lines: [...lines, ...d, ""] };
        });
      });
    });
    return acc.chain(({ named, lines }) =>
      service(named, `${f.names[5]}Svc`).map((svc) => {
        const head = [...f.doc, "package rnd;", "", 'import "dep.grid";'];
        if (f.int64 !== undefined) head.push(`option int64 = "${f.int64}";`);
        if (f.newtime) head.push("option newtime = true;");
        if (f.compact) head.push("option compactfloats = true;");
        return { main: [...head, "", ...lines, ...svc, ""].join("\n"), dep: dep.text, runtime: f.runtime };
      }),
    );
  }));

/** The first differing line of two texts, with a little context (the modules are long). */
function firstDiff(a: string, b: string): string {
  const al = a.split("\n");
  const bl = b.split("\n");
  let i = 0;
  while (i < al.length && al[i] === bl[i]) i++;
  return [`line ${i + 1}:`, ...al.slice(Math.max(0, i - 2), i + 3).map((l) => `fast | ${l}`), ...bl.slice(Math.max(0, i - 2), i + 3).map((l) => `full | ${l}`)].join("\n");
}

test("random schemas: fast layout == prettier over the whole module", async () => {
  const dir = resolve(ROOT, ".tmp/rnd");
  const main = resolve(dir, "rnd.grid");
  await fc.assert(
    fc.asyncProperty(gridFile, async (files) => {
      const texts = new Map([
        [main, files.main],
        [resolve(dir, "dep.grid"), files.dep],
      ]);
      const { fast, full } = await bothPaths([main], dir, memFiles(texts), files.runtime);
      for (let i = 0; i < fast.length; i++) {
        if (fast[i] !== full[i]) assert.fail(`fast path differs from prettier:\n${firstDiff(fast[i]!, full[i]!)}\nfor the runtime ${files.runtime} and the schemas:\n${files.dep}\n${files.main}`);
      }
    }),
    { numRuns: Number(process.env["LAYOUT_RUNS"] ?? 40) },
  );
});
