// Phase "idl": random and mutated .grid sources through the front end. Invariants: parseSource,
// loadProgram and formatGrid answer with diagnostics and never throw; every diagnostic names a
// file it read and a line:col inside that file's text (also as formatDiagnostics renders it); fmt
// accepts every source that parses without errors (or refuses it with E0030, the documented
// comment-placement refusal), and its output is a fixed point that parses to the same AST with the
// same comments.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatDiagnostics, formatGrid, loadProgram, parseSource, type Diagnostic } from "../../idl/index.js";
import { astShape } from "../../test/idl/ast-shape.js";
import { describeError, iterations, type Phase, type PhaseContext, type PhaseResult, type SoakFailure } from "./phase.js";
import { iterationSeed, soakRng, type SoakRng } from "./rng.js";
import { shrinkText } from "./shrink.js";

/** Failures shown in detail (each shrunk, up to 3 s); the rest are counted. */
const MAX_REPORTED = 5;

/** A front end taking this long on a few KB is hung, not slow (a correct one answers in ms). */
const HANG_MS = 5000;

const TOKEN_RE = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+[a-z]*|./g;
const VOCAB = ["struct", "enum", "service", "rpc", "stream", "returns", "reserved", "to", "package", "import", "option", "type", "extension", "route", "{", "}", "(", ")", "[", "]", "<", ">", ";", ":", ",", "=", "?", ".", '"x"', '"common.grid"', '"', "0", "1", "256", "-1", "4294967296", "99999999999999999999", "30s", "1h2m", "list", "map", "array", "bytes", "bytes[16]", "json", "X", "Point", "/*", "*/", "//", "///", "\n", "\r\n", "\t", "flatten", "key", "omitempty", "allownil", "tuple", "int64", '"bigint"', "@", "\u00e9", "\u{1F600}", "\u0000", "\ufeff"];

/** Every .grid file under schemas/, with its text (the mutation seeds). */
function loadSeeds(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".grid")) out.push({ path: p, text: readFileSync(p, "utf8") });
    }
  };
  walk("schemas");
  return out;
}

/** One mutated source: a few token edits of a repo schema, sometimes random bytes or a cut. */
function mutate(rng: SoakRng, seed: string): string {
  const toks = seed.match(TOKEN_RE) ?? [];
  const edits = 1 + rng.int(rng.chance(0.2) ? 40 : 6);
  for (let e = 0; e < edits; e++) {
    const i = rng.int(toks.length);
    switch (rng.int(7)) {
      case 0:
        toks.splice(i, 1);
        break;
      case 1:
        toks.splice(i, 0, toks[i] ?? "");
        break;
      case 2: {
        const j = rng.int(toks.length);
        [toks[i], toks[j]] = [toks[j] ?? "", toks[i] ?? ""];
        break;
      }
      case 3:
        toks.splice(i, 0, ` ${rng.pick(VOCAB)} `);
        break;
      case 4:
        toks.splice(i, 0, String.fromCharCode(...rng.bytes(1 + rng.int(8))));
        break;
      case 5:
        toks.splice(i, 0, ...toks.slice(rng.int(toks.length), rng.int(toks.length) + 1 + rng.int(30)));
        break;
      default:
        toks.splice(i, 0, rng.pick(VOCAB));
    }
  }
  let text = toks.join("");
  if (rng.chance(0.1)) text = text.slice(0, rng.int(text.length + 1));
  return text;
}

/** Layout-only edits at token boundaries: the source keeps its meaning, so fmt must accept and keep it. */
const LAYOUT = [" ", "\t", "\n", "\n\n", "\r\n", "  \n  ", "/* note */", "/* multi\nline */", "// trailing\n", "\n/// doc?\n", "\n// own line\n"];

