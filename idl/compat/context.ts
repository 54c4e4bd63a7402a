// Shared state of one comparison: both schema sets, who writes/reads each
// struct (so messages can say "old servers" rather than "old readers"), the
// queue of struct/enum pairs still to walk, and the findings so far.
import type { EnumDecl, GridFile, Span, StructDecl } from "../ast.js";
import type { Finding, Loc } from "./finding.js";
import { locOf } from "./finding.js";
import type { PairSink } from "./accept.js";
import type { SchemaSet } from "./load.js";
import { ruleById, type RuleId } from "./rules.js";
import { shapeOf, wireFields, type DeclIn, type Shape } from "./wire-shape.js";

/** Which direction values of a type travel: client->server (request) or server->client (response). */
export type Role = "req" | "resp";

/** Nouns for the writing and reading peer of a value. */
export interface Peers {
  readonly writers: string;
  readonly readers: string;
}

/** Peer nouns for a set of roles: requests are written by clients, responses by servers. */
export function peersFor(roles: ReadonlySet<Role>): Peers {
  if (roles.size === 1 && roles.has("req")) return { writers: "clients", readers: "servers" };
  if (roles.size === 1 && roles.has("resp")) return { writers: "servers", readers: "clients" };
  return { writers: "senders", readers: "receivers" };
}

/** Options of a comparison. */
export interface CompareOptions {
  /** Display name of an old file (e.g. prefix the git ref). */
  readonly displayOld?: (file: string) => string;
  /** Display name of a new file. */
  readonly displayNew?: (file: string) => string;
  /** Rule IDs accepted everywhere (config equivalent of allow-breaking comments). */
  readonly allow?: readonly string[];
}

/** Mutable state of one old-vs-new comparison. */
export class CompareContext implements PairSink {
  readonly findings: Finding[] = [];
  private readonly roles = new Map<StructDecl, Set<Role>>();
  private readonly seenStruct = new Map<StructDecl, Set<StructDecl>>();
  private readonly seenEnum = new Map<EnumDecl, Set<EnumDecl>>();
  /** Pairs queued by type judgements, walked by the comparator until empty. */
  readonly structQueue: { o: DeclIn<StructDecl>; n: DeclIn<StructDecl>; roles: Set<Role> }[] = [];
  readonly enumQueue: { o: DeclIn<EnumDecl>; n: DeclIn<EnumDecl> }[] = [];
  /** Role of the value currently being judged; pairs queued now inherit it. */
  currentRoles: Set<Role> = new Set();
  /** When judging new-writes/old-reads the sink sees (new, old): flip back to (old, new). */
  flipped = false;
  /** Declarations reached from a handler or a compared type; the rest are paired by name later. */
  readonly visitedOld = new Set<object>();
  readonly visitedNew = new Set<object>();
  readonly oldSet: SchemaSet;
  readonly newSet: SchemaSet;

  constructor(
    oldSet: SchemaSet,
    newSet: SchemaSet,
    readonly opts: CompareOptions,
  ) {
    this.oldSet = recording(oldSet, this.visitedOld);
    this.newSet = recording(newSet, this.visitedNew);
    this.collectRoles(this.oldSet);
    this.collectRoles(this.newSet);
  }

  /** Location of an old-side span. */
  oldLoc(span: Span | undefined): Loc | undefined {
    return locOf(span, this.opts.displayOld ?? ((f) => f));
  }

  /** Location of a new-side span. */
  newLoc(span: Span | undefined): Loc | undefined {
    return locOf(span, this.opts.displayNew ?? ((f) => f));
  }

  /** Records a finding; severity comes from the rules table. */
  emit(rule: RuleId, f: { subject: string; message: string; hint: string; old?: Span | undefined; new?: Span | undefined; newScope?: Span | undefined }): void {
    const r = ruleById(rule);
    const oldLoc = this.oldLoc(f.old);
    const newLoc = this.newLoc(f.new);
    this.findings.push({
      rule,
      severity: r?.severity ?? "error",
      subject: f.subject,
      message: f.message,
      hint: f.hint,
      ...(oldLoc ? { old: oldLoc } : {}),
      ...(newLoc ? { new: newLoc } : {}),
      ...(f.newScope ? { newScope: f.newScope } : {}),
      ...(f.new ? { newSpan: f.new } : {}),
    });
  }

  /** Roles of a struct pair: the union over both versions. */
  rolesOf(o: StructDecl, n: StructDecl): Set<Role> {
    return new Set([...(this.roles.get(o) ?? []), ...(this.roles.get(n) ?? [])]);
  }

  struct(w: DeclIn<StructDecl>, r: DeclIn<StructDecl>): void {
    const [o, n] = this.flipped ? [r, w] : [w, r];
    let seen = this.seenStruct.get(o.decl);
    if (!seen) this.seenStruct.set(o.decl, (seen = new Set()));
    if (seen.has(n.decl)) return;
    seen.add(n.decl);
    this.visitedOld.add(o.decl);
    this.visitedNew.add(n.decl);
    const roles = new Set([...this.currentRoles, ...this.rolesOf(o.decl, n.decl)]);
    this.structQueue.push({ o, n, roles });
  }

  enum(w: DeclIn<EnumDecl>, r: DeclIn<EnumDecl>): void {
    const [o, n] = this.flipped ? [r, w] : [w, r];
    let seen = this.seenEnum.get(o.decl);
    if (!seen) this.seenEnum.set(o.decl, (seen = new Set()));
    if (seen.has(n.decl)) return;
    seen.add(n.decl);
    this.visitedOld.add(o.decl);
    this.visitedNew.add(n.decl);
    this.enumQueue.push({ o, n });
  }

  private collectRoles(set: SchemaSet): void {
    const mark = (sh: Shape, role: Role, depth: number): void => {
      if (depth > 64) return;
      switch (sh.k) {
        case "list":
        case "array":
          return mark(sh.elem, role, depth + 1);
        case "map":
          return mark(sh.value, role, depth + 1);
        case "json":
          return mark(sh.inner, role, depth + 1);
        case "struct": {
          let rs = this.roles.get(sh.of.decl);
          if (!rs) this.roles.set(sh.of.decl, (rs = new Set()));
          if (rs.has(role)) return;
          rs.add(role);
          for (const { field, file } of wireFields(sh.of, set.lookup)) mark(shapeOf(field.type, file, set.lookup), role, depth + 1);
          return;
        }
        default:
          return;
      }
    };
    for (const file of set.files) {
      for (const svc of file.services) {
        for (const h of svc.handlers) {
          if (h.payload) mark(shapeOf(h.payload, file, set.lookup), "req", 0);
          if (h.input) mark(shapeOf(h.input, file, set.lookup), "req", 0);
          mark(shapeOf(h.output, file, set.lookup), "resp", 0);
        }
      }
    }
  }
}

/** The same set whose lookups remember every declaration they resolve. */
function recording(set: SchemaSet, seen: Set<object>): SchemaSet {
  return {
    ...set,
    lookup: (from, name) => {
      const hit = set.lookup(from, name);
      if (hit) seen.add(hit.decl);
      return hit;
    },
  };
}

/** The option value of a file, or undefined. */
export function fileOption(file: GridFile, name: string): string | number | boolean | undefined {
  return file.options.find((o) => o.name === name)?.value;
}
