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

// Found by `npm run soak` (idl phase); each input broke idempotence, moved a comment, or lost a doc comment.
test("fmt is a fixpoint and keeps comments with their declaration on the soak's inputs", () => {
  const inputs = [
    "package d;struct e{\ne:/*\n*/g;r:g;}", // block comment spanning lines inside a member
    "package d;struct/*\n*/c{X:int;}", // the same inside a header
    "package s;struct s{I\n/*\n*/:y;//\n}", // comments after a multi-line block comment
    "package s;struct m{}struct b{// c\nX:int;}", // declarations sharing a line: the comment belongs to b
    "package s;struct\rm{}service b{///\nrpc R=3(t)returns(T);}", // a lone CR is not a line break
  ];
  for (const src of inputs) {
    const once = formatGrid(src, "soak.grid");
    if (once.text === undefined) {
      // Refusing (E0030) is allowed; losing or moving a comment is not.
      assert.deepEqual(once.diagnostics.map((d) => d.code), ["E0030"], JSON.stringify(src));
      continue;
    }
    assert.equal(formatGrid(once.text, "soak.grid").text, once.text, `not a fixpoint: ${JSON.stringify(src)}`);
    assert.deepEqual(astShape(parseSource(once.text, "soak.grid").file), astShape(parseSource(src, "soak.grid").file), `AST changed: ${JSON.stringify(src)}`);
    for (const c of src.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []) assert.ok(once.text.includes(c.trim()), `comment ${JSON.stringify(c)} lost from ${JSON.stringify(src)}`);
  }
  const moved = formatGrid("package s;struct m{}struct b{// c\nX:int;}", "soak.grid").text ?? "";
  assert.doesNotMatch(moved, /package s; \/\/ c/, "the comment stays inside b");
});
