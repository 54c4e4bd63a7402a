// Diagnostics: the only way the front end reports problems with user input
// (it never throws for bad input). Codes are stable: tests, docs and editors
// key on them; never renumber, only add (table in idl/GRAMMAR.md).
import type { Pos, Span } from "./ast.js";

/** One finding about a .grid source. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

/** Every code with a one-line summary; the doc table and tests are checked against it. */
export const DIAGNOSTIC_CODES = {
  E0001: "unexpected character",
  E0002: "unterminated string",
  E0003: "unterminated block comment",
  E0010: "syntax error: a specific token was expected",
  E0011: "syntax error: none of the possible constructs starts here",
  E0020: "missing package declaration",
  E0021: "more than one package declaration",
  E0022: "malformed or out-of-range number",
  E0023: "invalid string escape",
  E0024: "type or value nesting too deep",
  E0030: "fmt: a line comment (or a block comment spanning lines) inside a multi-line declaration cannot be kept in place",
  E0101: "unresolved type name",
  E0102: "duplicate declaration name",
  E0103: "declaration reuses a scalar or builtin type name",
  E0104: "ambiguous type name (declared in several imports)",
  E0105: "unknown package qualifier",
  E0106: "wrong type arguments (list/array/map/json/Array, or arguments on a plain type)",
  E0107: "type alias refers to itself",
  E0108: "struct contains itself by value",
  E0109: "declaration name shadows a name generated TypeScript uses",
  E0201: "duplicate field name",
  E0202: "duplicate wire key (after flatten)",
  E0203: "field name or key is reserved",
  W0204: "omitempty/omitzero on a tuple struct field (msgp ignores them)",
  E0205: "flatten on a field whose type is not a struct",
  E0206: "flatten in a tuple struct, with key, or forming a cycle",
  E0207: "allownil on a type where it has no meaning",
  W0208: "allownil on an optional type (no effect)",
  E0209: "map key type msgp cannot encode",
  E0210: "bytes[N] / array<T, N> size out of range",
  E0211: "int64 option on a type that is not a 64-bit integer",
  E0212: "empty wire key",
  E0301: "enum backing type is not an integer type",
  E0302: "enum value out of the backing type's range",
  E0303: "duplicate enum value",
  E0304: "duplicate enum member name",
  E0305: "enum member name or value is reserved",
  E0401: "extension type out of range (-128..127)",
  E0402: "extension type reserved by msgp (3, 4, 5)",
  E0403: "duplicate extension type number",
  E0501: "unknown option",
  E0502: "invalid option value",
  E0503: "duplicate option",
  E0601: "handler ID out of range (1..255)",
  E0602: "duplicate handler ID",
  E0603: "duplicate handler name",
  E0604: "handler ID or name is reserved",
  E0605: "capacity out of range",
  E0606: "option not valid for this handler kind",
  E0607: "invalid subroute",
  E0608: "duplicate subroute",
  E0609: "invalid route",
  E0610: "more than one route statement",
  E0611: "handler parameters do not fit its kind",
  E0612: "invalid timeout",
  E0613: "reserved range is empty or inverted",
  E0614: "reserved numbers in a struct (fields have no numbers)",
  E0701: "imported file cannot be read",
  E0702: "import cycle",
  E0703: "duplicate import or import alias",
} as const;

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Build a diagnostic; severity follows the code's letter (E = error, W = warning). */
export function diag(code: DiagnosticCode, message: string, span: Span, hint?: string): Diagnostic {
  const severity = code.startsWith("W") ? "warning" : "error";
  return hint === undefined ? { code, severity, message, span } : { code, severity, message, span, hint };
}

/** A zero-width span at the start of a file, for findings without a better location. */
export function fileStartSpan(file: string): Span {
  const p: Pos = { line: 1, col: 1, offset: 0 };
  return { file, start: p, end: p };
}

/** Sort by file then position, so output is stable whatever order checks ran in. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.offset - b.span.start.offset ||
      a.code.localeCompare(b.code),
  );
}
