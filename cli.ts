#!/usr/bin/env node
// grid-gen: the command-line entry. Each verb lives in cli/<verb>.ts and
// exports `run(argv): Promise<number>` (the exit code) and a `help` text,
// so verbs stay independent and load only what they need.
import { readFileSync } from "node:fs";

/** The verbs grid-gen knows, with a one-line summary each. */
const VERBS: Record<string, string> = {
  gen: "generate TypeScript types, codecs, clients and servers from .grid files",
  scaffold: "write or update a server implementation skeleton",
  fmt: "format .grid files canonically (--check to verify)",
  parse: "parse and check .grid files; --json dumps the checked AST",
  compat: "report changes that break deployed peers (--against <dir|git-ref|file>)",
};

/** Shape of a verb module under cli/. */
interface VerbModule {
  run(argv: string[]): Promise<number>;
  help: string;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function usage(): string {
  const lines = Object.entries(VERBS).map(([v, s]) => `  ${v.padEnd(10)} ${s}`);
  return [
    "usage: grid-gen <verb> [options]",
    "",
    "verbs:",
    ...lines,
    "",
    "global options: --help, --version",
    "exit codes: 0 ok, 1 findings (errors, stale files, breaking changes), 2 usage or internal error",
    "run `grid-gen <verb> --help` for the options of one verb",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    process.stdout.write(usage() + "\n");
    return verb === undefined ? 2 : 0;
  }
  if (verb === "--version" || verb === "-v") {
    process.stdout.write(`grid-gen ${version()}\n`);
    return 0;
  }
  if (!(verb in VERBS)) {
    process.stderr.write(`grid-gen: unknown verb '${verb}'\n\n${usage()}\n`);
    return 2;
  }
  const mod = (await import(`./cli/${verb}.js`)) as VerbModule;
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(mod.help.trimEnd() + "\n");
    return 0;
  }
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A crash here is a bug in grid-gen, never the user's input: say so plainly.
    const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`grid-gen: internal error (please report): ${msg}\n`);
    process.exitCode = 2;
  },
);