function reLayout(rng: SoakRng, seed: string): string {
  const toks = seed.match(TOKEN_RE) ?? [];
  const edits = 1 + rng.int(8);
  for (let e = 0; e < edits; e++) {
    const i = rng.int(toks.length + 1);
    const prev = toks[i - 1] ?? "";
    // Inside a line comment, only a newline ends it; elsewhere any layout fits between tokens.
    toks.splice(i, 0, prev.startsWith("//") ? "\n" : rng.pick(LAYOUT));
  }
  return toks.join("");
}

/** Pure noise: random characters (ASCII-heavy), or a soup of language tokens. */
function noise(rng: SoakRng): string {
  if (rng.chance(0.5)) {
    const n = rng.int(300);
    let s = "";
    for (let i = 0; i < n; i++) s += rng.chance(0.8) ? String.fromCharCode(32 + rng.int(95)) : String.fromCharCode(rng.int(0x3000));
    return s;
  }
  return Array.from({ length: rng.int(120) }, () => rng.pick(VOCAB)).join(rng.chance(0.5) ? " " : "");
}

/** Line/col of `offset` in `text` by the front end's convention (1-based, UTF-16 columns, \n lines). */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) (line++, (start = i + 1));
  return { line, col: offset - start + 1 };
}

function checkDiagnostics(where: string, diags: readonly Diagnostic[], texts: ReadonlyMap<string, string>): string | undefined {
  for (const d of diags) {
    const tag = `${where}: diagnostic ${JSON.stringify({ code: d.code, message: d.message, span: d.span })}`;
    if (!/^[EW]\d{4}$/.test(d.code)) return `${tag} has a malformed code`;
    if (d.severity !== "error" && d.severity !== "warning") return `${tag} has severity ${String(d.severity)}`;
    if (typeof d.message !== "string" || d.message.length === 0) return `${tag} has no message`;
    const text = texts.get(resolve(d.span.file));
    if (text === undefined) return `${tag} names a file that was never read`;
    for (const p of [d.span.start, d.span.end]) {
      if (!(p.offset >= 0 && p.offset <= text.length)) return `${tag}: offset ${p.offset} outside the text (length ${text.length})`;
      const want = lineCol(text, p.offset);
      if (p.line !== want.line || p.col !== want.col) return `${tag}: line:col ${p.line}:${p.col} is not offset ${p.offset} (that is ${want.line}:${want.col})`;
    }
    if (d.span.start.offset > d.span.end.offset) return `${tag}: span ends before it starts`;
  }
  // The rendered form (what users read) must lead each entry with that same file:line:col.
  const sources = new Map([...texts].flatMap(([abs, t]) => [[abs, t] as const, ...diags.filter((d) => resolve(d.span.file) === abs).map((d) => [d.span.file, t] as const)]));
  const rendered = formatDiagnostics(diags, { color: false, sources });
  for (const d of diags) {
    const at = `${d.span.file}:${d.span.start.line}:${d.span.start.col} - ${d.severity} ${d.code}: ${d.message}`;
    if (!rendered.includes(at)) return `${where}: formatDiagnostics does not show ${JSON.stringify(at)}`;
  }
  return undefined;
}

