// Field-by-field and value-by-value comparison of struct and enum pairs, and the
// verdict for one changed type (a field's, or a handler's payload/output),
// reasoned in both directions: old writers -> new readers and new -> old.
import type { EnumDecl, GridFile, Span, StructDecl } from "../ast.js";
import { acceptsValue, type Verdict } from "./accept.js";
import { fileOption, peersFor, type CompareContext, type Peers } from "./context.js";
import type { RuleId } from "./rules.js";
import { shapeOf, wireFields, type DeclIn, type Shape } from "./wire-shape.js";

/** Where a changed type sits, for the finding text and locations. */
export interface ChangeSite {
  readonly subject: string;
  readonly peers: Peers;
  readonly oldSpan: Span;
  readonly newSpan: Span;
  readonly oldFile: GridFile;
  readonly newFile: GridFile;
  /** Rule for an incompatible change (default FIELD_TYPE_UNSAFE / FIELD_TYPE_NARROWED). */
  readonly incompatibleRule?: RuleId;
}

function part(verdict: Verdict, readers: string, writers: string, subject: string): string | undefined {
  if (verdict.level === "ok") return undefined;
  const what = verdict.level === "never" ? subject : `some values of ${subject}`;
  return `${readers} will reject ${what} from ${writers}: ${verdict.why}`;
}

/** Judges a type change of one value in both directions and emits the findings. */
export function judgeChange(ctx: CompareContext, o: Shape, n: Shape, site: ChangeSite): void {
  const { peers, subject } = site;
  const at = { subject, old: site.oldSpan, new: site.newSpan };
  if (!o.nil && n.nil && n.k !== "none") {
    ctx.emit(site.incompatibleRule ?? "FIELD_REQUIRED_TO_OPTIONAL", {
      ...at,
      message: `old ${peers.readers} will reject ${subject} = nil (c0) from new ${peers.writers}: their ${o.label} reader does not accept nil`,
      hint: "keep the type non-optional, or add a new field/handler for the optional value and keep writing the old one",
    });
  } else if (o.nil && !n.nil && o.k !== "none") {
    ctx.emit(site.incompatibleRule ?? "FIELD_OPTIONAL_TO_REQUIRED", {
      ...at,
      message: `new ${peers.readers} will reject ${subject} = nil (c0) still sent by old ${peers.writers}: the new ${n.label} reader does not accept nil`,
      hint: "keep the field optional (T? / allownil) until no old writer is deployed",
    });
  }
  const saved = ctx.flipped;
  ctx.flipped = false;
  const o2n = acceptsValue(o, n, ctx);
  ctx.flipped = true;
  const n2o = acceptsValue(n, o, ctx);
  ctx.flipped = saved;
  if (o2n.level === "ok" && n2o.level === "ok") {
    if (o.k === "time" && n.k === "time" && fileOption(site.newFile, "newtime") === true && fileOption(site.oldFile, "newtime") !== true) {
      ctx.emit("OPTION_NEWTIME_CHANGED", {
        ...at,
        message: `new ${peers.writers} send ${subject} as a type -1 timestamp that old ${peers.readers} built with msgp <= 1.2.3 (MinIO pins 1.1.9) reject`,
        hint: "drop `option newtime` until every peer reads type -1 timestamps",
      });
    }
    return;
  }
  const msg = [
    part(o2n, `new ${peers.readers}`, `old ${peers.writers}`, subject),
    part(n2o, `old ${peers.readers}`, `new ${peers.writers}`, subject),
  ]
    .filter((s): s is string => s !== undefined)
    .join("; ");
  const change = `${o.label} -> ${n.label}`;
  if (o2n.level === "never" || n2o.level === "never") {
    ctx.emit(site.incompatibleRule ?? "FIELD_TYPE_UNSAFE", { ...at, message: `${change}: ${msg}`, hint: "add a new field (new key) or handler with the new type and keep the old one until every peer is upgraded" });
  } else if (o2n.level === "some") {
    ctx.emit(site.incompatibleRule ?? "FIELD_TYPE_NARROWED", { ...at, message: `${change}: ${msg}`, hint: "keep the wider old type; validate the range in code instead" });
  } else {
    ctx.emit("FIELD_TYPE_WIDENED", {
      ...at,
      message: `${change}: new ${peers.readers} read every old value; ${msg}`,
      hint: "safe while new writers stay in the old range; upgrade all readers before writing larger values",
    });
  }
}

