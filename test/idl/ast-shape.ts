// The meaning of a file without positions or comments: what fmt must preserve.
import type { GridFile } from "../../idl/index.js";

const POSITIONAL = new Set(["span", "nameSpan", "idSpan", "keySpan", "valueSpan", "packageSpan", "packageDeclSpan", "stmtSpan", "comments"]);

/** JSON of the AST with every span and comment removed (bigint as text). */
export function astShape(f: GridFile): string {
  return JSON.stringify({ ...f, path: "" }, (k, v: unknown) => (POSITIONAL.has(k) ? undefined : typeof v === "bigint" ? `${v}n` : v));
}
