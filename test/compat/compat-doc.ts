// Renders idl/COMPAT.md from the rules table and the corpus, so every documented
// example is a tested case and the "reported as" lines are the checker's real output.
// Write it: npx tsx test/compat/compat-doc.ts --write   (compat-doc.test.ts checks it is current)
import { readFileSync, writeFileSync } from "node:fs";
import { RULES } from "../../idl/compat/rules.js";
import { listCases, readExpected, runCase } from "./corpus.js";
import { gridFilesUnder } from "../../idl/compat/sources.js";

/** Where the rendered document lives. */
export const COMPAT_DOC = "idl/COMPAT.md";

/** The full text of COMPAT.md. */
export async function renderCompatDoc(): Promise<string> {

const cases = listCases();
const flagged = new Map<string, string>();
const near = new Map<string, string>();
const prefer: Record<string, string> = { FIELD_TYPE_WIDENED: "type-uint8-to-uint32", FIELD_TYPE_UNSAFE: "type-float32-to-float64", FIELD_REQUIRED_TO_OPTIONAL: "type-required-to-optional", RESERVED_ID_REUSED: "reserved-handler-id-reused", FIELD_KEY_RENAMED: "field-key-renamed", HANDLER_REMOVED: "handler-removed", FIELD_TYPE_NARROWED: "type-uint32-to-uint8", FIELD_OPTIONAL_TO_REQUIRED: "type-optional-to-required" };
for (const c of cases) {
  const e = readExpected(c);
  for (const f of e.findings) if (!flagged.has(f.rule) && !f.accepted) flagged.set(f.rule, c);
  for (const r of e.nearMissFor ?? []) if (!near.has(r)) near.set(r, c);
}
for (const [r, c] of Object.entries(prefer)) flagged.set(r, c);

function diffSnippet(c: string): { before: string; after: string } {
  const read = (side: string) => gridFilesUnder(`test/compat/cases/${c}/${side}`).map((f) => ({ name: f.split("/").pop()!, lines: readFileSync(f, "utf8").split("\n") }));
  const o = read("old"), n = read("new");
  const changed = (mine: typeof o, other: typeof o) =>
    new Map(mine.map((f) => {
      const of = other.find((x) => x.name === f.name);
      const oset = new Set(of ? of.lines : []);
      return [f.name, f.lines.map((l, i) => (!oset.has(l) && l.trim() !== "" ? i : -1)).filter((i) => i >= 0)] as const;
    }));
  const co = changed(o, n), cn = changed(n, o);
  const pick = (mine: typeof o, own: Map<string, readonly number[]>, theirs: Map<string, readonly number[]>) => {
    const out: string[] = [];
    const multi = o.length > 1 || n.length > 1;
    for (const f of mine) {
      let idx = [...(own.get(f.name) ?? [])];
      if (idx.length === 0) idx = [...(theirs.get(f.name) ?? [])].map((i) => Math.min(i, f.lines.length - 1));
      if (idx.length === 0) continue;
      let lo = Math.max(0, Math.min(...idx) - 2), hi = Math.min(f.lines.length - 1, Math.max(...idx) + 2);
      while (lo < hi && f.lines[lo]!.trim() === "") lo++;
      while (hi > lo && f.lines[hi]!.trim() === "") hi--;
      if (multi) out.push(`// ${f.name}`);
      out.push(...f.lines.slice(lo, hi + 1));
    }
    return out.join("\n") || "(file removed)";
  };
  return { before: pick(o, co, cn), after: pick(n, cn, co) };
}

const out: string[] = [];
out.push(`# grid-gen compat rules

\`grid-gen compat --against <dir | git-ref | file> [paths]\` compares two versions of a set of
\`.grid\` files and reports every change that breaks a running peer of the other version. It
reasons from the wire, never from the text:

* **Identity.** A service is its grid route; a handler is (route, handler ID); a map-struct field
  is its wire key; a tuple element is its position; an enum value is its number. Names of
  services, handlers, structs, tuple elements and enum values are not on the wire, so renaming
  them is never reported.
* **Both directions.** Every type change is judged twice with msgp's decoder rules
  (\`shared/spec/msgp.md\` §4: strict about MessagePack families, lenient about integer widths,
  \`nil\` only where the reader allows it): *old writers -> new readers* and *new writers -> old
  readers*. Requests are written by clients and read by servers, responses the other way, so
  each message says which peer breaks ("old servers will reject …").
* **Recursion.** Struct and enum pairs are followed through fields, lists, maps, optionals,
  \`json<T>\`, aliases, flattened structs and imports; each pair is compared once (recursive types
  terminate) and types no handler reaches are paired by package and name.
* **Severity.** \`error\` fails the run (exit 1); \`warning\` informs (exit 0).

Accept a deliberate break with a comment on the new declaration's line or the line above it
(for removals: anywhere inside the enclosing new service/struct/enum), or with \`--allow\`:

\`\`\`grid
struct Req {
  // grid:allow-breaking FIELD_KEY_RENAMED
  Size: int64 [key = "size"];
}
\`\`\`

Output: human (default), \`--format json\`, \`--format github\` (\`::error file=…,line=…,col=…\`
annotation lines). Exit codes: 0 no breaking change, 1 breaking errors, 2 usage error or input
that does not load. Every example below is a case of the test corpus in
\`test/compat/cases/<case>/\` (\`old/\`, \`new/\`, \`expected.json\`), and the "reported as" line is
the checker's actual output for it.

How the verdicts are checked: every example below is a corpus case, and the corpus test
requires the exact findings (rule, old and new \`file:line:col\`) of each of its
${cases.length} cases, ${cases.filter((c) => readExpected(c).findings.length === 0).length} of them near misses that must stay silent. Type verdicts are
also confirmed by real codecs: \`test/compat/generated-verdicts.test.ts\` generates TypeScript
codecs for the old and the new schema of each case with \`generator/\`, encodes boundary values
with the old codec and decodes them with the new one (and the reverse); \`codec-verdicts.test.ts\`
does the same for every case (scalar handler types included) with a schema-driven bridge over
the msgp core. "Safe" must round-trip; each breaking rule must fail or change values in the
direction it names.

| rule | severity | category |
|---|---|---|
${RULES.map((r) => `| [\`${r.id}\`](#${r.id.toLowerCase()}) | ${r.severity} | ${r.category} |`).join("\n")}
`);
for (const r of RULES) {
  const c = flagged.get(r.id)!;
  const { before, after } = diffSnippet(c);
  const { findings } = await runCase(c);
  const f = findings.find((x) => x.rule === r.id)!;
  out.push(`## ${r.id}

**${r.severity}** · ${r.category} · ${r.purpose}.

Before (\`${c}/old\`):
\`\`\`grid
${before}
\`\`\`
After (\`${c}/new\`):
\`\`\`grid
${after}
\`\`\`
Reported as: \`${f.subject}\`: ${f.message}.
Hint: ${f.hint}.
${near.has(r.id) ? `\nNot reported (near miss, case \`${near.get(r.id)}\`): ${readExpected(near.get(r.id)!).note.replace(/^near miss: /, "")}.\n` : ""}`);
}
out.push(`## Known limits

* Enum value rules reason about meaning, not bytes: msgp passes any number through, so the codec
  cannot show those breaks; they are reported because the two versions disagree on what a number means.
* \`json<T>\` contents are compared with the msgp rules, which is stricter than Go's \`encoding/json\`
  (that one, e.g., reads integers into floats); expect a few false positives there.
* Capacities are compared as declared in both versions; a peer that registers other values in
  code is invisible to the checker.
* \`option newtime\` is judged against msgp <= 1.2.3 readers (MinIO's 1.1.9); turning it off is
  not reported because every reader accepts type-5 timestamps.
`);
return out.join("\n");
}

if (process.argv.includes("--write")) {
  writeFileSync(COMPAT_DOC, await renderCompatDoc());
}
