// One file: text -> tokens -> CST -> AST, plus the checks that need only this
// file. Never throws for bad input: every problem becomes a Diagnostic.
import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import type { Comment, GridFile } from "./ast.js";
import { AstBuilder } from "./build-ast.js";
import { checkFile } from "./check-file.js";
import { LineMap } from "./cst-util.js";
import { diag, sortDiagnostics, type Diagnostic } from "./diagnostic.js";
import { gridLexer, StringLit, UnterminatedComment, UnterminatedString } from "./lexer.js";
import { HINT_SEP } from "./parse-errors.js";
import { parseTokens } from "./parser.js";

/** Result of parsing one source text. */
export interface ParseResult {
  file: GridFile;
  diagnostics: Diagnostic[];
}

/** Parse and locally check one .grid source (imports are not followed: see loadProgram). */
export function parseSource(text: string, path: string): ParseResult {
  try {
    return parseUnchecked(text, path, true);
  } catch (err) {
    // A bug in the front end must still not surface as a crash for the user.
    const msg = err instanceof Error ? err.message : String(err);
    const lm = new LineMap(text);
    return {
      file: emptyFile(path),
      diagnostics: [diag("E0011", `internal parser error (please report): ${msg}`, lm.span(path, 0, 0))],
    };
  }
}

function emptyFile(path: string): GridFile {
  return { path, package: "", imports: [], options: [], types: [], services: [], comments: [] };
}

/** Parse without the file-level checks (the formatter only needs syntax). */
export function parseUnchecked(text: string, path: string, check: boolean): ParseResult {
  const lm = new LineMap(text);
  const diagnostics: Diagnostic[] = [];
  const lexed = gridLexer.tokenize(text);
  for (const e of lexed.errors) diagnostics.push(lexError(e, text, path, lm));
  // Usually no token needs fixing up: reuse the lexer's array (this is the hot path on big files).
  const needsFix = lexed.tokens.some((t) => t.tokenType === UnterminatedString || t.tokenType === UnterminatedComment);
  const tokens: IToken[] = needsFix ? [] : lexed.tokens;
  for (const t of needsFix ? lexed.tokens : []) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(
        diag("E0002", "unterminated string", lm.span(path, t.startOffset, t.startOffset + t.image.length), 'close it with " on the same line'),
      );
      tokens.push({ ...t, tokenType: StringLit, tokenTypeIdx: StringLit.tokenTypeIdx ?? t.tokenTypeIdx, image: `${t.image}"` });
    } else if (t.tokenType === UnterminatedComment) {
      diagnostics.push(diag("E0003", "unterminated block comment", lm.span(path, t.startOffset, t.startOffset + 2), "close it with */"));
    } else tokens.push(t);
  }
  const comments: Comment[] = (lexed.groups["comments"] ?? []).map((t) => ({
    text: t.image,
    kind: t.tokenType.name.startsWith("Doc") ? "doc" : t.tokenType.name === "LineComment" ? "line" : "block",
    span: lm.span(path, t.startOffset, t.startOffset + t.image.length),
  }));
  const tooDeep = nestingLimit(tokens);
  if (tooDeep !== undefined) {
    // The grammar is recursive in types and values; refuse before the stack does.
    diagnostics.push(
      diag("E0024", `nesting deeper than ${MAX_NESTING} levels`, lm.span(path, tooDeep.startOffset, tooDeep.startOffset + 1), "flatten the type with named aliases (type Inner = ...;)"),
    );
    return { file: emptyFile(path), diagnostics: sortDiagnostics(diagnostics) };
  }
  const { cst, errors } = parseTokens(tokens);
  for (const e of errors) diagnostics.push(parseError(e, path, lm, text));
  const builder = new AstBuilder(path, text, comments, tokens);
  const file = builder.build(cst);
  diagnostics.push(...builder.diagnostics);
  // Checks run on the recovered tree too, so one run reports every error.
  if (check) diagnostics.push(...checkFile(file));
  return { file, diagnostics: sortDiagnostics(dedupe(diagnostics)) };
}

/** Deepest `<...>` / `[...]` nesting accepted; real schemas stay under 10. */
export const MAX_NESTING = 64;

function nestingLimit(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === "LAngle" || n === "LSquare") {
      depth++;
      if (depth > MAX_NESTING) return t;
    } else if ((n === "RAngle" || n === "RSquare") && depth > 0) depth--;
  }
  return undefined;
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.code}|${d.span.start.offset}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function lexError(e: ILexingError, text: string, path: string, lm: LineMap): Diagnostic {
  const bad = text.slice(e.offset, e.offset + e.length);
  const shown = bad.length > 20 ? `${bad.slice(0, 20)}...` : bad;
  return diag(
    "E0001",
    `unexpected character${bad.length > 1 ? "s" : ""} ${JSON.stringify(shown)}`,
    lm.span(path, e.offset, e.offset + e.length),
    "names are letters, digits and '_'; strings use double quotes; comments start with //",
  );
}

function parseError(e: IRecognitionException, path: string, lm: LineMap, text: string): Diagnostic {
  const t = e.token;
  let start = t.startOffset;
  let end = (t.endOffset ?? t.startOffset) + 1;
  if (Number.isNaN(start) || t.tokenType.name === "EOF") {
    // At end of input point just after the last real token, where the fix goes.
    const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    const at = prev !== undefined && prev.endOffset !== undefined && !Number.isNaN(prev.endOffset) ? prev.endOffset + 1 : text.length;
    start = at;
    end = at;
  }
  const [message, hint] = e.message.split(HINT_SEP);
  const prevTok = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (
    e.name === "MismatchedTokenException" &&
    message?.startsWith("expected ';'") === true &&
    prevTok?.endOffset !== undefined &&
    !Number.isNaN(prevTok.endOffset) &&
    (prevTok.endLine ?? 0) < (t.startLine ?? 0)
  ) {
    // A missing ';' belongs at the end of the previous line, not at the next declaration.
    start = prevTok.endOffset + 1;
    end = start;
  }
  const code = e.name === "MismatchedTokenException" && !(message ?? "").startsWith("expected a declaration,") ? "E0010" : "E0011";
  return diag(code, message ?? e.message, lm.span(path, start, end), hint);
}
