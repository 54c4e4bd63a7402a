// Finds the old and new .grid files for a compat run: from a directory, a single
// file, or a git revision (read with `git ls-tree` / `git show`, nothing checked out).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { ReadFile } from "./load.js";

/** A usage problem the CLI reports with exit code 2 (bad --against, not a git checkout...). */
export class CompatUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompatUsageError";
  }
}

/** Where one version's files come from. */
export interface VersionSource {
  readonly entries: string[];
  readonly readFile: ReadFile;
  readonly display: (file: string) => string;
  /** Human description, e.g. `git HEAD~1` or `directory old/`. */
  readonly label: string;
}

/** Every .grid file under `path` (a file is returned as is), sorted, skipping hidden and node_modules. */
export function gridFilesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".grid")) out.push(p);
    }
  };
  walk(path);
  return out;
}

const diskRead: ReadFile = (p) => readFileSync(p, "utf8");

/** The new version: the given paths on disk. */
export function workingTreeSource(paths: readonly string[]): VersionSource {
  return { entries: paths.flatMap(gridFilesUnder), readFile: diskRead, display: (f) => f, label: "working tree" };
}

function git(args: string[], cwd: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { ok: false, out: "", err: r.error.message };
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** The old version named by `against`: a directory, a file, or a git revision. */
export function againstSource(against: string, paths: readonly string[], cwd = process.cwd()): VersionSource {
  if (existsSync(against) && statSync(against).isDirectory()) {
    const mapped = paths.map((p) => join(against, relative(cwd, resolve(p)))).filter((p) => existsSync(p));
    const entries = mapped.length > 0 ? mapped.flatMap(gridFilesUnder) : gridFilesUnder(against);
    return { entries, readFile: diskRead, display: (f) => f, label: `directory ${against}` };
  }
  if (existsSync(against)) return { entries: [against], readFile: diskRead, display: (f) => f, label: `file ${against}` };
  const top = git(["rev-parse", "--show-toplevel"], cwd);
  if (!top.ok) {
    throw new CompatUsageError(
      `--against '${against}' is neither a directory nor a file, and ${cwd} is not inside a git checkout, so it cannot be read as a git revision. ` +
        "Run inside a git work tree, or pass a directory or file holding the old .grid files.",
    );
  }
  const rev = git(["rev-parse", "--verify", "--quiet", `${against}^{commit}`], cwd);
  if (!rev.ok) {
    throw new CompatUsageError(`--against '${against}' is not a directory, a file, or a git revision of this repository (git rev-parse failed). Check the ref, e.g. HEAD~1 needs at least two commits.`);
  }
  const entries: string[] = [];
  for (const p of paths) {
    const ls = git(["ls-tree", "-r", "--name-only", against, "--", p], cwd);
    if (!ls.ok) throw new CompatUsageError(`git ls-tree ${against} -- ${p} failed: ${ls.err.trim()}`);
    for (const line of ls.out.split("\n")) if (line.endsWith(".grid")) entries.push(line);
  }
  const readFile: ReadFile = (p) => {
    const rel = relative(cwd, resolve(cwd, p)).split("\\").join("/");
    const r = git(["show", `${against}:./${rel}`], cwd);
    if (!r.ok) throw new Error(`not in ${against}: ${rel} (${r.err.trim()})`);
    return r.out;
  };
  return { entries: [...new Set(entries)].sort(), readFile, display: (f) => `${against}:${f}`, label: `git ${against}` };
}