function fieldShape(f: StructDecl["fields"][number], file: GridFile, ctx: CompareContext, side: "old" | "new"): Shape {
  return shapeOf(f.type, file, (side === "old" ? ctx.oldSet : ctx.newSet).lookup, f.allownil);
}

function reservedNames(d: StructDecl): Set<string> {
  return new Set(d.reserved.flatMap((r) => r.names.map((n) => n.name)));
}

/** Compares one struct pair as msgp reads it (map layout by key, tuple by position). */
export function compareStruct(ctx: CompareContext, o: DeclIn<StructDecl>, n: DeclIn<StructDecl>, roles: Set<"req" | "resp">): void {
  const peers = peersFor(roles);
  const S = n.decl.name;
  const R = peers.readers;
  const W = peers.writers;
  if (o.decl.tuple !== n.decl.tuple) {
    const [from, to] = o.decl.tuple ? ["tuple (array)", "map"] : ["map", "tuple (array)"];
    ctx.emit("STRUCT_LAYOUT_CHANGED", {
      subject: S,
      old: o.decl.nameSpan,
      new: n.decl.nameSpan,
      message: `${S} changed from ${from} to ${to} layout: old ${R} reject every ${S} from new ${W} (and new ${R} every one from old ${W})`,
      hint: "keep the layout; introduce a new struct and handler for the other layout",
    });
    return;
  }
  const of = wireFields(o, ctx.oldSet.lookup);
  const nf = wireFields(n, ctx.newSet.lookup);
  if (n.decl.tuple) {
    if (of.length !== nf.length) {
      ctx.emit("TUPLE_ARITY_CHANGED", {
        subject: S,
        old: o.decl.nameSpan,
        new: n.decl.nameSpan,
        message: `tuple ${S} has ${nf.length} elements instead of ${of.length}: old ${R} reject the arrays new ${W} send and new ${R} reject old ones (msgp requires the exact count)`,
        hint: "never change a tuple's arity: define a new tuple type (and handler) instead",
      });
      return;
    }
    const oNames = of.map((x) => x.field.name);
    const nNames = nf.map((x) => x.field.name);
    const sameSet = [...oNames].sort().join("\0") === [...nNames].sort().join("\0");
    const moved = nNames.findIndex((name, i) => name !== oNames[i]);
    if (sameSet && moved >= 0) {
      const nfm = nf[moved]!.field;
      const ofm = of[moved]!.field;
      ctx.emit("TUPLE_ORDER_CHANGED", {
        subject: `${S}.${nfm.name}`,
        old: ofm.nameSpan,
        new: nfm.nameSpan,
        message: `new ${W} send ${nfm.name} as element ${moved} of tuple ${S}, which old ${R} decode as ${ofm.name} (and the reverse)`,
        hint: "restore the old element order; tuple elements are positional",
      });
      return;
    }
    for (let i = 0; i < nf.length; i++) {
      const a = of[i]!;
      const b = nf[i]!;
      judgeChange(ctx, fieldShape(a.field, a.file, ctx, "old"), fieldShape(b.field, b.file, ctx, "new"), {
        subject: `${S}.${b.field.name}`,
        peers,
        oldSpan: a.field.nameSpan,
        newSpan: b.field.nameSpan,
        oldFile: a.file,
        newFile: b.file,
      });
    }
    return;
  }
  const oldByKey = new Map(of.map((x) => [x.field.key, x]));
  const newByKey = new Map(nf.map((x) => [x.field.key, x]));
  const renamedTo = new Set<string>();
  const newReserved = reservedNames(n.decl);
  const oldReserved = reservedNames(o.decl);
  // A field that became (or stopped being) flattened: its values moved between its own key and
  // the keys of the struct it splices in, so each version reads the other's data as zero.
  const covered = new Set<string>();
  const flatKeys = (s: DeclIn<StructDecl>, f: StructDecl["fields"][number], side: "old" | "new"): string[] => {
    const sh = shapeOf(f.type, s.file, (side === "old" ? ctx.oldSet : ctx.newSet).lookup);
    return sh.k === "struct" ? wireFields(sh.of, (side === "old" ? ctx.oldSet : ctx.newSet).lookup).map((x) => x.field.key) : [];
  };
  for (const f0 of o.decl.fields) {
    const f1 = n.decl.fields.find((x) => x.name === f0.name);
    if (!f1 || f0.flatten === f1.flatten) continue;
    const oldKeys = f0.flatten ? flatKeys(o, f0, "old") : [f0.key];
    const newKeys = f1.flatten ? flatKeys(n, f1, "new") : [f1.key];
    if (oldKeys.length === 0 || newKeys.length === 0) continue;
    for (const k of oldKeys) if (!newByKey.has(k)) covered.add(k);
    for (const k of newKeys) renamedTo.add(k);
    const list = (ks: string[]) => ks.map((k) => `"${k}"`).join(", ");
    ctx.emit("FIELD_KEY_RENAMED", {
      subject: `${S}.${f1.name}`,
      old: f0.nameSpan,
      new: f1.nameSpan,
      message: `${f1.name} is ${f1.flatten ? "now" : "no longer"} flattened: its values moved from key(s) ${list(oldKeys)} to ${list(newKeys)}; each version skips the other's keys and reads ${f1.name} as zero`,
      hint: `keep ${f1.name} ${f0.flatten ? "flattened" : "as a nested value"}; flatten changes the wire keys`,
    });
  }
  for (const a of of) {
    if (covered.has(a.field.key)) continue;
    const b = newByKey.get(a.field.key);
    const movedTo = nf.find((x) => x.field.name === a.field.name && x.field.key !== a.field.key);
    if (b && b.field.name !== a.field.name && movedTo && oldByKey.has(movedTo.field.key)) {
      // Keys swapped between fields: the key still exists, but it now feeds another field.
      ctx.emit("FIELD_KEY_RENAMED", {
        subject: `${S}.${a.field.name}`,
        old: a.field.nameSpan,
        new: movedTo.field.nameSpan,
        message: `${a.field.name} moved from key "${a.field.key}" to "${movedTo.field.key}", which was another field's key: each version decodes the other's ${a.field.name} into a different field`,
        hint: `keep ${a.field.name} on key "${a.field.key}"; keys are the wire identity of map fields`,
      });
      continue;
    }
    if (b) {
      judgeChange(ctx, fieldShape(a.field, a.file, ctx, "old"), fieldShape(b.field, b.file, ctx, "new"), {
        subject: `${S}.${b.field.name}`,
        peers,
        oldSpan: a.field.nameSpan,
        newSpan: b.field.nameSpan,
        oldFile: a.file,
        newFile: b.file,
      });
      continue;
    }
    const byName = nf.find((x) => x.field.name === a.field.name && !oldByKey.has(x.field.key));
    if (byName) {
      renamedTo.add(byName.field.key);
      ctx.emit("FIELD_KEY_RENAMED", {
        subject: `${S}.${byName.field.name}`,
        old: a.field.nameSpan,
        new: byName.field.nameSpan,
        message: `wire key "${a.field.key}" -> "${byName.field.key}": old ${R} skip the "${byName.field.key}" new ${W} send and read ${a.field.name} as zero; new ${R} skip old ${W}' "${a.field.key}"`,
        hint: `keep the wire key and rename only in TypeScript: ${byName.field.name}: ... [key = "${a.field.key}"]`,
      });
      continue;
    }
    if (newReserved.has(a.field.key)) continue;
    ctx.emit("FIELD_REMOVED", {
      subject: `${S}.${a.field.name}`,
      old: a.field.nameSpan,
      new: n.decl.nameSpan,
      newScope: n.decl.span,
      message: `"${a.field.key}" is no longer written: old ${R} read ${a.field.name} as its zero value from new ${W}; new ${R} skip it (safe for map structs)`,
      hint: `add \`reserved "${a.field.key}";\` to ${S} so the key is never reused with another type`,
    });
  }
  for (const b of nf) {
    if (oldByKey.has(b.field.key) || renamedTo.has(b.field.key)) continue;
    if (oldReserved.has(b.field.key)) {
      ctx.emit("RESERVED_KEY_REUSED", {
        subject: `${S}.${b.field.name}`,
        old: o.decl.nameSpan,
        new: b.field.nameSpan,
        message: `"${b.field.key}" was reserved in ${o.decl.name}: peers that still write it with its former type make new ${R} fail or mis-read ${b.field.name}`,
        hint: "choose a key that was never used; keep the reservation",
      });
      continue;
    }
    const sh = fieldShape(b.field, b.file, ctx, "new");
    if (!sh.nil) {
      ctx.emit("FIELD_ADDED_REQUIRED", {
        subject: `${S}.${b.field.name}`,
        old: o.decl.nameSpan,
        new: b.field.nameSpan,
        message: `old ${W} never send "${b.field.key}": new ${R} read ${b.field.name} as the zero value, indistinguishable from a real zero`,
        hint: `declare it optional (${b.field.name}: ${sh.label}?) so absence is visible, or accept the zero default`,
      });
    }
  }
}

