// Public entry of the .grid front end (Contract 1): parse, load and check
// programs, render diagnostics, format sources.
export type * from "./ast.js";
export { BUILTIN_NAMES, SCALAR_NAMES } from "./ast.js";
export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from "./diagnostic.js";
export { formatDiagnostics, type FormatOptions } from "./format-diagnostics.js";
export { formatGrid } from "./formatter.js";
export { loadProgram, type LoadOptions } from "./loader.js";
export { parseSource, type ParseResult } from "./parse-source.js";
export type { Program } from "./program.js";
export { typeText } from "./build-ast.js";
export * from "./defaults.js";
