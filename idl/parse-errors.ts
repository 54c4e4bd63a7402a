// Turns chevrotain's recognition failures into sentences a schema author
// understands: what was expected, what was found, how to fix it. A hint is
// appended after HINT_SEP and split off into Diagnostic.hint by the front end.
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";

/** Separates the message from the optional hint inside chevrotain's single message string. */
export const HINT_SEP = "\u0000";

/** What the user was writing when the rule failed, for "in a field declaration" style context. */
const RULE_CONTEXT: Record<string, string> = {
  packageDecl: "the package declaration",
  importDecl: "an import",
  optionDecl: "a file option",
  value: "an option value",
  optionList: "an option list",
  optionItem: "an option",
  structDecl: "a struct",
  field: "a field declaration",
  typeRef: "a type",
  typeArg: "a type argument",
  reservedStmt: "a reserved statement",
  reservedItem: "a reserved statement",
  enumDecl: "an enum",
  enumValue: "an enum value",
  aliasDecl: "a type declaration",
  extensionDecl: "an extension declaration",
  serviceDecl: "a service",
  structMember: "a struct",
  enumMember: "an enum",
  serviceMember: "a service",
  routeStmt: "a route statement",
  handler: "a handler declaration",
  param: "a handler parameter",
};

/** What may start a construct, in words, where listing token paths would confuse. */
const EXPECTED_BY_RULE: Record<string, string> = {
  topLevel: "a declaration",
  structMember: "a field (`Name: type;`) or `reserved`",
  enumMember: "an enum value (`Name = 1;`) or `reserved`",
  serviceMember: "`route`, `reserved`, `rpc` or `stream`",
  value: "a value",
  typeArg: "a type or a number",
  reservedItem: "a number or a quoted name",
};

/** Human description of a found token. */
export function describeToken(tok: IToken | undefined): string {
  if (tok === undefined || tok.tokenType === EOF) return "the end of the file";
  if (tok.tokenType.name === "StringLit") return `the string ${tok.image}`;
  if (tok.tokenType.name === "IntegerLit") return `the number ${tok.image}`;
  return `'${tok.image}'`;
}

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function joinAlternatives(items: string[]): string {
  const uniq = [...new Set(items)];
  if (uniq.length <= 1) return uniq[0] ?? "something else";
  return `${uniq.slice(0, -1).join(", ")} or ${uniq[uniq.length - 1]}`;
}

function context(ruleName: string): string {
  const c = RULE_CONTEXT[ruleName];
  return c === undefined ? "" : ` in ${c}`;
}

function mismatchHint(expected: TokenType, actual: IToken, previous: IToken, ruleName: string): string | undefined {
  const exp = expected.name;
  if (exp === "Semicolon") {
    if (actual.startLine !== undefined && previous.endLine !== undefined && actual.startLine > previous.endLine) {
      return `every declaration ends with ';': add one after ${describeToken(previous)}`;
    }
    return "declarations end with ';'";
  }
  if (exp === "Colon" && ruleName === "field") return "a field is written `Name: type;`, e.g. `UID: string;`";
  if (exp === "Colon" && ruleName === "enumDecl") return "an enum needs an integer backing type: `enum Code : uint8 { ... }`";
  if (exp === "Equals" && ruleName === "handler") return "a handler needs its numeric ID: `rpc Lock = 1 (LockArgs) returns (LockResp);`";
  if (exp === "IntegerLit" && ruleName === "handler") return "handler IDs are numbers from 1 to 255";
  if (exp === "Kw_returns") return "a handler is written `rpc Name = ID (Request) returns (Response);`";
  if (exp === "RBrace") return "check for a missing '}' or a member that is not a field";
  if (exp === "StringLit" && ruleName === "importDecl") return 'write the path in double quotes: import "common.grid";';
  if (exp === "StringLit" && ruleName === "routeStmt") return 'write the route in double quotes: route "/minio/grid/lock/v1";';
  if (exp === "Equals" && ruleName === "enumValue") return "enum values are written `Name = 1;`";
  if (exp === "Equals" && (ruleName === "aliasDecl" || ruleName === "extensionDecl" || ruleName === "optionDecl")) return "write `=` between the name and its definition";
  if (exp === "Identifier" && (ruleName === "structDecl" || ruleName === "enumDecl" || ruleName === "serviceDecl" || ruleName === "aliasDecl")) return "a declaration needs a name: letters, digits and '_'";
  if (exp === "IntegerLit" && ruleName === "enumValue") return "enum values are integers, e.g. `OK = 0;`";
  if (exp === "RSquare") return "close the list with ']'";
  if (exp === "LParen" && ruleName === "handler") return "handler types are written in parentheses: `(Request) returns (Response)`";
  if (exp === "Identifier" && ruleName === "optionItem" && actual.image === "]") return "remove the trailing ','";
  if (exp === "Identifier" && ruleName === "typeRef") return "write a type here, e.g. string, list<int64> or LockArgs";
  if (exp === "RAngle") return "close the type arguments with '>', e.g. map<string, int>";
  return undefined;
}

