// The formatter: canonical output, idempotent, and no comment is ever lost.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { formatGrid, parseSource } from "../../idl/index.js";
import { findGridFiles } from "../../idl/find-grid-files.js";
import { astShape } from "./ast-shape.js";

const repoGrids = findGridFiles(["schemas"]).files;

function commentTexts(text: string, path: string): string[] {
  return parseSource(text, path).file.comments.map((c) => c.text.trim());
}

test("there are example schemas to check", () => {
  assert.ok(repoGrids.includes("schemas/examples/everything.grid"));
  assert.ok(repoGrids.includes("schemas/bench/echo.grid"));
});

for (const path of repoGrids) {
  test(`fmt is idempotent and keeps every comment: ${path}`, () => {
    const src = readFileSync(path, "utf8");
    const once = formatGrid(src, path);
    assert.ok(once.text !== undefined, `fmt refused: ${once.diagnostics.map((d) => d.message).join("; ")}`);
    const twice = formatGrid(once.text, path);
    assert.equal(twice.text, once.text);
    assert.deepEqual(commentTexts(once.text, path), commentTexts(src, path));
    assert.equal(astShape(parseSource(once.text, path).file), astShape(parseSource(src, path).file), "fmt changed the meaning");
  });
}

for (const path of ["schemas/examples/everything.grid", "schemas/examples/common.grid", "schemas/bench/echo.grid"]) {
  test(`owned example is already canonical: ${path}`, () => {
    const src = readFileSync(path, "utf8");
    assert.equal(formatGrid(src, path).text, src);
  });
}

test("messy input becomes canonical text with comments in place", () => {
  const messy = [
    "// leading file comment",
    "/// file doc",
    "package   c ; // after package",
    'import "a.grid";   /* block after import */',
    "",
    "",
    "",
    "// blank lines above collapse to one",
    "struct /* inside header */ A { // on brace line",
    "  // leading field",
    "  X : int ; // trailing X",
    '  Y: list < string > [ omitempty , key="y" ] ; /* b1 */ /* b2 */',
    "  Z: /* inner */ int;",
    "",
    "",
    "  // dangling at end",
    "}",
    "enum E:uint8{A=1;B=0X2;// tr",
    "}",
    'service S { route "/x"; rpc A = 1 (A) returns (A) [timeout = 1000ms, subroutes=["a"]]; // t',
    "  stream B = 2 () returns (stream A) [stateless,out_capacity=4] ;",
    "}",
    "struct Empty {   }",
    "/* final */",
    "// end",
    "",
  ].join("\n");
  const expected = [
    "// leading file comment",
    "/// file doc",
    "package c; // after package",
    "",
    'import "a.grid"; /* block after import */',
    "",
    "// blank lines above collapse to one",
    "struct A { /* inside header */ // on brace line",
    "  // leading field",
    "  X: int; // trailing X",
    '  Y: list<string> [key = "y", omitempty]; /* b1 */ /* b2 */',
    "  Z: int; /* inner */",
    "",
    "  // dangling at end",
    "}",
    "",
    "enum E : uint8 {",
    "  A = 1;",
    "  B = 0x2; // tr",
    "}",
    "",
    "service S {",
    '  route "/x";',
    '  rpc A = 1 (A) returns (A) [subroutes = ["a"], timeout = 1s]; // t',
    "  stream B = 2 () returns (stream A) [out_capacity = 4, stateless];",
    "}",
    "",
    "struct Empty {}",
    "/* final */",
    "// end",
    "",
  ].join("\n");
  const r = formatGrid(messy, "m.grid");
  assert.equal(r.text, expected);
  assert.equal(formatGrid(expected, "m.grid").text, expected);
});

test("fmt refuses input with syntax errors and says why", () => {
  const r = formatGrid("package p;\nstruct A { X int; }\n", "bad.grid");
  assert.equal(r.text, undefined);
  assert.equal(r.diagnostics[0]?.code, "E0010");
});

test("fmt refuses a line comment inside a multi-line declaration rather than lose or move it (E0030)", () => {
  const r = formatGrid("package p;\nstruct A {\n  X: // why\n    int; // and this\n}\n", "c.grid");
  assert.equal(r.text, undefined);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.col]), [["E0030", 3, 6]]);
  // One line comment, or block comments, move to the end of the line.
  assert.equal(formatGrid("package p;\nstruct A {\n  X: // why\n    int;\n}\n", "c.grid").text, "package p;\n\nstruct A {\n  X: int; // why\n}\n");
  assert.equal(formatGrid("package p;\nstruct A {\n  X: /* why */\n    int;\n}\n", "c.grid").text, "package p;\n\nstruct A {\n  X: int; /* why */\n}\n");
});

test("fmt formats files that only have semantic errors (nothing is lost)", () => {
  const src = "package p;\n\nstruct A {\n  X: Missing;\n  X: int;\n}\n";
  assert.equal(formatGrid(src, "s.grid").text, src);
});
