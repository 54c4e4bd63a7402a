// `grid-gen compat`: tells CI whether a .grid change breaks peers that still run
// the previous version, reasoning from the wire (msgp + grid), not the text.
import { existsSync } from "node:fs";
import { compareSchemas } from "../idl/compat/compare.js";
import { failing } from "../idl/compat/finding.js";
import { formatGithub, formatHuman, formatJson, type OutputFormat } from "../idl/compat/format.js";
import { loadSchemaSet } from "../idl/compat/load.js";
import { isRuleId } from "../idl/compat/rules.js";
import { allowancesOf } from "../idl/compat/allow.js";
import { againstSource, CompatUsageError, workingTreeSource } from "../idl/compat/sources.js";

/** Help text printed by `grid-gen compat --help`. */
export const help = `usage: grid-gen compat --against <dir | git-ref | file> [options] [paths...]

Compares the .grid files in [paths] (default: schemas/ if present, else .) with an
older version and reports every change that breaks a running peer of the other version.

  --against X        the old version: a directory (same relative layout as [paths], or
                     just the old files), a single .grid file, or a git revision (HEAD~1,
                     main, a tag; read with git show, nothing is checked out)
  --format F         human (default) | json | github (workflow annotation lines)
  --allow RULE[,..]  accept these rule IDs everywhere (like // grid:allow-breaking RULE)

A deliberate break is accepted with a comment on (or just above) the new declaration:
  // grid:allow-breaking FIELD_KEY_RENAMED
Rules and examples: idl/COMPAT.md.
exit codes: 0 no breaking change, 1 breaking errors found, 2 usage error or unparsable input`;

interface Args {
  against: string;
  format: OutputFormat;
  allow: string[];
  paths: string[];
}

function parseArgs(argv: string[]): Args | string {
  let against: string | undefined;
  let format: OutputFormat = "human";
  const allow: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string | undefined => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      const v = argv[i + 1];
      i++;
      return v;
    };
    if (a === "--against" || a.startsWith("--against=")) {
      against = value("--against");
      if (!against) return "--against needs a value: a directory, a .grid file or a git revision";
    } else if (a === "--format" || a.startsWith("--format=")) {
      const f = value("--format");
      if (f !== "human" && f !== "json" && f !== "github") return `--format must be human, json or github (got '${f ?? ""}')`;
      format = f;
    } else if (a === "--allow" || a.startsWith("--allow=")) {
      const v = value("--allow");
      if (!v) return "--allow needs a comma-separated list of rule IDs";
      for (const id of v.split(",").map((s) => s.trim()).filter(Boolean)) {
        if (!isRuleId(id)) return `--allow: unknown rule ID '${id}' (see idl/COMPAT.md for the list)`;
        allow.push(id);
      }
    } else if (a.startsWith("-")) {
      return `unknown option '${a}'`;
    } else paths.push(a);
  }
  if (!against) return "missing --against <dir | git-ref | file>: compat needs the old version to compare with";
  if (paths.length === 0) paths.push(existsSync("schemas") ? "schemas" : ".");
  for (const p of paths) if (!existsSync(p)) return `path '${p}' does not exist`;
  return { against, format, allow, paths };
}

/** Runs the verb; returns the exit code (0 ok, 1 breaking findings, 2 usage/input error). */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`grid-gen compat: ${args}\n\n${help}\n`);
    return 2;
  }
  let oldSrc;
  try {
    oldSrc = againstSource(args.against, args.paths);
  } catch (err) {
    if (err instanceof CompatUsageError) {
      process.stderr.write(`grid-gen compat: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const newSrc = workingTreeSource(args.paths);
  if (newSrc.entries.length === 0) {
    process.stderr.write(`grid-gen compat: no .grid files under ${args.paths.join(", ")}\n`);
    return 2;
  }
  const [oldSet, newSet] = await Promise.all([loadSchemaSet(oldSrc.entries, oldSrc.readFile), loadSchemaSet(newSrc.entries, newSrc.readFile)]);
  for (const [set, src] of [
    [oldSet, oldSrc],
    [newSet, newSrc],
  ] as const) {
    if (set.errors.length > 0) {
      process.stderr.write(
        `grid-gen compat: the ${src === oldSrc ? "old" : "new"} version (${src.label}) does not load; fix these first:\n` +
          set.errors.map((e) => `  ${src.display(e)}`).join("\n") +
          "\n",
      );
      return 2;
    }
  }
  if (newSet.fallbackReason !== undefined) {
    process.stderr.write(`grid-gen compat: note: read .grid files with compat's fallback reader (${newSet.fallbackReason})\n`);
  }
  for (const a of allowancesOf(newSet.files)) {
    for (const id of a.rules) {
      if (!isRuleId(id)) process.stderr.write(`grid-gen compat: warning: ${newSrc.display(a.file)}:${a.line}: grid:allow-breaking names unknown rule '${id}' (see idl/COMPAT.md)\n`);
    }
  }
  const findings = compareSchemas(oldSet, newSet, { displayOld: oldSrc.display, displayNew: newSrc.display, allow: args.allow });
  const out = args.format === "json" ? formatJson(findings, oldSrc.label) : args.format === "github" ? formatGithub(findings) : formatHuman(findings, oldSrc.label);
  process.stdout.write(out);
  return failing(findings).length > 0 ? 1 : 0;
}
