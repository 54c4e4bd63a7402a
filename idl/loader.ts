// Loads entry files and everything they import (paths relative to the
// importing file), reports unreadable files and cycles, then runs the
// program-level checks. Never throws for bad input.
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { GridFile, ImportDecl } from "./ast.js";
import { checkProgram } from "./check-program.js";
import { diag, fileStartSpan, sortDiagnostics, type Diagnostic } from "./diagnostic.js";
import { parseSource } from "./parse-source.js";
import { Resolver, type Program } from "./program.js";

/** Options of loadProgram; readFile lets tests and editors supply unsaved text. */
export interface LoadOptions {
  readFile?: (path: string) => string;
}

function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}

/** Parse entries and their imports, check everything, and return the program. */
export function loadProgram(entryPaths: string[], opts: LoadOptions = {}): Program {
  const read = opts.readFile ?? ((p: string) => readFileSync(p, "utf8"));
  const diagnostics: Diagnostic[] = [];
  const byAbs = new Map<string, GridFile>();
  const state = new Map<string, "visiting" | "done">();
  const order: GridFile[] = [];
  const importsOf = new Map<GridFile, { file: GridFile; alias?: string }[]>();

  const visit = (abs: string, shown: string, via: ImportDecl | undefined, chain: string[]): GridFile | undefined => {
    const st = state.get(abs);
    if (st === "visiting") {
      const start = chain.indexOf(abs);
      const cycle = [...chain.slice(start), abs].map(displayPath).join(" -> ");
      if (via !== undefined) {
        diagnostics.push(diag("E0702", `import cycle: ${cycle}`, via.span, "move the shared declarations into a third file that both import"));
      }
      return byAbs.get(abs);
    }
    if (st === "done") return byAbs.get(abs);
    let text: string;
    try {
      text = read(abs);
    } catch (err) {
      const why = err instanceof Error && "code" in err ? String((err as { code: unknown }).code) : "unreadable";
      const span = via?.span ?? fileStartSpan(shown);
      diagnostics.push(diag("E0701", `cannot read "${via?.path ?? shown}" (${why === "ENOENT" ? "no such file" : why})`, span, via === undefined ? undefined : `import paths are relative to the importing file: looked for ${displayPath(abs)}`));
      state.set(abs, "done");
      return undefined;
    }
    state.set(abs, "visiting");
    const { file, diagnostics: ds } = parseSource(text, shown);
    diagnostics.push(...ds);
    byAbs.set(abs, file);
    const deps: { file: GridFile; alias?: string }[] = [];
    for (const imp of file.imports) {
      const target = resolve(dirname(abs), imp.path);
      Object.assign(imp, { resolvedPath: target });
      const dep = visit(target, displayPath(target), imp, [...chain, abs]);
      if (dep !== undefined) deps.push(imp.alias === undefined ? { file: dep } : { file: dep, alias: imp.alias });
    }
    importsOf.set(file, deps);
    state.set(abs, "done");
    order.push(file);
    return file;
  };

  for (const entry of entryPaths) {
    const abs = resolve(entry);
    visit(abs, entry, undefined, []);
  }
  const resolver = new Resolver((f) => importsOf.get(f) ?? []);
  try {
    diagnostics.push(...checkProgram(order, resolver));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    diagnostics.push(diag("E0011", `internal checker error (please report): ${msg}`, fileStartSpan(entryPaths[0] ?? "")));
  }
  return {
    files: order,
    diagnostics: sortDiagnostics(diagnostics),
    lookup: (from, name) => resolver.lookup(from, name),
  };
}