function noViableHint(ruleName: string, actual: IToken[]): string | undefined {
  const [a, b] = actual;
  if (ruleName === "structMember" && a !== undefined && b?.tokenType.name === "Identifier") {
    return `fields are written \`Name: type;\`: did you forget ':' after '${a.image}'?`;
  }
  if (ruleName === "structMember") return "a struct body holds fields (`Name: type [options];`) and `reserved \"name\";` statements";
  if (ruleName === "enumMember") return "an enum body holds `Name = number;` values and `reserved` statements";
  if (ruleName === "serviceMember") return "a service body holds `route \"...\";`, `reserved ...;`, `rpc ...;` and `stream ...;` statements";
  if (ruleName === "topLevel") return "top-level declarations start with package, import, option, struct, enum, type, extension or service";
  if (ruleName === "value") return 'option values are strings ("x"), numbers, durations (30s), true/false or lists (["a", "b"])';
  if (ruleName === "typeArg") return "type arguments are types or, for array<T, N>, a number";
  if (ruleName === "reservedItem") return 'reserve IDs (`reserved 7, 9 to 12;`) or names (`reserved "old";`)';
  return undefined;
}

function withHint(msg: string, hint: string | undefined): string {
  return hint === undefined ? msg : `${msg}${HINT_SEP}${hint}`;
}

/** The message provider handed to the chevrotain parser. */
export const gridErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    // Expecting the end of input means "between declarations": chevrotain skips to the next one.
    if (expected === EOF) return gridErrorMessages.buildNotAllInputParsedMessage({ firstRedundant: actual, ruleName });
    return withHint(
      `expected ${label(expected)}${context(ruleName)}, found ${describeToken(actual)}`,
      mismatchHint(expected, actual, previous, ruleName),
    );
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    const hint =
      firstRedundant.image === "message"
        ? "a message type is declared with `struct Name { ... }`"
        : "top-level declarations start with package, import, option, struct, enum, type, extension or service; the input up to the next one is skipped";
    return withHint(`expected a declaration, found ${describeToken(firstRedundant)}`, hint);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const starts = expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path.map(label).join(" ")));
    const what = RULE_CONTEXT[ruleName] === undefined ? "" : ` in ${RULE_CONTEXT[ruleName]}`;
    const expected = EXPECTED_BY_RULE[ruleName] ?? joinAlternatives(starts);
    return withHint(`expected ${expected}${what}, found ${describeToken(actual[0])}`, noViableHint(ruleName, actual));
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const starts = expectedIterationPaths.map((path) => path.map(label).join(" "));
    return `expected at least one ${joinAlternatives(starts)}${context(ruleName)}, found ${describeToken(actual[0])}`;
  },
};
