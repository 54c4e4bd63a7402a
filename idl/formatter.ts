// placeholder replaced below
import type { Diagnostic } from "./diagnostic.js";
/** Canonical formatting of a .grid source. */
export function formatGrid(text: string, path: string): { text?: string; diagnostics: Diagnostic[] } {
  void text;
  void path;
  return { diagnostics: [] };
}
