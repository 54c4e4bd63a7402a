// What the comparator reports: one finding per wire-visible change, with both
// locations, so a reviewer can open the old and new declaration side by side.
import type { Span } from "../ast.js";
import type { RuleId, Severity } from "./rules.js";

/** A 1-based source location; `file` is the display name (old files may carry a `REF:` prefix). */
export interface Loc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** One reported change. */
export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** What changed, by wire identity: `Lock(/minio/grid/lock/v1).Lock#1`, `LockArgs.Quorum`. */
  readonly subject: string;
  /** One line: which peer breaks and how. */
  readonly message: string;
  /** One line: how to make the change safe. */
  readonly hint: string;
  readonly old?: Loc;
  readonly new?: Loc;
  /** True when an allow-breaking comment or config accepted it; it then never fails the run. */
  accepted?: boolean;
  /** Where the acceptance came from (`comment file:line` or `config`). */
  acceptedBy?: string;
  /** Span of the enclosing new declaration, for matching allow-breaking comments of removals. */
  readonly newScope?: Span;
  /** The new declaration's span as the loader named its file (display names may differ). */
  readonly newSpan?: Span;
}

/** `file:line:col` of a finding location. */
export function formatLoc(l: Loc | undefined): string {
  return l ? `${l.file}:${l.line}:${l.col}` : "-";
}

/** Location of a span's start, with the file name mapped for display. */
export function locOf(span: Span | undefined, display: (file: string) => string): Loc | undefined {
  if (!span) return undefined;
  return { file: display(span.file), line: span.start.line, col: span.start.col };
}

/** Findings that fail a run: errors not accepted by an allow-breaking comment or config. */
export function failing(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error" && !f.accepted);
}
