// The agreement rules between the checker's verdicts and real codec behaviour,
// shared by the bridge-codec test and the generated-codec test: which outcomes
// (ok / changed / failed, per direction) each type-change rule predicts.
import assert from "node:assert/strict";
import type { GridFile, HandlerDecl, TypeRef } from "../../idl/ast.js";
import type { SchemaSet } from "../../idl/compat/load.js";
import type { MsgpCore, ReaderLike, WriterLike } from "./wire-codec.js";
import { sameValue, samples } from "./wire-samples.js";

/** What happened to one sample: survived, arrived different, or was refused. */
export type Outcome = "ok" | "changed" | "failed";

/** Outcomes of all samples written by one version and read by the other. */
export interface Direction {
  outcomes: Outcome[];
  /** Outcomes of non-nil samples only (nil is judged by the optional/required rules). */
  nonNil: Outcome[];
  /** Non-nil samples that carry at least one element in their containers (if they have any):
   *  an empty list or map survives any element type change, so it proves nothing. */
  loaded: Outcome[];
  detail: string[];
}

/** The type-change rules whose verdicts the codec must confirm. */
export const TYPE_RULES = [
  "FIELD_TYPE_UNSAFE",
  "FIELD_TYPE_NARROWED",
  "FIELD_TYPE_WIDENED",
  "FIELD_REQUIRED_TO_OPTIONAL",
  "FIELD_OPTIONAL_TO_REQUIRED",
  "FIELD_KEY_RENAMED",
  "TUPLE_ARITY_CHANGED",
  "TUPLE_ORDER_CHANGED",
  "STRUCT_LAYOUT_CHANGED",
  "HANDLER_PAYLOAD_TYPE_CHANGED",
  "HANDLER_INPUT_TYPE_CHANGED",
  "HANDLER_OUTPUT_TYPE_CHANGED",
] as const;

/** Rules that predict a failure or change for old writers -> new readers. */
const BREAKS_OLD_TO_NEW = new Set([
  "FIELD_TYPE_NARROWED",
  "FIELD_OPTIONAL_TO_REQUIRED",
  "FIELD_KEY_RENAMED",
  "TUPLE_ARITY_CHANGED",
  "TUPLE_ORDER_CHANGED",
  "STRUCT_LAYOUT_CHANGED",
]);

/** The msgp core (runtime/msgp, or GRID_COMPAT_MSGP_CORE), or undefined when it is missing. */
export async function loadCore(): Promise<MsgpCore | undefined> {
  try {
    // GRID_COMPAT_MSGP_CORE runs the verdicts against another Contract-3 core (e.g. a candidate implementation).
    const spec = process.env.GRID_COMPAT_MSGP_CORE ?? "../../runtime/msgp/index.js";
    const m = (await import(spec)) as {
      MsgpWriter: new () => WriterLike;
      MsgpReader: new (b: Uint8Array) => ReaderLike;
    };
    if (typeof m.MsgpWriter !== "function" || typeof m.MsgpReader !== "function") return undefined;
    return { newWriter: () => new m.MsgpWriter(), newReader: (b) => new m.MsgpReader(b) };
  } catch {
    return undefined;
  }
}

/** A handler type present in both versions. */
export interface TypePair {
  what: string;
  o: { ref: TypeRef; file: GridFile };
  n: { ref: TypeRef; file: GridFile };
}

/** Handler types present in both versions, matched by (route, handler ID). */
export function typePairs(oldSet: SchemaSet, newSet: SchemaSet): TypePair[] {
  const index = (set: SchemaSet) => {
    const m = new Map<string, { h: HandlerDecl; file: GridFile }>();
    for (const file of set.files) for (const s of file.services) for (const h of s.handlers) m.set(`${s.route?.path ?? s.name}#${h.id}`, { h, file });
    return m;
  };
  const olds = index(oldSet);
  const news = index(newSet);
  const out: TypePair[] = [];
  for (const [key, o] of olds) {
    const n = news.get(key);
    if (!n || n.h.kind !== o.h.kind) continue;
    const add = (what: string, a: TypeRef | undefined, b: TypeRef | undefined) => {
      if (a && b) out.push({ what: `${key} ${what}`, o: { ref: a, file: o.file }, n: { ref: b, file: n.file } });
    };
    add("payload", o.h.payload, n.h.payload);
    add("input", o.h.input, n.h.input);
    add("output", o.h.output, n.h.output);
  }
  return out;
}

/** Encodes one value written by the `from` version and decodes it as the `to` version. */
export type RoundTrip = (value: unknown) => unknown;

/** Runs every sample of `fromT` through `trip` and classifies the outcome. */
export function runDirection(
  core: MsgpCore,
  from: SchemaSet,
  fromT: TypePair["o"],
  to: SchemaSet,
  toT: TypePair["o"],
  trip: RoundTrip,
  keep: (v: unknown) => boolean = () => true,
): Direction {
  const d: Direction = { outcomes: [], nonNil: [], loaded: [], detail: [] };
  for (const v of samples(from, fromT.ref, fromT.file).filter(keep)) {
    let outcome: Outcome;
    try {
      const back = trip(v);
      outcome = sameValue(core, { view: from, ...fromT, value: v }, { view: to, ...toT, value: back }) ? "ok" : "changed";
    } catch (err) {
      outcome = "failed";
      if (d.detail.length < 3) d.detail.push(err instanceof Error ? err.message : String(err));
    }
    d.outcomes.push(outcome);
    if (!containsNull(v)) {
      d.nonNil.push(outcome);
      const c = containers(v);
      if (c.total === 0 || c.nonEmpty > 0) d.loaded.push(outcome);
    }
  }
  return d;
}

