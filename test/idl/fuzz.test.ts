// Property tests: whatever the input, the front end answers with diagnostics
// (never throws, never hangs), spans stay inside the text, and whenever fmt
// accepts an input its output is a fixed point that keeps every comment.
// GRID_SEED reproduces a failing run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { formatGrid, loadProgram, parseSource, type Diagnostic } from "../../idl/index.js";
import { astShape } from "./ast-shape.js";

const seed = process.env["GRID_SEED"] === undefined ? undefined : Number(process.env["GRID_SEED"]);
const params = (numRuns: number): fc.Parameters<unknown> => (seed === undefined ? { numRuns } : { numRuns, seed });

const examples = ["schemas/examples/everything.grid", "schemas/bench/echo.grid", "schemas/dsync/lock.grid", "schemas/golden/modern.grid"].map((p) => readFileSync(p, "utf8"));

const TOKEN_RE = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+[a-z]*|./g;
const VOCAB = ["struct", "enum", "service", "rpc", "stream", "returns", "reserved", "to", "package", "import", "option", "type", "extension", "{", "}", "(", ")", "[", "]", "<", ">", ";", ":", ",", "=", "?", ".", '"x"', "0", "256", "-1", "30s", "list", "map", "bytes", "X", "/*", "*/", "//", "///", '"', "\n", "flatten", "key", "@"];

/** A hang detector, not a speed assertion: a correct front end answers in milliseconds. */
const HANG_LIMIT_MS = 10_000;

function checkDiagnostics(diags: readonly Diagnostic[], text: string): void {
  for (const d of diags) {
    assert.match(d.code, /^[EW]\d{4}$/);
    assert.ok(d.severity === "error" || d.severity === "warning");
    assert.ok(typeof d.message === "string" && d.message.length > 0);
    assert.ok(d.span.start.line >= 1 && d.span.start.col >= 1, `bad position ${JSON.stringify(d.span.start)}`);
    assert.ok(d.span.start.offset >= 0 && d.span.end.offset <= text.length + 1, `span outside text: ${JSON.stringify(d.span)}`);
    assert.ok(d.span.start.offset <= d.span.end.offset);
  }
}

function frontEnd(text: string): void {
  const t0 = performance.now();
  const parsed = parseSource(text, "fuzz.grid");
  checkDiagnostics(parsed.diagnostics, text);
  const program = loadProgram(["/fuzz/main.grid"], {
    readFile: (p) => {
      if (p === "/fuzz/main.grid") return text;
      throw Object.assign(new Error("absent"), { code: "ENOENT" });
    },
  });
  assert.ok(Array.isArray(program.diagnostics));
  const f = formatGrid(text, "fuzz.grid");
  if (f.text !== undefined) {
    const again = formatGrid(f.text, "fuzz.grid");
    assert.equal(again.text, f.text, "fmt output must be a fixed point");
    const before = parseSource(text, "a").file.comments.map((c) => c.text.trim());
    const after = parseSource(f.text, "a").file.comments.map((c) => c.text.trim());
    assert.deepEqual(after, before, "fmt must keep every comment in order");
    assert.equal(astShape(parseSource(f.text, "a").file), astShape(parseSource(text, "a").file), "fmt must not change the meaning");
  } else {
    assert.ok(f.diagnostics.some((d) => d.severity === "error"), "fmt refused without an error");
  }
  assert.ok(performance.now() - t0 < HANG_LIMIT_MS, "front end took implausibly long (hang?)");
}

const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: examples.length - 1 }),
    fc.array(
      fc.tuple(fc.constantFrom("delete", "insert", "duplicate", "swap"), fc.nat(), fc.constantFrom(...VOCAB)),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([which, edits]) => {
    const toks = (examples[which] ?? "").match(TOKEN_RE) ?? [];
    for (const [op, at, word] of edits) {
      const i = toks.length === 0 ? 0 : at % toks.length;
      if (op === "delete") toks.splice(i, 1);
      else if (op === "insert") toks.splice(i, 0, ` ${word} `);
      else if (op === "duplicate") toks.splice(i, 0, toks[i] ?? "");
      else {
        const j = (i + 1) % Math.max(1, toks.length);
        const a = toks[i] ?? "";
        toks[i] = toks[j] ?? "";
        toks[j] = a;
      }
    }
    return toks.join("");
  });

test("random strings only produce diagnostics", () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => frontEnd(s)), params(300));
});

test("random token soup only produces diagnostics", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...VOCAB), { maxLength: 60 }), (ws) => frontEnd(ws.join(" "))),
    params(300),
  );
});

test("mutated examples (deleted, inserted, duplicated, swapped tokens) only produce diagnostics", () => {
  fc.assert(fc.property(mutated, (text) => frontEnd(text)), params(250));
});
