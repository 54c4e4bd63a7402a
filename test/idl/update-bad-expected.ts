// Rewrites the .expected files of the bad corpus from the current front end.
// Run by hand (npx tsx test/idl/update-bad-expected.ts) and REVIEW the diff:
// the expectations are the spec of the diagnostics, not a snapshot to bless.
import { writeFileSync } from "node:fs";
import { badCases, runCase } from "./bad-corpus.js";

for (const c of badCases()) writeFileSync(c.expectedPath, runCase(c));
console.log(`wrote ${badCases().length} expectation files`);
