// Prettier's layout, written directly by the emitter for the few shapes that
// can outgrow a line (import lists, function signatures), so the emitted text
// is already what prettier prints and prettier need not run on it (it costs
// ~50x the emission on large schemas). Everything else is emitted on one line
// per statement; a chunk that still has an over-long line (or text prettier
// would rewrite, such as an escaped quote) is handed to prettier instead
// (format.ts). The layout tests check emitted == prettier(emitted).

/** Prettier's printWidth for generated code (generator/format.ts passes the same). */
export const PRINT_WIDTH = 120;

/**
 * Display width as prettier measures it, or an over-estimate: non-ASCII text
 * counts double (wide characters) so such a line errs towards prettier.
 */
export function lineWidth(line: string): number {
  return isAscii(line) ? line.length : line.length * 2;
}

/** Whether every character is ASCII, so `lineWidth` is exact rather than an estimate. */
function isAscii(line: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(line);
}

/**
 * Whether the emitter should keep a flat line and leave the breaking to
 * prettier: it fits, or it is non-ASCII and only estimated not to fit (the
 * estimate may be wrong either way, so breaking it ourselves could differ from
 * prettier; the over-estimate makes needsPrettier send the chunk to prettier).
 */
function keepFlat(flat: string): boolean {
  return lineWidth(flat) <= PRINT_WIDTH || !isAscii(flat);
}

/** `import { a, b } from "x";` (or `export type { ... } from`), one name per line when it does not fit. */
export function specifierList(head: string, names: readonly string[], tail: string): string[] {
  const flat = `${head} { ${names.join(", ")} } ${tail}`;
  if (keepFlat(flat)) return [flat];
  return [`${head} {`, ...names.map((n) => `  ${n},`), `} ${tail}`];
}

/**
 * A function or method head `name(params)tail` in prettier's layout. Prettier
 * puts the parameters and the return type in one group (it groups the
 * parameters apart only for a single parameter with an object or breaking
 * return type, which generated code never has): flat when the whole line
 * fits, else one parameter per line and the return type after `)`. If a
 * broken line is still too long the flat line is returned and the chunk goes
 * to prettier (needsPrettier).
 */
export function signature(indent: string, head: string, params: readonly string[], tail: string): string[] {
  const flat = `${indent}${head}(${params.join(", ")})${tail}`;
  if (keepFlat(flat) || params.length === 0) return [flat];
  const lines = [`${indent}${head}(`, ...params.map((p) => `${indent}  ${p},`), `${indent})${tail}`];
  return lines.some((l) => lineWidth(l) > PRINT_WIDTH) ? [flat] : lines;
}

/**
 * A call statement `prefix callee(args)end` (e.g. `  serveSingle(...);` or
 * `    return f(...);`): flat when it fits, else one argument per line, which
 * is prettier's layout when no argument is hugged. Callers pass only args
 * that are identifiers, member accesses, literals or arrow functions in a
 * non-last position (prettier hugs a last function/object/array argument).
 */
export function callStatement(indent: string, callee: string, args: readonly string[], end: string): string[] {
  const flat = `${indent}${callee}(${args.join(", ")})${end}`;
  if (keepFlat(flat)) return [flat];
  return [`${indent}${callee}(`, ...args.map((a) => `${indent}  ${a},`), `${indent})${end}`];
}

/** A function head without parameters and with a plain return type: prettier has nowhere to break it. */
const UNBREAKABLE_HEAD = /^\s*(?:export )?(?:async )?(?:function )?[\w$]+\(\): [\w$.]+ \{$/;

/** A line holding only a comment (JSDoc pieces, `//`), as the emitter writes them. */
const COMMENT_LINE = /^\s*(\/\/|\/\*\*.*\*\/$|\/\*\*$|\* |\*$|\*\/$)/;

/** Whether a chunk of emitted lines may differ from prettier's output (then prettier formats it). */
export function needsPrettier(lines: readonly string[]): boolean {
  for (const l of lines) {
    // Prettier never reflows comments: a long comment line is kept as written.
    if (lineWidth(l) > PRINT_WIDTH && !COMMENT_LINE.test(l) && !UNBREAKABLE_HEAD.test(l)) return true;
    // Prettier picks the quote needing fewer escapes: a JSON string holding `"` may change.
    if (l.includes('\\"') && !COMMENT_LINE.test(l)) return true;
  }
  return false;
}

/** The binary operators at the top level of an expression (outside brackets and string literals). */
function topLevelOps(expr: string): string[] {
  const ops: string[] = [];
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < expr.length && expr[i] !== c; i++) if (expr[i] === "\\") i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && c === " ") {
      const m = /^ (&&|\|\||\?\?|===|!==|\?|[<>]=?) /.exec(expr.slice(i));
      if (m !== null) ops.push(m[1]!);
    }
  }
  return ops;
}

/**
 * An operand of `&&` / `||` written the way prettier prints it: comparisons
 * bare, nested logical expressions in parentheses (prettier keeps those).
 */
export function logicalOperand(expr: string): string {
  return topLevelOps(expr).some((o) => o === "&&" || o === "||" || o === "??" || o === "?") ? `(${expr})` : expr;
}

/** `!expr` with parentheses only when prettier keeps them (a binary expression). */
export function negate(expr: string): string {
  return topLevelOps(expr).length > 0 ? `!(${expr})` : `!${expr}`;
}
