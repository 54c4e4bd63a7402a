// Renders findings for people (human), machines (json) and CI (GitHub
// workflow-command annotations), so one run serves a terminal and a PR review.
import { formatLoc, type Finding } from "./finding.js";

/** Output formats of `grid-gen compat`. */
export type OutputFormat = "human" | "json" | "github";

/** Counts used by every format's summary. */
export function summarize(findings: readonly Finding[]): { errors: number; warnings: number; accepted: number } {
  let errors = 0;
  let warnings = 0;
  let accepted = 0;
  for (const f of findings) {
    if (f.accepted) accepted++;
    else if (f.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings, accepted };
}

/** rustc-like text: one block per finding, then a one-line summary. */
export function formatHuman(findings: readonly Finding[], against: string): string {
  const lines: string[] = [];
  for (const f of findings) {
    const head = f.accepted ? `accepted ${f.severity}` : f.severity;
    lines.push(`${head}[${f.rule}] ${f.subject}: ${f.message}`);
    if (f.new) lines.push(`  --> new: ${formatLoc(f.new)}`);
    if (f.old) lines.push(`  --> old: ${formatLoc(f.old)}`);
    lines.push(`  = hint: ${f.hint}`);
    if (f.accepted) lines.push(`  = accepted by ${f.acceptedBy ?? "allow list"}`);
    lines.push("");
  }
  const s = summarize(findings);
  lines.push(
    `compat against ${against}: ${s.errors} breaking error(s), ${s.warnings} warning(s)` + (s.accepted > 0 ? `, ${s.accepted} accepted by allow-breaking` : ""),
  );
  return lines.join("\n") + "\n";
}

/** Stable JSON: the findings without internal spans, plus the summary. */
export function formatJson(findings: readonly Finding[], against: string): string {
  const out = findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    subject: f.subject,
    message: f.message,
    hint: f.hint,
    old: f.old ? formatLoc(f.old) : null,
    new: f.new ? formatLoc(f.new) : null,
    accepted: f.accepted === true,
    ...(f.acceptedBy ? { acceptedBy: f.acceptedBy } : {}),
  }));
  return JSON.stringify({ against, findings: out, summary: summarize(findings) }, null, 2) + "\n";
}

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProp(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub workflow commands: `::error file=...,line=...,col=...,title=RULE::message`. */
export function formatGithub(findings: readonly Finding[]): string {
  const lines = findings.map((f) => {
    const level = f.accepted ? "notice" : f.severity === "error" ? "error" : "warning";
    const at = f.new ?? f.old;
    const props = at ? `file=${escapeProp(at.file)},line=${at.line},col=${at.col},title=${escapeProp(f.rule)}` : `title=${escapeProp(f.rule)}`;
    const oldNote = f.old && f.new ? ` (old: ${formatLoc(f.old)})` : "";
    return `::${level} ${props}::${escapeData(`${f.subject}: ${f.message}${oldNote}. Hint: ${f.hint}`)}`;
  });
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}
