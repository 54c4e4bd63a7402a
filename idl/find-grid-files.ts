// Expands CLI arguments (files or folders) into .grid file paths, so every
// verb treats `schemas/` and `schemas/a.grid` alike.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Files as given, folders searched recursively for *.grid (sorted, skipping node_modules and dot folders). */
export function findGridFiles(args: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith(".grid")) files.push(p);
    }
  };
  for (const a of args) {
    let st;
    try {
      st = statSync(a);
    } catch {
      missing.push(a);
      continue;
    }
    if (st.isDirectory()) walk(a);
    else files.push(a);
  }
  return { files, missing };
}

/** Color only when asked for, or on a terminal without NO_COLOR. */
export function wantColor(argv: readonly string[], stream: { isTTY?: boolean }): boolean {
  if (argv.includes("--no-color")) return false;
  if (argv.includes("--color")) return true;
  return stream.isTTY === true && process.env["NO_COLOR"] === undefined;
}
