// grid.config.json: where a project's .grid inputs are, where generated code
// goes and how it imports the runtime, so `grid-gen gen [--check]` needs no
// arguments (CI runs exactly that).
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Int64Mode } from "../idl/ast.js";

/** The config file name looked up in the current directory. */
export const CONFIG_FILE = "grid.config.json";

/** A loaded config with every path made absolute. */
export interface GenConfig {
  /** Files or folders holding .grid sources. */
  readonly inputs: string[];
  /** Folder the source tree is mirrored from. */
  readonly root: string;
  /** Output folder. */
  readonly out: string;
  /** Runtime import: a package specifier, or an absolute folder path. */
  readonly runtime: string;
  readonly int64: Int64Mode;
  /** Run prettier over the output (default true; false trades layout polish for speed on huge schemas). */
  readonly prettier: boolean;
  /** Folder the config lives in (source names in generated comments are relative to it). */
  readonly base: string;
}

/** Thrown for a malformed config; the message says which key and what to write. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function str(o: Record<string, unknown>, k: string, file: string): string | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v === "") throw new ConfigError(`${file}: "${k}" must be a non-empty string`);
  return v;
}

/** Reads a config file; undefined when `path` does not exist. */
export function loadConfig(path: string): GenConfig | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(`${path}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  const base = dirname(resolve(path));
  const inputsRaw = o["inputs"] ?? ["schemas"];
  if (!Array.isArray(inputsRaw) || inputsRaw.some((x) => typeof x !== "string")) throw new ConfigError(`${path}: "inputs" must be an array of paths`);
  const inputs = (inputsRaw as string[]).map((p) => resolve(base, p));
  const int64 = str(o, "int64", path) ?? "bigint";
  if (int64 !== "bigint" && int64 !== "number" && int64 !== "string") throw new ConfigError(`${path}: "int64" must be "bigint", "number" or "string"`);
  const runtime = str(o, "runtime", path) ?? "grid-gen/runtime";
  const prettier = o["prettier"] ?? true;
  if (typeof prettier !== "boolean") throw new ConfigError(`${path}: "prettier" must be true or false`);
  return {
    inputs,
    root: resolve(base, str(o, "root", path) ?? (inputs.length === 1 ? (inputsRaw as string[])[0]! : ".")),
    out: resolve(base, str(o, "out", path) ?? "generated"),
    runtime: runtime.startsWith(".") ? resolve(base, runtime) : runtime,
    int64,
    prettier,
    base,
  };
}
