// Deliberate breaks: `// grid:allow-breaking RULE_ID[, RULE_ID]` on the new
// declaration's line or the line above it (or, for removals, anywhere inside the
// enclosing new declaration) accepts matching findings; so does an allow list.
import type { GridFile } from "../ast.js";
import type { Finding } from "./finding.js";

const MARK = /grid:allow-breaking\s+([A-Z0-9_]+(?:\s*[, ]\s*[A-Z0-9_]+)*)/;

/** One allow-breaking comment: where it is and which rule IDs it names. */
export interface Allowance {
  file: string;
  line: number;
  rules: Set<string>;
}

/** Every allow-breaking comment of the new files. */
export function allowancesOf(files: readonly GridFile[]): Allowance[] {
  const out: Allowance[] = [];
  for (const f of files) {
    for (const c of f.comments) {
      const m = MARK.exec(c.text);
      if (!m) continue;
      out.push({ file: c.span.file, line: c.span.start.line, rules: new Set(m[1]!.split(/[\s,]+/).filter(Boolean)) });
    }
  }
  return out;
}

/** Marks findings accepted by a comment or by `allow` (rule IDs); mutates and returns them. */
export function applyAllowances(findings: Finding[], newFiles: readonly GridFile[], allow: readonly string[]): Finding[] {
  const allowances = allowancesOf(newFiles);
  const global = new Set(allow);
  for (const f of findings) {
    if (global.has(f.rule)) {
      f.accepted = true;
      f.acceptedBy = "config";
      continue;
    }
    const hit = allowances.find((a) => {
      if (!a.rules.has(f.rule)) return false;
      const s = f.newSpan;
      if (s && s.file === a.file && (a.line === s.start.line || a.line === s.start.line - 1)) return true;
      const scope = f.newScope;
      return scope !== undefined && scope.file === a.file && a.line >= scope.start.line && a.line <= scope.end.line;
    });
    if (hit) {
      f.accepted = true;
      f.acceptedBy = `comment ${hit.file}:${hit.line}`;
    }
  }
  return findings;
}
