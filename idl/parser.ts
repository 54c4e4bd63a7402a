// The chevrotain grammar of .grid (CST producing, with error recovery so one
// run reports every syntax error of a file). idl/GRAMMAR.md is its prose twin.
import { CstParser, type CstNode, type DSLMethodOpts, type IOrAlt, type TokenType, type IRecognitionException, type IToken, type OrMethodOpts } from "chevrotain";

type OrAlts = IOrAlt<unknown>[] | OrMethodOpts<unknown> | undefined;
import {
  allTokens,
  Colon,
  Comma,
  Dot,
  DurationLit,
  Equals,
  Identifier,
  IntegerLit,
  Kw,
  LAngle,
  LBrace,
  LParen,
  LSquare,
  Question,
  RAngle,
  RBrace,
  RParen,
  RSquare,
  Semicolon,
  StringLit,
} from "./lexer.js";
import { gridErrorMessages } from "./parse-errors.js";

/** The grammar; one instance is reused because chevrotain builds lookahead tables per instance. */
class GridParser extends CstParser {
  // OR alternatives are built once and reused (chevrotain's advice): rebuilding
  // them on every rule call made the parser allocation-bound on large files.
  private orCache1: OrAlts;
  private orCache2: OrAlts;
  private orCache3: OrAlts;
  private orCache4: OrAlts;
  private orCache5: OrAlts;
  private orCache6: OrAlts;
  private orCache7: OrAlts;
  private orCache8: OrAlts;
  private optCache0: DSLMethodOpts<unknown> | undefined;
  private optCache1: DSLMethodOpts<unknown> | undefined;

  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      maxLookahead: 3,
      errorMessageProvider: gridErrorMessages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  topLevel = this.RULE("topLevel", () => {
    this.OR((this.orCache1 ??= [
      { ALT: () => this.SUBRULE(this.packageDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.optionDecl) },
      { ALT: () => this.SUBRULE(this.structDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.aliasDecl) },
      { ALT: () => this.SUBRULE(this.extensionDecl) },
      { ALT: () => this.SUBRULE(this.serviceDecl) },
    ]));
  });

