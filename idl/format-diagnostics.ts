// Renders diagnostics the way rustc and tsc do, so users read them at a glance:
// `path:line:col - error E0102: message`, the source line, a caret, a hint.
import { readFileSync } from "node:fs";
import type { Diagnostic } from "./diagnostic.js";

/** Rendering options; `sources` maps a path to its text when it is not on disk. */
export interface FormatOptions {
  color: boolean;
  sources?: ReadonlyMap<string, string> | Record<string, string>;
}

const C = { red: "\x1b[31m", yellow: "\x1b[33m", cyan: "\x1b[36m", blue: "\x1b[34m", bold: "\x1b[1m", reset: "\x1b[0m" };

function sourceOf(path: string, opts: FormatOptions, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(path)) return cache.get(path);
  let text: string | undefined;
  const s = opts.sources;
  if (s instanceof Map) text = s.get(path);
  else if (s !== undefined) text = (s as Record<string, string>)[path];
  if (text === undefined) {
    try {
      text = readFileSync(path, "utf8");
    } catch {
      text = undefined;
    }
  }
  cache.set(path, text);
  return text;
}

/** Format diagnostics with code frames; one blank line between entries. */
export function formatDiagnostics(diags: readonly Diagnostic[], opts: FormatOptions): string {
  const paint = (code: string, s: string): string => (opts.color ? `${code}${s}${C.reset}` : s);
  const cache = new Map<string, string | undefined>();
  const blocks: string[] = [];
  for (const d of diags) {
    const sevColor = d.severity === "error" ? C.red : C.yellow;
    const { line, col } = d.span.start;
    const lines = [
      `${paint(C.cyan, d.span.file)}:${paint(C.yellow, String(line))}:${paint(C.yellow, String(col))} - ${paint(sevColor + C.bold, d.severity)} ${paint(C.bold, d.code)}: ${d.message}`,
    ];
    const text = sourceOf(d.span.file, opts, cache);
    const srcLine = text?.split("\n")[line - 1];
    if (srcLine !== undefined) {
      const gutter = String(line).length;
      const shown = srcLine.replace(/\t/g, " ").replace(/\r$/, "");
      const width = d.span.end.line === line ? Math.max(1, d.span.end.col - col) : Math.max(1, shown.length - col + 1);
      lines.push("");
      lines.push(`${paint(C.blue, String(line))} ${shown}`);
      lines.push(`${" ".repeat(gutter)} ${" ".repeat(Math.max(0, col - 1))}${paint(sevColor, "^".repeat(width))}`);
    }
    if (d.hint !== undefined) lines.push(`${paint(C.cyan, "hint")}: ${d.hint}`);
    blocks.push(lines.join("\n"));
  }
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.length - errors;
  if (diags.length > 0) blocks.push(`${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
  return blocks.join("\n\n") + (blocks.length > 0 ? "\n" : "");
}
