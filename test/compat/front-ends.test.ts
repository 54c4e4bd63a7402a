// compat's fallback reader (used only when idl/index.ts cannot load) must see
// every corpus file exactly as the idl front end does: same declarations, keys,
// handler attributes, name/ID spans and allow-breaking comments, so findings and
// their locations do not depend on which front end ran.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSource } from "../../idl/index.js";
import type { GridFile } from "../../idl/ast.js";
import { parseGridFallback } from "../../idl/compat/fallback-parser.js";
import { gridFilesUnder } from "../../idl/compat/sources.js";
import { CASES_DIR, listCases } from "./corpus.js";

function summary(f: GridFile): string[] {
  const at = (s: { start: { line: number; col: number } }) => `${s.start.line}:${s.start.col}`;
  const out: string[] = [`package ${f.package}`, ...f.options.map((o) => `option ${o.name}=${String(o.value)}`), ...f.imports.map((i) => `import ${i.path}`)];
  for (const t of f.types) {
    out.push(`${t.kind} ${t.name}@${at(t.nameSpan)}`);
    if (t.kind === "struct") {
      out.push(`  tuple=${t.tuple} reserved=${t.reserved.flatMap((r) => r.names.map((n) => n.name)).join(",")}`);
      for (const x of t.fields) out.push(`  ${x.name}@${at(x.nameSpan)} key=${x.key} ${x.type.kind} allownil=${x.allownil} omitempty=${x.omitempty} flatten=${x.flatten}`);
    }
    if (t.kind === "enum") {
      out.push(`  backing=${t.backing} reserved=${t.reserved.flatMap((r) => r.ids.map((i) => `${i.from}-${i.to}`)).join(",")}`);
      for (const v of t.values) out.push(`  ${v.name}=${v.value}@${at(v.span)}`);
    }
  }
  for (const s of f.services) {
    out.push(`service ${s.name}@${at(s.nameSpan)} route=${s.route?.path} reserved=${s.reserved.flatMap((r) => r.ids.map((i) => `${i.from}-${i.to}`)).join(",")}`);
    for (const h of s.handlers) {
      out.push(
        `  ${h.kind} ${h.name}@${at(h.nameSpan)} id=${h.id}@${at(h.idSpan)} payload=${h.payload ? `${h.payload.kind}@${at(h.payload.span)}` : "-"} input=${h.input ? `${h.input.kind}@${at(h.input.span)}` : "-"} output=${h.output.kind}@${at(h.output.span)} in=${h.inCapacity} out=${h.outCapacity} stateless=${h.stateless} subroutes=${h.subroutes.map((x) => x.path).join(",")} timeout=${h.timeoutMs}`,
      );
    }
  }
  out.push(`allow-comments@${f.comments.filter((c) => c.text.includes("grid:allow-breaking")).map((c) => at(c.span)).join(",")}`);
  return out;
}

test("the fallback reader and the idl front end agree on every corpus file", () => {
  let files = 0;
  for (const name of listCases()) {
    for (const side of ["old", "new"]) {
      for (const path of gridFilesUnder(join(CASES_DIR, name, side))) {
        const text = readFileSync(path, "utf8");
        const real = parseSource(text, path);
        const errors = real.diagnostics.filter((d) => d.severity === "error");
        assert.deepEqual(errors.map((d) => d.message), [], `idl front end rejects ${path}`);
        assert.deepEqual(summary(parseGridFallback(text, path)), summary(real.file), path);
        files++;
      }
    }
  }
  assert.ok(files >= 200, `only ${files} files compared`);
});
