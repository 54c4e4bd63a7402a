// Shared by the corpus test and the expected-file updater: runs one
// test/compat/cases/<case> (old/ vs new/) and normalises the findings so
// locations are relative to the case folder.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { compareSchemas } from "../../idl/compat/compare.js";
import type { Finding } from "../../idl/compat/finding.js";
import { loadSchemaSet } from "../../idl/compat/load.js";
import { gridFilesUnder } from "../../idl/compat/sources.js";

/** Root of the before/after corpus. */
export const CASES_DIR = "test/compat/cases";

/** One expected (or actual) finding of a case, locations relative to the case folder. */
export interface CaseFinding {
  rule: string;
  old: string | null;
  new: string | null;
  accepted: boolean;
}

/** The expected.json of a case. */
export interface Expected {
  note: string;
  findings: CaseFinding[];
  /** For near-miss cases: the rules this case proves silent on a look-alike change. */
  nearMissFor?: string[];
}

/** Names of every case folder, sorted. */
export function listCases(): string[] {
  return readdirSync(CASES_DIR)
    .filter((n) => statSync(join(CASES_DIR, n)).isDirectory())
    .sort();
}

/** Reads a case's expected.json. */
export function readExpected(name: string): Expected {
  return JSON.parse(readFileSync(join(CASES_DIR, name, "expected.json"), "utf8")) as Expected;
}

/** Loads old/ and new/ of a case and compares them; throws if either side does not load. */
export async function runCase(name: string): Promise<{ findings: Finding[]; normalized: CaseFinding[] }> {
  const dir = join(CASES_DIR, name);
  const read = (p: string) => readFileSync(p, "utf8");
  const oldSet = await loadSchemaSet(gridFilesUnder(join(dir, "old")), read);
  const newSet = await loadSchemaSet(gridFilesUnder(join(dir, "new")), read);
  const errs = [...oldSet.errors, ...newSet.errors];
  if (errs.length > 0) throw new Error(`case ${name} does not load:\n${errs.join("\n")}`);
  const findings = compareSchemas(oldSet, newSet);
  const rel = (l: Finding["old"]) => (l ? `${relative(dir, l.file)}:${l.line}:${l.col}` : null);
  const normalized = findings.map((f) => ({ rule: f.rule, old: rel(f.old), new: rel(f.new), accepted: f.accepted === true }));
  return { findings, normalized };
}

/** Canonical order for comparing finding lists. */
export function sortFindings(fs: CaseFinding[]): CaseFinding[] {
  const key = (f: CaseFinding) => `${f.rule}|${f.old}|${f.new}|${f.accepted}`;
  return [...fs].sort((a, b) => key(a).localeCompare(key(b)));
}
