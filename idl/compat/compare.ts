// Entry point of the compat check: compares two loaded versions of the schemas
// by wire identity and returns the findings, with deliberate breaks accepted by
// `// grid:allow-breaking RULE_ID` comments or an allow list.
import type { GridFile, StructDecl, EnumDecl } from "../ast.js";
import { CompareContext, type CompareOptions } from "./context.js";
import { compareEnum, compareStruct, judgeChange } from "./compare-types.js";
import { compareServices } from "./compare-services.js";
import type { Finding } from "./finding.js";
import type { SchemaSet } from "./load.js";
import { shapeOf } from "./wire-shape.js";
import { applyAllowances } from "./allow.js";

export type { CompareOptions } from "./context.js";

/** Compares `oldSet` (deployed) with `newSet` (proposed); findings sorted by new location. */
export function compareSchemas(oldSet: SchemaSet, newSet: SchemaSet, opts: CompareOptions = {}): Finding[] {
  const ctx = new CompareContext(oldSet, newSet, opts);
  compareServices(ctx);
  drain(ctx);
  compareUnreferenced(ctx);
  drain(ctx);
  applyAllowances(ctx.findings, newSet.files, opts.allow ?? []);
  return dedupe(ctx.findings).sort(byLocation);
}

function drain(ctx: CompareContext): void {
  for (let guard = 0; guard < 100000; guard++) {
    const s = ctx.structQueue.shift();
    if (s) {
      compareStruct(ctx, s.o, s.n, s.roles);
      continue;
    }
    const e = ctx.enumQueue.shift();
    if (e) {
      compareEnum(ctx, e.o, e.n);
      continue;
    }
    return;
  }
}

/** Types no handler reaches are still compared when both versions declare them (same package and name). */
function compareUnreferenced(ctx: CompareContext): void {
  const index = (files: readonly GridFile[]) => {
    const m = new Map<string, { decl: GridFile["types"][number]; file: GridFile }>();
    for (const file of files) for (const decl of file.types) m.set(`${file.package}.${decl.name}`, { decl, file });
    return m;
  };
  const olds = index(ctx.oldSet.files);
  const news = index(ctx.newSet.files);
  for (const [key, o] of olds) {
    const n = news.get(key);
    if (!n || ctx.visitedOld.has(o.decl) || ctx.visitedNew.has(n.decl)) continue;
    if (o.decl.kind === "struct" && n.decl.kind === "struct") {
      ctx.struct({ decl: o.decl as StructDecl, file: o.file }, { decl: n.decl as StructDecl, file: n.file });
    } else if (o.decl.kind === "enum" && n.decl.kind === "enum") {
      ctx.enum({ decl: o.decl as EnumDecl, file: o.file }, { decl: n.decl as EnumDecl, file: n.file });
      judgeChange(ctx, shapeOf(named(o.decl), o.file, ctx.oldSet.lookup), shapeOf(named(n.decl), n.file, ctx.newSet.lookup), {
        subject: `${n.decl.name} (backing type)`,
        peers: { writers: "senders", readers: "receivers" },
        oldSpan: o.decl.nameSpan,
        newSpan: n.decl.nameSpan,
        oldFile: o.file,
        newFile: n.file,
      });
    } else if (o.decl.kind !== "extension" || n.decl.kind !== "extension" || o.decl.extType !== n.decl.extType) {
      // Kind changes (struct -> alias, enum -> struct...) or a new extension number of a standalone type.
      judgeChange(ctx, shapeOf(named(o.decl), o.file, ctx.oldSet.lookup), shapeOf(named(n.decl), n.file, ctx.newSet.lookup), {
        subject: n.decl.name,
        peers: { writers: "senders", readers: "receivers" },
        oldSpan: o.decl.nameSpan,
        newSpan: n.decl.nameSpan,
        oldFile: o.file,
        newFile: n.file,
      });
    }
  }
}

function named(d: { name: string; nameSpan: StructDecl["nameSpan"] }) {
  return { kind: "named" as const, name: d.name, span: d.nameSpan };
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.rule}|${f.subject}|${f.old?.file}:${f.old?.line}:${f.old?.col}|${f.new?.file}:${f.new?.line}:${f.new?.col}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function byLocation(a: Finding, b: Finding): number {
  const la = a.new ?? a.old;
  const lb = b.new ?? b.old;
  return (la?.file ?? "").localeCompare(lb?.file ?? "") || (la?.line ?? 0) - (lb?.line ?? 0) || (la?.col ?? 0) - (lb?.col ?? 0) || a.rule.localeCompare(b.rule);
}
