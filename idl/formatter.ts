// `grid-gen fmt`: canonical .grid text. Declarations keep their order, every
// comment is kept (leading comments stay above their item, trailing ones stay
// on its line, comments inside an item move above it), runs of blank lines
// collapse to one, block declarations are separated by a blank line.
import type { Comment, EnumDecl, Field, GridFile, HandlerDecl, Reserved, ServiceDecl, Span, StructDecl } from "./ast.js";
import { typeText } from "./build-ast.js";
import { diag, fileStartSpan, type Diagnostic } from "./diagnostic.js";
import { parseUnchecked } from "./parse-source.js";
import { LineMap } from "./cst-util.js";

/** A printable unit: a leaf line or a braced block with members. */
interface Item {
  span: Span;
  block: boolean;
  /** Leaf: the whole line; block: the header up to and including `{`. */
  head: string;
  /** Blocks: offset just after the declared name, where the search for `{` starts. */
  nameEnd?: number;
  members?: Item[];
}

const INDENT = "  ";

/** Format a source; returns no text when it has syntax errors (they are in diagnostics). */
export function formatGrid(text: string, path: string): { text?: string; diagnostics: Diagnostic[] } {
  try {
    const { file, diagnostics } = parseUnchecked(text, path, false);
    if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
    return { text: new Printer(file, text).print(), diagnostics };
  } catch (err) {
    if (err instanceof CommentPlacementError) {
      return {
        diagnostics: [
          diag("E0030", "fmt cannot keep this comment where it is: a line comment, or a block comment spanning lines, inside a declaration", err.comment.span, "move the comment before or after the declaration"),
        ],
      };
    }
    // A formatter bug must not reach the user as a crash (nor rewrite their file).
    const msg = err instanceof Error ? err.message : String(err);
    return { diagnostics: [diag("E0011", `internal formatter error (please report): ${msg}`, fileStartSpan(path))] };
  }
}

/** Thrown when a comment inside a declaration cannot be kept without changing the file. */
class CommentPlacementError extends Error {
  constructor(readonly comment: Comment) {
    super("comment inside a declaration");
  }
}

class Printer {
  private readonly comments: Comment[];
  private next = 0;
  private readonly out: string[] = [];

  private readonly lines: LineMap;

