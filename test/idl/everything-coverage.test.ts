// schemas/examples/everything.grid is the feature showcase: it must keep using
// every scalar, type form, option and handler shape the language has.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BUILTIN_NAMES, loadProgram, SCALAR_NAMES, type TypeRef } from "../../idl/index.js";

const program = loadProgram(["schemas/examples/everything.grid"]);
const file = program.files.find((f) => f.path === "schemas/examples/everything.grid");

function walk(t: TypeRef, out: TypeRef[]): void {
  out.push(t);
  if (t.kind === "list" || t.kind === "array" || t.kind === "gridArray") walk(t.elem, out);
  if (t.kind === "optional" || t.kind === "json") walk(t.inner, out);
  if (t.kind === "map") {
    walk(t.key, out);
    walk(t.value, out);
  }
}

test("everything.grid checks clean and uses every feature", () => {
  assert.deepEqual(program.diagnostics, []);
  assert.ok(file !== undefined);
  const refs: TypeRef[] = [];
  for (const d of file.types) {
    if (d.kind === "struct") for (const f of d.fields) walk(f.type, refs);
    if (d.kind === "alias") walk(d.type, refs);
  }
  for (const s of file.services) for (const h of s.handlers) for (const t of [h.payload, h.input, h.output]) if (t !== undefined) walk(t, refs);
  const kinds = new Set(refs.map((r) => r.kind));
  assert.deepEqual([...kinds].sort(), ["array", "builtin", "fixedBytes", "gridArray", "json", "list", "map", "named", "optional", "scalar"]);
  const scalars = new Set(refs.flatMap((r) => (r.kind === "scalar" ? [r.name] : [])));
  assert.deepEqual(SCALAR_NAMES.filter((s) => !scalars.has(s)), []);
  const builtins = new Set(refs.flatMap((r) => (r.kind === "builtin" ? [r.name] : [])));
  assert.deepEqual(BUILTIN_NAMES.filter((b) => !builtins.has(b)), []);
  assert.ok(refs.some((r) => r.kind === "named" && r.name.includes(".")), "a qualified import name");

  const fields = file.types.flatMap((d) => (d.kind === "struct" ? d.fields : []));
  for (const opt of ["omitempty", "omitzero", "allownil", "flatten"] as const) assert.ok(fields.some((f) => f[opt]), opt);
  assert.ok(fields.some((f) => f.keySpan !== undefined) && fields.some((f) => f.int64 !== undefined));
  assert.ok(file.types.some((d) => d.kind === "struct" && d.tuple));
  assert.ok(file.types.some((d) => d.kind === "struct" && d.reserved.length > 0));
  assert.ok(file.types.some((d) => d.kind === "enum" && d.reserved.length > 0 && d.values.some((v) => v.value < 0n) === false));
  assert.ok(file.types.some((d) => d.kind === "enum" && d.values.some((v) => v.value < 0n)));
  assert.ok(file.types.some((d) => d.kind === "extension" && d.extType < 0));
  assert.deepEqual(file.options.map((o) => o.name).sort(), ["compactfloats", "int64", "newtime"]);
  assert.ok(file.imports.some((i) => i.alias !== undefined) && file.imports.some((i) => i.alias === undefined));

  const hs = file.services.flatMap((s) => s.handlers);
  const shapes = new Set(hs.map((h) => `${h.kind}:${h.payload !== undefined}:${h.input !== undefined}`));
  assert.deepEqual([...shapes].sort(), ["single:true:false", "stream:false:false", "stream:false:true", "stream:true:false", "stream:true:true"]);
  assert.ok(hs.some((h) => h.timeoutMs !== undefined) && hs.some((h) => h.inCapacity !== undefined) && hs.some((h) => h.outCapacity !== undefined));
  assert.ok(hs.some((h) => h.stateless) && hs.some((h) => h.subroutes.length > 0) && hs.some((h) => h.doc !== undefined));
  assert.ok(file.services.some((s) => s.route !== undefined && s.reserved.some((r) => r.ids.length > 0) && s.reserved.some((r) => r.names.length > 0)));
  assert.ok(file.comments.some((c) => c.kind === "block") && file.comments.some((c) => c.kind === "line") && file.comments.some((c) => c.kind === "doc"));
});