const hasError = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/** Runs every invariant on one source; the first broken one, or undefined. Throws only on a front-end throw. */
export function checkGridSource(text: string, path: string): string | undefined {
  const t0 = Date.now();
  const abs = resolve(path);
  const self = new Map([[abs, text]]);
  const parsed = parseSource(text, path);
  const bad = checkDiagnostics("parseSource", parsed.diagnostics, self);
  if (bad) return bad;

  // The mutated file stands at its real path, so its imports resolve to the real neighbours.
  const read = new Map(self);
  const program = loadProgram([path], {
    readFile: (p) => {
      const r = resolve(p);
      const known = read.get(r);
      if (known !== undefined) return known;
      const t = readFileSync(r, "utf8");
      read.set(r, t);
      return t;
    },
  });
  const badProgram = checkDiagnostics("loadProgram", program.diagnostics, read);
  if (badProgram) return badProgram;

  const f = formatGrid(text, path);
  const badFmt = checkDiagnostics("formatGrid", f.diagnostics, self);
  if (badFmt) return badFmt;
  if (f.text === undefined) {
    // The one documented refusal of a valid file: a comment fmt cannot place without changing it (E0030).
    if (!hasError(parsed.diagnostics) && !f.diagnostics.some((d) => d.code === "E0030")) return `formatGrid refused a source that parses without errors, without E0030: ${f.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`;
    if (!hasError(f.diagnostics)) return "formatGrid refused without an error diagnostic";
  } else {
    const again = formatGrid(f.text, path);
    if (again.text !== f.text) return `fmt is not idempotent: formatting its own output ${again.text === undefined ? "was refused" : "changed it"}`;
    const reparsed = parseSource(f.text, path);
    if (!hasError(parsed.diagnostics)) {
      if (hasError(reparsed.diagnostics)) return `fmt output does not parse: ${reparsed.diagnostics.map((d) => d.message).join("; ")}`;
      if (astShape(reparsed.file) !== astShape(parsed.file)) return "fmt changed the meaning (AST differs)";
      const cs = (ts: string): string => JSON.stringify(parseSource(ts, path).file.comments.map((c) => c.text.trim()));
      if (cs(f.text) !== cs(text)) return "fmt lost, added or reordered a comment";
    }
  }
  if (Date.now() - t0 > HANG_MS) return `front end took ${Date.now() - t0} ms on ${text.length} chars (hang?)`;
  return undefined;
}

/** checkGridSource with throws turned into findings (the message's first line is the signature). */
function verdict(text: string, path: string): { what: string; stack?: string } | undefined {
  try {
    const w = checkGridSource(text, path);
    return w === undefined ? undefined : { what: w };
  } catch (e) {
    const d = describeError(e);
    return { what: `front end threw ${d.message}`, stack: d.stack };
  }
}

/** Signature for shrinking: same kind of failure, ignoring positions and numbers. */
const signature = (what: string): string => what.replace(/\{.*\}/s, "{}").replace(/\d+/g, "N").slice(0, 80);

export const idlPhase: Phase = {
  name: "idl",
  weight: 2,
  async run(ctx: PhaseContext): Promise<PhaseResult> {
    const seeds = loadSeeds();
    const failures: SoakFailure[] = [];
    let count = 0;
    let parsedClean = 0;
    let failing = 0;
    const reported = new Set<string>();
    for (const i of iterations(ctx)) {
      const rng = soakRng(iterationSeed(ctx.seed, "idl", i));
      const seed = rng.pick(seeds);
      const r = rng.next();
      const text = r < 0.25 ? reLayout(rng, seed.text) : r < 0.88 ? mutate(rng, seed.text) : noise(rng);
      count++;
      const v = verdict(text, seed.path);
      if (v === undefined) {
        if (!hasError(parseSource(text, seed.path).diagnostics)) parsedClean++;
      } else {
        failing++;
        // Details for the first few distinct minimal inputs; later ones are counted only (one bug
        // tends to show up in every tenth input, and shrinking each would eat the budget).
        if (failures.length >= MAX_REPORTED) continue;
        const sig = signature(v.what);
        const min = shrinkText(text, (c) => {
          const w = verdict(c, seed.path);
          return w !== undefined && signature(w.what) === sig;
        });
        const skeleton = min.replace(/[A-Za-z_][A-Za-z0-9_]*/g, "a").replace(/\d+/g, "0");
        if (reported.has(skeleton)) continue;
        reported.add(skeleton);
        const again = verdict(min, seed.path) ?? v;
        failures.push({ iteration: i, what: `${again.what} (as ${seed.path})`, input: JSON.stringify(min), stack: again.stack });
        ctx.log(`idl: failure at iteration ${i}: ${again.what}`);
      }
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    return { iterations: count, failures, failingIterations: failing, notes: `parsed-clean=${parsedClean}` };
  },
};
