// Shared by the generator tests: run the real CLI, generate into temp dirs.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadProgram } from "../../idl/index.js";
import { generate, type GeneratedFile } from "../../generator/index.js";

/** Repo root (tests run from it). */
export const ROOT = resolve(".");

/** A fresh folder inside the repo (so node_modules resolves from generated code); .tmp/ is gitignored, so a clean clone lacks it. */
export function tempDir(tag: string): string {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  return mkdtempSync(join(ROOT, ".tmp", `gen-${tag}-`));
}

/** Runs `grid-gen <args>` as a real process. */
export function cli(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/grid-gen.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Generates .grid files into `outDir` (nothing written). */
export async function generateFrom(entries: string[], root: string, outDir: string, runtime = join(ROOT, "runtime")): Promise<GeneratedFile[]> {
  const program = loadProgram(entries);
  return generate(program, { root, outDir, runtime, displayRoot: ROOT });
}