function reservedIds(d: EnumDecl): { from: number; to: number }[] {
  return d.reserved.flatMap((r) => r.ids);
}

/** Compares enum values by name and number: the number is on the wire, the name is not. */
export function compareEnum(ctx: CompareContext, o: DeclIn<EnumDecl>, n: DeclIn<EnumDecl>): void {
  const E = n.decl.name;
  const newByName = new Map(n.decl.values.map((v) => [v.name, v]));
  const oldByName = new Map(o.decl.values.map((v) => [v.name, v]));
  const newValues = new Set(n.decl.values.map((v) => v.value));
  const oldValues = new Set(o.decl.values.map((v) => v.value));
  for (const ov of o.decl.values) {
    const nv = newByName.get(ov.name);
    if (nv) {
      if (nv.value !== ov.value) {
        ctx.emit("ENUM_VALUE_RENUMBERED", {
          subject: `${E}.${ov.name}`,
          old: ov.span,
          new: nv.span,
          message: `${E}.${ov.name} is ${ov.value} to old peers and ${nv.value} to new peers: old peers decode the number new peers send as a different value`,
          hint: `keep ${ov.name} = ${ov.value}; numbers are the wire identity of enum values`,
        });
      }
      continue;
    }
    if (newValues.has(ov.value)) continue; // renamed: the number is unchanged
    ctx.emit("ENUM_VALUE_REMOVED", {
      subject: `${E}.${ov.name}`,
      old: ov.span,
      new: n.decl.nameSpan,
      newScope: n.decl.span,
      message: `old peers may still send ${E}.${ov.name} = ${ov.value}; new peers have no name for that number`,
      hint: `keep ${ov.name} = ${ov.value} (deprecate it in its doc comment) and reserve it once no old peer is left`,
    });
  }
  const oldReserved = reservedIds(o.decl);
  for (const nv of n.decl.values) {
    if (oldByName.has(nv.name) || oldValues.has(nv.value)) continue;
    const v = Number(nv.value);
    if (oldReserved.some((r) => v >= r.from && v <= r.to)) {
      ctx.emit("RESERVED_ID_REUSED", {
        subject: `${E}.${nv.name}`,
        old: o.decl.nameSpan,
        new: nv.span,
        message: `${E} value ${nv.value} was reserved: peers that still send it with its former meaning are decoded as ${nv.name}`,
        hint: "pick a number that was never used; keep the reservation",
      });
      continue;
    }
    ctx.emit("ENUM_VALUE_ADDED", {
      subject: `${E}.${nv.name}`,
      old: o.decl.nameSpan,
      new: nv.span,
      message: `new peers may send ${E}.${nv.name} = ${nv.value}, a number old peers have no name for`,
      hint: "make sure old peers treat unknown values gracefully before new peers send it",
    });
  }
}
