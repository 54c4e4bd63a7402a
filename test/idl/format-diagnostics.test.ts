// Diagnostic rendering: rustc/tsc layout, code frame, caret under the span,
// hint line, colors only on request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostics, parseSource } from "../../idl/index.js";

const src = "package p;\n\nservice S {\n  rpc Lock = 0 (NoPayload) returns (NoPayload);\n}\n";

test("layout: path:line:col - severity code: message, frame, caret, hint, summary", () => {
  const { diagnostics } = parseSource(src, "lock.grid");
  const out = formatDiagnostics(diagnostics, { color: false, sources: { "lock.grid": src } });
  assert.equal(
    out,
    [
      "lock.grid:4:14 - error E0601: handler ID 0 is out of range",
      "",
      "4   rpc Lock = 0 (NoPayload) returns (NoPayload);",
      "               ^",
      "hint: ID 0 is reserved as invalid; use 1..255",
      "",
      "1 error, 0 warnings",
      "",
    ].join("\n"),
  );
});

test("the caret spans the whole token and colors appear only when asked", () => {
  const text = "package p;\nstruct A {\n  X: Missing;\n}\n";
  const { diagnostics } = parseSource(text, "a.grid");
  assert.deepEqual(diagnostics, [], "unresolved names are a program-level check");
  const d = { code: "E0101", severity: "error" as const, message: "cannot find type 'Missing'", span: { file: "a.grid", start: { line: 3, col: 6, offset: 27 }, end: { line: 3, col: 13, offset: 34 } } };
  const plain = formatDiagnostics([d], { color: false, sources: new Map([["a.grid", text]]) });
  assert.match(plain, /\n3   X: Missing;\n       \^{7}\n/);
  assert.doesNotMatch(plain, /\x1b\[/);
  const colored = formatDiagnostics([d], { color: true, sources: new Map([["a.grid", text]]) });
  assert.match(colored, /\x1b\[31m/);
});

test("without source text the header and hint still print", () => {
  const out = formatDiagnostics(
    [{ code: "W0204", severity: "warning", message: "m", hint: "h", span: { file: "/nonexistent/x.grid", start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } } }],
    { color: false },
  );
  assert.equal(out, "/nonexistent/x.grid:1:1 - warning W0204: m\nhint: h\n\n0 errors, 1 warning\n");
});

test("no diagnostics render as nothing", () => {
  assert.equal(formatDiagnostics([], { color: false }), "");
});
