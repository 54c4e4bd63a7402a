// Where tests, the soak and scripts read the golden vectors from. The files here are verbatim
// copies of ../shared/vectors (bytes recorded from the real Go libraries), committed so a clean
// clone runs every conformance test on its own; copies-match-shared.test.ts fails the moment
// they drift from shared/ whenever shared/ is present beside the repo.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** The vector files this repo keeps a copy of. */
export const VECTOR_FILES = ["msgp-golden.json", "grid-traces-current.json", "grid-traces-2024-04.json"] as const;

/** This folder (override with GRID_VECTORS_DIR to run against another set, e.g. a fresh shared/). */
export const VECTORS_DIR = process.env.GRID_VECTORS_DIR ?? dirname(fileURLToPath(import.meta.url));

/** Absolute path of one vector file. */
export function vectorPath(name: (typeof VECTOR_FILES)[number]): string {
  return join(VECTORS_DIR, name);
}
