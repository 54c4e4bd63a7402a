// json<T> shapes vs msgp's flatten: Go encoding/json promotes an embedded
// struct's fields to the outer object, the generated JSON shape would nest
// them, so a Go peer would silently drop the values. Until the runtime shape
// can promote, generation refuses such a json<T> and says what to do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { loadProgram } from "../../idl/index.js";
import { generate, GenerateError } from "../../generator/index.js";
import { ROOT } from "./helpers.js";

const DIR = resolve(ROOT, ".tmp/json-flatten");

async function gen(grid: string): Promise<string[]> {
  const main = resolve(DIR, "f.grid");
  const program = loadProgram([main], {
    readFile: (p) => {
      if (resolve(p) !== main) throw Object.assign(new Error(`no file ${p}`), { code: "ENOENT" });
      return grid;
    },
  });
  assert.deepEqual(program.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), [], "the schema under test must be valid");
  const files = await generate(program, { root: DIR, outDir: "/out", runtime: "grid-gen/runtime", displayRoot: DIR });
  return files.map((f) => f.text);
}

const STRUCTS = ["package f;", "", "struct Inner {", "  A: int;", "}", "", "struct Flat {", "  In: Inner [flatten];", "  C: bool;", "}", ""];

test("json<T> over a struct with a flattened field is a GenerateError naming the field and the way out", async () => {
  await assert.rejects(gen([...STRUCTS, "struct Holder {", "  J: json<Flat>;", "}", ""].join("\n")), (err: unknown) => {
    assert.ok(err instanceof GenerateError, String(err));
    assert.match(err.message, /^Holder\.J \(Flat\.In\): /);
    assert.match(err.message, /field In is flattened/);
    assert.match(err.message, /promotes/);
    assert.match(err.message, /Declare the fields of Inner in Flat instead of flattening In, or send Flat as msgp/);
    return true;
  });
});

test("a flattened struct reached inside json<T> (list element, nested struct) is refused too", async () => {
  for (const use of ["J: json<list<Flat>>;", "J: json<Outer>;"]) {
    const grid = [...STRUCTS, "struct Outer {", "  F: map<string, Flat>;", "}", "", "struct Holder {", `  ${use}`, "}", ""].join("\n");
    await assert.rejects(gen(grid), (err: unknown) => err instanceof GenerateError && /\(Flat\.In\): json<T> cannot hold Flat/.test(err.message), use);
  }
});

test("flatten outside json<T> still generates (msgp splices the keys), and json<Inner> is fine", async () => {
  const [text] = await gen([...STRUCTS, "struct Holder {", "  J: json<Inner>;", "  F: Flat;", "}", ""].join("\n"));
  assert.match(text!, /const GoJson_Inner: GoJsonShape = gjStruct\("Inner"/);
  assert.doesNotMatch(text!, /GoJson_Flat/);
});
