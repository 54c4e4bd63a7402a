// Formatting of generated modules. Prettier is the reference layout, but it
// formats ~0.3 MB/s, ~50x slower than emission: the emitter writes prettier's
// layout itself (layout.ts) and prettier runs only on the chunks the emitter
// cannot vouch for. `full` runs it on the whole module instead; both give the
// same bytes (test/generator/layout.test.ts).
import * as prettier from "prettier";
import { GenerateError } from "./context.js";
import { PRINT_WIDTH, needsPrettier } from "./layout.js";

/** How generated text is formatted. */
export type FormatMode = "fast" | "full" | "none";

/** Fixed options: never a user's prettier config, so output does not depend on the machine. */
const OPTIONS: prettier.Options = { parser: "typescript", printWidth: PRINT_WIDTH, trailingComma: "all", endOfLine: "lf" };

/** Formats generated TS with the fixed options. */
export async function formatTs(text: string, path: string): Promise<string> {
  try {
    return await prettier.format(text, OPTIONS);
  } catch (err) {
    throw new GenerateError(`internal error: generated code does not parse (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`, path);
  }
}

/** How many chunks the last fast formatting sent to prettier (for the bench). */
export const formatStats = { chunks: 0, prettierChunks: 0 };

/** Joins top-level chunks into a module, formatting as `mode` says. */
export async function formatChunks(chunks: readonly (readonly string[])[], path: string, mode: FormatMode): Promise<string> {
  const raw = (): string => `${chunks.map((c) => c.join("\n")).join("\n\n")}\n`;
  if (mode === "none") return raw();
  if (mode === "full") return formatTs(raw(), path);
  const parts: string[] = [];
  for (const c of chunks) {
    formatStats.chunks++;
    if (!needsPrettier(c)) {
      parts.push(c.join("\n"));
      continue;
    }
    formatStats.prettierChunks++;
    parts.push((await formatTs(`${c.join("\n")}\n`, path)).replace(/\n+$/, ""));
  }
  return `${parts.join("\n\n")}\n`;
}
