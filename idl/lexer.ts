// Tokens of the .grid language. Keywords are contextual (they are also
// identifiers through a token category), so a field may be called `type` or
// `stream` without quoting: .grid mirrors Go field names, which are free-form.
import { createToken, Lexer, type TokenType } from "chevrotain";

/** Any identifier; keywords belong to this category so names can reuse them. */
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Identifier],
    label: `'${word}'`,
  });
}

/** Keywords, exported so the parser can name them. */
export const Kw = {
  package: keyword("package"),
  import: keyword("import"),
  as: keyword("as"),
  option: keyword("option"),
  struct: keyword("struct"),
  enum: keyword("enum"),
  type: keyword("type"),
  extension: keyword("extension"),
  service: keyword("service"),
  route: keyword("route"),
  reserved: keyword("reserved"),
  to: keyword("to"),
  rpc: keyword("rpc"),
  stream: keyword("stream"),
  returns: keyword("returns"),
} as const;

/** Comments are kept in a group: the formatter re-emits them, docs attach to declarations. */
export const DocLineComment = createToken({ name: "DocLineComment", pattern: /\/\/\/(?!\/)[^\n\r]*/, group: "comments" });
/** `//` comments: kept for the formatter only. */
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
/** Doc blocks (slash-star-star): same role as `///`. */
export const DocBlockComment = createToken({
  name: "DocBlockComment",
  pattern: /\/\*\*(?!\/)[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
/** Block comments (slash-star): kept for the formatter only. */
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
/** An unterminated block comment: lexed on purpose so the error names the real problem. */
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, line_breaks: true });

/** Skipped; line breaks matter only for positions. */
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });

/** Quoted strings (JSON escapes): paths, routes, keys, subroutes. */
export const StringLit = createToken({ name: "StringLit", pattern: /"(?:[^"\\\n\r]|\\.)*"/, label: "a string" });
/** A string that runs into the end of the line: lexed so the error says "unterminated string". */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n\r]|\\.)*/ });
/** `30s`, `500ms`, `2m`, `1h`: handler timeouts. */
export const DurationLit = createToken({ name: "DurationLit", pattern: /\d+(?:ms|s|m|h)(?![A-Za-z0-9_])/, label: "a duration (e.g. 30s)" });
/** Decimal or hex integers, optionally negative (enum values, extension types). */
export const IntegerLit = createToken({ name: "IntegerLit", pattern: /-?(?:0[xX][0-9a-fA-F]+|\d+)(?![A-Za-z_])/, label: "a number" });

/** Punctuation token 'LBrace', exported for the parser's grammar rules. */
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
/** Punctuation token 'RBrace', exported for the parser's grammar rules. */
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
/** Punctuation token 'LParen', exported for the parser's grammar rules. */
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
/** Punctuation token 'RParen', exported for the parser's grammar rules. */
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
/** Punctuation token 'LSquare', exported for the parser's grammar rules. */
export const LSquare = createToken({ name: "LSquare", pattern: /\[/, label: "'['" });
/** Punctuation token 'RSquare', exported for the parser's grammar rules. */
export const RSquare = createToken({ name: "RSquare", pattern: /\]/, label: "']'" });
/** Punctuation token 'LAngle', exported for the parser's grammar rules. */
export const LAngle = createToken({ name: "LAngle", pattern: /</, label: "'<'" });
/** Punctuation token 'RAngle', exported for the parser's grammar rules. */
export const RAngle = createToken({ name: "RAngle", pattern: />/, label: "'>'" });
/** Punctuation token 'Semicolon', exported for the parser's grammar rules. */
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/, label: "';'" });
/** Punctuation token 'Colon', exported for the parser's grammar rules. */
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
/** Punctuation token 'Comma', exported for the parser's grammar rules. */
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
/** Punctuation token 'Equals', exported for the parser's grammar rules. */
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
/** Punctuation token 'Dot', exported for the parser's grammar rules. */
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
/** Punctuation token 'Question', exported for the parser's grammar rules. */
export const Question = createToken({ name: "Question", pattern: /\?/, label: "'?'" });

/** Every token type in lexing priority order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  DocLineComment,
  LineComment,
  DocBlockComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  UnterminatedString,
  DurationLit,
  IntegerLit,
  ...Object.values(Kw),
  Identifier,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LSquare,
  RSquare,
  LAngle,
  RAngle,
  Semicolon,
  Colon,
  Comma,
  Equals,
  Dot,
  Question,
];

/** One lexer for the process: chevrotain lexers are stateless and costly to build. */
export const gridLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, lineTerminatorsPattern: /\n/g, lineTerminatorCharacters: ["\n"] });
