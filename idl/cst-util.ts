// Small accessors over chevrotain CST nodes that tolerate the holes error
// recovery leaves (missing children, tokens inserted with no position).
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Pos, Span } from "./ast.js";

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** A real (not recovery-inserted) token. */
export function realToken(t: IToken | undefined): IToken | undefined {
  if (t === undefined || t.isInsertedInRecovery === true || Number.isNaN(t.startOffset)) return undefined;
  return t;
}

/** First real token under `label`. */
export function tok(node: CstNode, label: string): IToken | undefined {
  const list = node.children[label];
  if (list === undefined) return undefined;
  for (const e of list) if (isToken(e) && realToken(e) !== undefined) return e;
  return undefined;
}

/** All real tokens under `label`. */
export function toks(node: CstNode, label: string): IToken[] {
  const list = node.children[label] ?? [];
  return list.filter((e): e is IToken => isToken(e) && realToken(e) !== undefined);
}

/** First child node under `label`. */
export function child(node: CstNode, label: string): CstNode | undefined {
  const list = node.children[label];
  if (list === undefined) return undefined;
  for (const e of list) if (!isToken(e)) return e;
  return undefined;
}

const NO_NODES: CstNode[] = [];

/** All child nodes under `label` (a label holds either tokens or nodes, never both: no copy needed). */
export function children(node: CstNode, label: string): CstNode[] {
  const list = node.children[label];
  if (list === undefined || list.length === 0) return NO_NODES;
  return isToken(list[0] as CstElement) ? NO_NODES : (list as CstNode[]);
}

/** True when text[from, to) is only whitespace; scans without slicing. */
export function onlyWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 0xfeff) return false;
  }
  return true;
}

/** Every real token inside a node, in source order. */
export function allTokensOf(node: CstNode): IToken[] {
  const out: IToken[] = [];
  const walk = (n: CstNode): void => {
    for (const list of Object.values(n.children)) {
      for (const e of list) {
        if (isToken(e)) {
          if (realToken(e) !== undefined) out.push(e);
        } else walk(e);
      }
    }
  };
  walk(node);
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

/** Maps offsets to 1-based line/col; built once per source text. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(offset: number): Pos {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - (this.starts[lo] ?? 0) + 1, offset: o };
  }
  /** Span from a start offset to an exclusive end offset. */
  span(file: string, start: number, end: number): Span {
    return { file, start: this.pos(start), end: this.pos(Math.max(start, end)) };
  }
}

/** Span of one token (end exclusive). */
export function tokenSpan(file: string, lm: LineMap, t: IToken): Span {
  return lm.span(file, t.startOffset, (t.endOffset ?? t.startOffset) + 1);
}

/** Span of a node from its first to its last real token; undefined if it has none. */
export function nodeSpan(file: string, lm: LineMap, node: CstNode): Span | undefined {
  const loc = node.location;
  // chevrotain tracks node locations; they are NaN only around recovered tokens.
  if (loc !== undefined && !Number.isNaN(loc.startOffset) && loc.endOffset !== undefined && !Number.isNaN(loc.endOffset)) {
    return lm.span(file, loc.startOffset, loc.endOffset + 1);
  }
  const ts = allTokensOf(node);
  const first = ts[0];
  const last = ts[ts.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return lm.span(file, first.startOffset, (last.endOffset ?? last.startOffset) + 1);
}