  constructor(
    private readonly file: GridFile,
    private readonly text: string,
  ) {
    this.lines = new LineMap(text);
    this.comments = [...file.comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  print(): string {
    const items = topItems(this.file);
    let prevEnd = 0;
    let prevBlock = false;
    let first = true;
    for (const [k, item] of items.entries()) {
      const force = !first && (prevBlock || item.block);
      // Trailing comments stop where the next declaration starts, even on the same line.
      prevEnd = this.emitItem(item, "", first ? -1 : prevEnd, force, items[k + 1]?.span.start.offset ?? Infinity);
      prevBlock = item.block || item.head.startsWith("package ");
      first = false;
    }
    // Comments after the last declaration.
    let last = first ? -1 : prevEnd;
    while (this.next < this.comments.length) {
      const c = this.comments[this.next++];
      if (c === undefined) break;
      if (last >= 0 && c.span.start.line > last + 1) this.out.push("");
      this.out.push(c.text);
      last = c.span.end.line;
    }
    while (this.out.length > 0 && this.out[this.out.length - 1] === "") this.out.pop();
    return this.out.join("\n") + "\n";
  }

  private blankIf(cond: boolean): void {
    if (cond && this.out.length > 0 && this.out[this.out.length - 1] !== "") this.out.push("");
  }

  /** Emit comments starting before `offset`; returns the last source line emitted. */
  private leading(offset: number, indent: string, prevLine: number, forceBlankFirst: boolean): number {
    let last = prevLine;
    let first = true;
    while (this.next < this.comments.length) {
      const c = this.comments[this.next];
      if (c === undefined || c.span.start.offset >= offset) break;
      this.next++;
      this.blankIf((first && forceBlankFirst) || (last >= 0 && c.span.start.line > last + 1));
      this.out.push(indent + c.text);
      last = c.span.end.line;
      first = false;
    }
    return first ? -2 : last;
  }

  /** Comments on `line` starting before `limit`, appended to the current last output line. */
  private trailing(line: number, limit: number): Comment[] {
    const got: Comment[] = [];
    while (this.next < this.comments.length) {
      const c = this.comments[this.next];
      if (c === undefined || c.span.start.line !== line || c.span.start.offset >= limit) break;
      this.next++;
      this.out[this.out.length - 1] += ` ${c.text}`;
      got.push(c);
    }
    return got;
  }

  /** Emits one item with its comments; returns the last source line it consumed (a trailing block comment may end below the item). */
  private emitItem(item: Item, indent: string, prevLine: number, forceBlank: boolean, nextStart: number): number {
    const lastComment = this.leading(item.span.start.offset, indent, prevLine, forceBlank);
    const hadComments = lastComment !== -2;
    this.blankIf((!hadComments && forceBlank) || (hadComments ? item.span.start.line > lastComment + 1 : prevLine >= 0 && item.span.start.line > prevLine + 1));
    if (!item.block) {
      // Comments inside an item go after it on its line: above it they could
      // turn into (or split off) doc comments and change the meaning.
      const inner = this.collectBefore(item.span.end.offset);
      this.out.push(indent + item.head + inner.map((c) => ` ${c.text}`).join(""));
      const after = [...inner, ...this.trailing(item.span.end.line, nextStart)];
      this.checkSameLine(after);
      return lastLine(item.span.end.line, after);
    }
    const members = item.members ?? [];
    const firstMember = members[0];
    const closeOffset = item.span.end.offset - 1;
    const bodyStart = firstMember?.span.start.offset ?? closeOffset;
    // Comments inside the header go above it, except a line comment after the
    // `{` on its line, which stays there.
    const brace = this.text.indexOf("{", item.nameEnd ?? item.span.start.offset);
    const headerLine = brace < 0 || brace >= bodyStart ? item.span.start.line : this.lines.pos(brace).line;
    const insideHeader: Comment[] = [];
    while (this.next < this.comments.length) {
      const c = this.comments[this.next];
      if (c === undefined || c.span.start.offset >= bodyStart || c.span.start.line > headerLine) break;
      insideHeader.push(c);
      this.next++;
    }
    const nextC = this.comments[this.next];
    if (members.length === 0 && insideHeader.length === 0 && (nextC === undefined || nextC.span.start.offset >= closeOffset)) {
      this.out.push(`${indent}${item.head}}`);
      return lastLine(item.span.end.line, this.trailing(item.span.end.line, nextStart));
    }
    // Comments in the header (e.g. `struct /* x */ A {`) go after the `{`, like trailing ones.
    this.out.push(indent + item.head + insideHeader.map((c) => ` ${c.text}`).join(""));
    this.checkSameLine(insideHeader);
    let prev = lastLine(headerLine, insideHeader);
    members.forEach((m, i) => {
      const after = members[i + 1]?.span.start.offset ?? closeOffset;
      prev = this.emitItem(m, indent + INDENT, prev, false, after);
    });
    const dangling = this.leading(closeOffset, indent + INDENT, prev, false);
    void dangling;
    this.out.push(`${indent}}`);
    return lastLine(item.span.end.line, this.trailing(item.span.end.line, nextStart));
  }

  /**
   * Comments appended to one output line: a line comment must come last, or
   * it would swallow the rest. Only a declaration spread over several lines
   * with a line comment inside gets here; refusing beats losing a comment.
   */
  private checkSameLine(comments: readonly Comment[]): void {
    for (let i = 0; i < comments.length - 1; i++) {
      const t = comments[i]?.text ?? "";
      // A line comment would swallow what follows; after a block comment spanning lines, what follows lands on another line.
      if (t.startsWith("//") || t.includes("\n")) throw new CommentPlacementError(comments[i] as Comment);
    }
  }

  private collectBefore(offset: number): Comment[] {
    const got: Comment[] = [];
    while (this.next < this.comments.length) {
      const c = this.comments[this.next];
      if (c === undefined || c.span.start.offset >= offset) break;
      got.push(c);
      this.next++;
    }
    return got;
  }

}

/** The later of `line` and the last line of any of `comments`. */
function lastLine(line: number, comments: readonly Comment[]): number {
  return comments.reduce((l, c) => Math.max(l, c.span.end.line), line);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function topItems(f: GridFile): Item[] {
  const items: Item[] = [];
  if (f.packageSpan !== undefined) {
    items.push({ span: f.packageDeclSpan ?? packageStatementSpan(f.packageSpan), block: false, head: `package ${f.package};` });
  }
  for (const i of f.imports) items.push({ span: i.span, block: false, head: `import ${quote(i.path)}${i.alias === undefined ? "" : ` as ${i.alias}`};` });
  for (const o of f.options) {
    const v = typeof o.value === "string" ? quote(o.value) : String(o.value);
    items.push({ span: o.span, block: false, head: `option ${o.name} = ${v};` });
  }
  for (const t of f.types) {
    switch (t.kind) {
      case "struct":
        items.push(structItem(t));
        break;
      case "enum":
        items.push(enumItem(t));
        break;
      case "alias":
        items.push({ span: t.span, block: false, head: `type ${t.name} = ${typeText(t.type)};` });
        break;
      case "extension":
        items.push({ span: t.span, block: false, head: `extension ${t.name} = ${t.extType};` });
        break;
    }
  }
  for (const s of f.services) items.push(serviceItem(s));
  return items.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** The package span covers only its name; widen it to the line start and past the `;`. */
function packageStatementSpan(nameSpan: Span): Span {
  return { file: nameSpan.file, start: { line: nameSpan.start.line, col: 1, offset: nameSpan.start.offset - (nameSpan.start.col - 1) }, end: { ...nameSpan.end, offset: nameSpan.end.offset + 1, col: nameSpan.end.col + 1 } };
}

function reservedText(r: Reserved): string {
  const parts = [...r.ids.map((i) => (i.from === i.to ? String(i.from) : `${i.from} to ${i.to}`)), ...r.names.map((n) => quote(n.name))];
  return `reserved ${parts.join(", ")};`;
}

function fieldText(f: Field): string {
  const opts: string[] = [];
  if (f.key !== f.name || f.keySpan !== undefined) opts.push(`key = ${quote(f.key)}`);
  if (f.allownil) opts.push("allownil");
  if (f.omitempty) opts.push("omitempty");
  if (f.omitzero) opts.push("omitzero");
  if (f.flatten) opts.push("flatten");
  if (f.int64 !== undefined) opts.push(`int64 = ${quote(f.int64)}`);
  return `${f.name}: ${typeText(f.type)}${opts.length > 0 ? ` [${opts.join(", ")}]` : ""};`;
}

function structItem(s: StructDecl): Item {
  const members: Item[] = [
    ...s.fields.map((f) => ({ span: f.span, block: false, head: fieldText(f) })),
    ...s.reserved.map((r) => ({ span: r.span, block: false, head: reservedText(r) })),
  ].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { span: s.span, block: true, head: `struct ${s.name}${s.tuple ? " [tuple]" : ""} {`, members, nameEnd: s.nameSpan.end.offset };
}

function enumItem(e: EnumDecl): Item {
  const members: Item[] = [
    ...e.values.map((v) => ({ span: v.span, block: false, head: `${v.name} = ${v.valueText ?? String(v.value)};` })),
    ...e.reserved.map((r) => ({ span: r.span, block: false, head: reservedText(r) })),
  ].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { span: e.span, block: true, head: `enum ${e.name} : ${e.backing} {`, members, nameEnd: e.nameSpan.end.offset };
}

/** Canonical duration text: the largest unit that divides the value. */
export function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function handlerText(h: HandlerDecl): string {
  const params: string[] = [];
  if (h.payload !== undefined) params.push(typeText(h.payload));
  if (h.input !== undefined) params.push(`stream ${typeText(h.input)}`);
  const out = h.kind === "stream" ? `stream ${typeText(h.output)}` : typeText(h.output);
  const opts: string[] = [];
  if (h.inCapacity !== undefined) opts.push(`in_capacity = ${h.inCapacity}`);
  if (h.outCapacity !== undefined) opts.push(`out_capacity = ${h.outCapacity}`);
  if (h.stateless) opts.push("stateless");
  if (h.subroutes.length > 0) opts.push(`subroutes = [${h.subroutes.map((s) => quote(s.path)).join(", ")}]`);
  if (h.timeoutMs !== undefined) opts.push(`timeout = ${durationText(h.timeoutMs)}`);
  const kw = h.kind === "single" ? "rpc" : "stream";
  return `${kw} ${h.name} = ${h.id} (${params.join(", ")}) returns (${out})${opts.length > 0 ? ` [${opts.join(", ")}]` : ""};`;
}

function serviceItem(s: ServiceDecl): Item {
  const members: Item[] = [
    ...(s.route === undefined ? [] : [{ span: s.route.stmtSpan ?? routeSpan(s.route.span), block: false, head: `route ${quote(s.route.path)};` }]),
    ...s.reserved.map((r) => ({ span: r.span, block: false, head: reservedText(r) })),
    ...s.handlers.map((h) => ({ span: h.span, block: false, head: handlerText(h) })),
  ].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { span: s.span, block: true, head: `service ${s.name} {`, members, nameEnd: s.nameSpan.end.offset };
}

/** The route span covers only its string; the statement ends one character later (`;`). */
function routeSpan(str: Span): Span {
  return { ...str, end: { ...str.end, offset: str.end.offset + 1, col: str.end.col + 1 } };
}
