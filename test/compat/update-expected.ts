// Fills in the locations of expected.json from the comparator's output, but only
// when the rule IDs (and accepted flags) already written by hand match exactly:
// the intent is reviewed by a person, only the positions are machine-copied.
// Usage: npx tsx test/compat/update-expected.ts [case...]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CASES_DIR, listCases, readExpected, runCase, sortFindings } from "./corpus.js";

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  let bad = 0;
  for (const name of listCases()) {
    if (only.length > 0 && !only.includes(name)) continue;
    const exp = readExpected(name);
    const { normalized, findings } = await runCase(name);
    const want = exp.findings.map((f) => `${f.rule}/${f.accepted}`).sort().join(",");
    const got = normalized.map((f) => `${f.rule}/${f.accepted}`).sort().join(",");
    if (want !== got) {
      bad++;
      console.log(`MISMATCH ${name}\n  want ${want}\n  got  ${got}`);
      for (const f of findings) console.log(`    ${f.rule} ${f.message}`);
      continue;
    }
    writeFileSync(join(CASES_DIR, name, "expected.json"), JSON.stringify({ note: exp.note, findings: sortFindings(normalized), ...(exp.nearMissFor ? { nearMissFor: exp.nearMissFor } : {}) }, null, 2) + "\n");
  }
  return bad === 0 ? 0 : 1;
}

main().then((c) => process.exit(c));