function containers(v: unknown): { total: number; nonEmpty: number } {
  const acc = { total: 0, nonEmpty: 0 };
  const walk = (x: unknown): void => {
    if (Array.isArray(x) || x instanceof Map) {
      acc.total++;
      if ((Array.isArray(x) ? x.length : x.size) > 0) acc.nonEmpty++;
      for (const e of Array.isArray(x) ? x : x.values()) walk(e);
    } else if (x !== null && typeof x === "object" && !(x instanceof Uint8Array)) for (const e of Object.values(x as object)) walk(e);
  };
  walk(v);
  return acc;
}

function containsNull(v: unknown): boolean {
  if (v === null) return true;
  if (Array.isArray(v)) return v.some(containsNull);
  if (v instanceof Map) return [...v.values()].some(containsNull);
  if (typeof v === "object" && !(v instanceof Uint8Array)) return Object.values(v as object).some(containsNull);
  return false;
}

/** Results of one handler type pair in both directions. */
export interface PairResult {
  p: TypePair;
  o2n: Direction;
  n2o: Direction;
}

/**
 * Asserts that the codec outcomes match the case's expected rules; returns the
 * type rules it confirmed. No type rule => every value round-trips both ways.
 */
export function assertAgreement(rulesOfCase: readonly string[], results: PairResult[]): string[] {
  const rules = new Set(rulesOfCase);
  const typeRules = TYPE_RULES.filter((r) => rules.has(r));
  const any = (f: (r: (typeof results)[number]) => boolean) => results.some(f);
  const broken = (xs: Outcome[]) => xs.some((x) => x !== "ok");
  const report = () =>
    results
      .map(
        (r) =>
          `${r.p.what}: old->new [${r.o2n.outcomes.join(" ")}] ${r.o2n.detail.join(" | ")}; new->old [${r.n2o.outcomes.join(" ")}] ${r.n2o.detail.join(" | ")}`,
      )
      .join("\n");
  if (typeRules.length === 0) {
    for (const r of results) {
      assert.ok(!broken(r.o2n.outcomes), `no type finding, but old->new breaks:\n${report()}`);
      assert.ok(!broken(r.n2o.outcomes), `no type finding, but new->old breaks:\n${report()}`);
    }
    return [];
  }
  const confirmed: string[] = [];
  for (const rule of typeRules) {
    switch (rule) {
      case "FIELD_TYPE_WIDENED":
        if (![...typeRules].some((r) => BREAKS_OLD_TO_NEW.has(r)))
          assert.ok(
            results.every((r) => !broken(r.o2n.nonNil)),
            `${rule}: every old value must survive new readers:\n${report()}`,
          );
        assert.ok(
          any((r) => broken(r.n2o.outcomes)),
          `${rule}: some new value must break old readers:\n${report()}`,
        );
        break;
      case "FIELD_TYPE_NARROWED":
      case "FIELD_OPTIONAL_TO_REQUIRED":
      case "TUPLE_ORDER_CHANGED":
        assert.ok(
          any((r) => broken(r.o2n.outcomes)),
          `${rule}: some old value must break new readers:\n${report()}`,
        );
        break;
      case "FIELD_REQUIRED_TO_OPTIONAL":
        assert.ok(
          any((r) => broken(r.n2o.outcomes)),
          `${rule}: some new value (nil) must break old readers:\n${report()}`,
        );
        break;
      case "FIELD_KEY_RENAMED":
        assert.ok(any((r) => broken(r.o2n.outcomes)) && any((r) => broken(r.n2o.outcomes)), `${rule}: values must be lost both ways:\n${report()}`);
        break;
      case "TUPLE_ARITY_CHANGED":
      case "STRUCT_LAYOUT_CHANGED":
        assert.ok(
          any((r) => r.o2n.outcomes.length > 0 && r.o2n.outcomes.every((x) => x === "failed") && r.n2o.outcomes.every((x) => x === "failed")),
          `${rule}: every value must fail both ways:\n${report()}`,
        );
        break;
      case "FIELD_TYPE_UNSAFE":
      case "HANDLER_PAYLOAD_TYPE_CHANGED":
      case "HANDLER_INPUT_TYPE_CHANGED":
      case "HANDLER_OUTPUT_TYPE_CHANGED":
        assert.ok(
          any((r) => (r.o2n.loaded.length > 0 && r.o2n.loaded.every((x) => x !== "ok")) || (r.n2o.loaded.length > 0 && r.n2o.loaded.every((x) => x !== "ok"))),
          `${rule}: in at least one direction no value may survive:\n${report()}`,
        );
        break;
    }
    confirmed.push(rule);
  }
  return confirmed;
}