  packageDecl = this.RULE("packageDecl", () => {
    this.CONSUME(Kw.package);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Semicolon);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(Kw.import);
    this.CONSUME(StringLit, { LABEL: "path" });
    this.OPTION(() => {
      this.CONSUME(Kw.as);
      this.CONSUME(Identifier, { LABEL: "alias" });
    });
    this.CONSUME(Semicolon);
  });

  optionDecl = this.RULE("optionDecl", () => {
    this.CONSUME(Kw.option);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Equals);
    this.SUBRULE(this.value);
    this.CONSUME(Semicolon);
  });

  value = this.RULE("value", () => {
    this.OR((this.orCache2 ??= [
      { ALT: () => this.CONSUME(StringLit, { LABEL: "str" }) },
      { ALT: () => this.CONSUME(IntegerLit, { LABEL: "int" }) },
      { ALT: () => this.CONSUME(DurationLit, { LABEL: "dur" }) },
      { ALT: () => this.CONSUME(Identifier, { LABEL: "ident" }) },
      {
        ALT: () => {
          this.CONSUME(LSquare);
          this.OPTION(() => {
            this.SUBRULE(this.value, { LABEL: "items" });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.OPTION2(() => this.SUBRULE2(this.value, { LABEL: "items" }));
            });
          });
          this.CONSUME(RSquare);
        },
      },
    ]));
  });

  optionList = this.RULE("optionList", () => {
    this.CONSUME(LSquare);
    this.SUBRULE(this.optionItem, { LABEL: "items" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.optionItem, { LABEL: "items" });
    });
    this.CONSUME(RSquare);
  });

  optionItem = this.RULE("optionItem", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.value);
    });
  });

  structDecl = this.RULE("structDecl", () => {
    this.CONSUME(Kw.struct);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.OPTION(() => this.SUBRULE(this.optionList));
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.structMember));
    this.CONSUME(RBrace);
  });

  // Members are chosen on one token (plus a gate for a field named `reserved`),
  // so a malformed field still enters the field rule and recovers there.
  structMember = this.RULE("structMember", () => {
    this.OR((this.orCache3 ??= {
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.LA(2).tokenType !== Colon, ALT: () => this.SUBRULE(this.reservedStmt) },
        { ALT: () => this.SUBRULE(this.field) },
      ],
    }));
  });

  field = this.RULE("field", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.SUBRULE(this.optionList));
    this.CONSUME(Semicolon);
  });

  typeRef = this.RULE("typeRef", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(Dot);
      this.CONSUME2(Identifier, { LABEL: "member" });
    });
    this.OPTION2(() => {
      this.CONSUME(LAngle);
      this.SUBRULE(this.typeArg, { LABEL: "args" });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.typeArg, { LABEL: "args" });
      });
      this.CONSUME(RAngle);
    });
    this.OPTION3((this.optCache0 ??= {
      GATE: () => this.LA(2).tokenType === IntegerLit,
      DEF: () => {
        this.CONSUME(LSquare);
        this.CONSUME(IntegerLit, { LABEL: "size" });
        this.CONSUME(RSquare);
      },
    }));
    this.MANY2(() => this.CONSUME(Question, { LABEL: "optional" }));
  });

  typeArg = this.RULE("typeArg", () => {
    this.OR((this.orCache4 ??= [
      { ALT: () => this.CONSUME(IntegerLit, { LABEL: "size" }) },
      { ALT: () => this.SUBRULE(this.typeRef) },
    ]));
  });

  reservedStmt = this.RULE("reservedStmt", () => {
    this.CONSUME(Kw.reserved);
    this.SUBRULE(this.reservedItem, { LABEL: "items" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.reservedItem, { LABEL: "items" });
    });
    this.CONSUME(Semicolon);
  });

  reservedItem = this.RULE("reservedItem", () => {
    this.OR((this.orCache5 ??= [
      { ALT: () => this.CONSUME(StringLit, { LABEL: "name" }) },
      {
        ALT: () => {
          this.CONSUME(IntegerLit, { LABEL: "from" });
          this.OPTION(() => {
            this.CONSUME(Kw.to);
            this.CONSUME2(IntegerLit, { LABEL: "to" });
          });
        },
      },
    ]));
  });

  enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(Kw.enum);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Colon);
    this.CONSUME2(Identifier, { LABEL: "backing" });
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.enumMember));
    this.CONSUME(RBrace);
  });

  enumMember = this.RULE("enumMember", () => {
    this.OR((this.orCache6 ??= {
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.LA(2).tokenType !== Equals, ALT: () => this.SUBRULE(this.reservedStmt) },
        { ALT: () => this.SUBRULE(this.enumValue) },
      ],
    }));
  });

  enumValue = this.RULE("enumValue", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Equals);
    this.CONSUME(IntegerLit, { LABEL: "value" });
    this.CONSUME(Semicolon);
  });

  aliasDecl = this.RULE("aliasDecl", () => {
    this.CONSUME(Kw.type);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Equals);
    this.SUBRULE(this.typeRef);
    this.CONSUME(Semicolon);
  });

  extensionDecl = this.RULE("extensionDecl", () => {
    this.CONSUME(Kw.extension);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Equals);
    this.CONSUME(IntegerLit, { LABEL: "value" });
    this.CONSUME(Semicolon);
  });

  serviceDecl = this.RULE("serviceDecl", () => {
    this.CONSUME(Kw.service);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.serviceMember));
    this.CONSUME(RBrace);
  });

  serviceMember = this.RULE("serviceMember", () => {
    this.OR((this.orCache7 ??= [
      { ALT: () => this.SUBRULE(this.routeStmt) },
      { ALT: () => this.SUBRULE(this.reservedStmt) },
      { ALT: () => this.SUBRULE(this.handler) },
    ]));
  });

  routeStmt = this.RULE("routeStmt", () => {
    this.CONSUME(Kw.route);
    this.CONSUME(StringLit, { LABEL: "path" });
    this.CONSUME(Semicolon);
  });

  handler = this.RULE("handler", () => {
    this.OR((this.orCache8 ??= [
      { ALT: () => this.CONSUME(Kw.rpc, { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(Kw.stream, { LABEL: "kind" }) },
    ]));
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(Equals);
    this.CONSUME(IntegerLit, { LABEL: "id" });
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.param, { LABEL: "params" });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.param, { LABEL: "params" });
      });
    });
    this.CONSUME(RParen);
    this.CONSUME(Kw.returns);
    this.CONSUME2(LParen);
    this.SUBRULE3(this.param, { LABEL: "result" });
    this.CONSUME2(RParen);
    this.OPTION2(() => this.SUBRULE(this.optionList));
    this.CONSUME(Semicolon);
  });

  param = this.RULE("param", () => {
    this.OPTION((this.optCache1 ??= {
      GATE: () => this.LA(2).tokenType !== Comma && this.LA(2).tokenType !== RParen && this.LA(2).tokenType !== Dot && this.LA(2).tokenType !== LAngle && this.LA(2).tokenType !== LSquare && this.LA(2).tokenType !== Question,
      DEF: () => this.CONSUME(Kw.stream, { LABEL: "stream" }),
    }));
    this.SUBRULE(this.typeRef);
  });
}

/** The shared parser instance. */
export const gridParser = new GridParser();

const TOP_LEVEL_STARTS = new Set<TokenType>([Kw.package, Kw.import, Kw.option, Kw.struct, Kw.enum, Kw.type, Kw.extension, Kw.service]);

/**
 * Parse tokens into a CST; errors are left in the returned list. When the
 * parser stops before the end (input that starts no declaration), parsing
 * restarts at the next top-level keyword, so later declarations are still
 * checked; each skipped run is one error. Restarting here, rather than adding
 * a catch-all alternative to the grammar, keeps chevrotain's in-rule recovery
 * (which resynchronises on the follow sets) precise.
 */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: IRecognitionException[] } {
  const errors: IRecognitionException[] = [];
  const topLevel: CstNode[] = [];
  let rest = tokens;
  for (;;) {
    gridParser.input = rest;
    const cst = gridParser.file();
    for (const c of cst.children["topLevel"] ?? []) topLevel.push(c as CstNode);
    let stoppedAt = -1;
    for (const e of gridParser.errors) {
      errors.push(e);
      if (e.name === "NotAllInputParsedException") stoppedAt = rest.indexOf(e.token);
    }
    if (stoppedAt < 0) break;
    let next = stoppedAt + 1;
    while (next < rest.length && !TOP_LEVEL_STARTS.has((rest[next] as IToken).tokenType)) next++;
    if (next >= rest.length) break;
    rest = rest.slice(next);
  }
  return { cst: { name: "file", children: { topLevel } }, errors };
}
