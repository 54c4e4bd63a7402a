// The bad-input corpus: each test/idl/bad/<case>.grid (or <case>/main.grid
// with its imports) has a <case>.expected listing the exact diagnostics,
// one per line: `file:line:col severity CODE: message`, then `  hint: ...`.
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { loadProgram, type Diagnostic } from "../../idl/index.js";

/** Folder of the corpus. */
export const BAD_DIR = join(import.meta.dirname, "bad");

/** One corpus case. */
export interface BadCase {
  name: string;
  entry: string;
  expectedPath: string;
  base: string;
}

/** All cases, sorted by name. */
export function badCases(): BadCase[] {
  const out: BadCase[] = [];
  for (const name of readdirSync(BAD_DIR).sort()) {
    const p = join(BAD_DIR, name);
    if (statSync(p).isDirectory()) {
      out.push({ name, entry: join(p, "main.grid"), expectedPath: join(BAD_DIR, `${name}.expected`), base: p });
    } else if (name.endsWith(".grid")) {
      const n = name.slice(0, -5);
      out.push({ name: n, entry: p, expectedPath: join(BAD_DIR, `${n}.expected`), base: BAD_DIR });
    }
  }
  return out;
}

/** The stable text form of diagnostics that .expected files hold. */
export function renderForCorpus(diags: readonly Diagnostic[], base: string): string {
  const lines: string[] = [];
  for (const d of diags) {
    const file = relative(base, resolve(d.span.file)) || d.span.file;
    lines.push(`${file}:${d.span.start.line}:${d.span.start.col} ${d.severity} ${d.code}: ${d.message}`);
    if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  }
  return lines.join("\n") + "\n";
}

/** Run one case through the whole front end. */
export function runCase(c: BadCase): string {
  return renderForCorpus(loadProgram([relative(process.cwd(), c.entry)]).diagnostics, c.base);
}
