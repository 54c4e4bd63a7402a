// The compat rules as data: one table that the comparator, the docs test and
// the CLI all read, so a rule's ID, severity and purpose live in one place
// (the bufbuild/buf breaking-rules layout).

/** Whether a finding fails CI (error) or only informs (warning). */
export type Severity = "error" | "warning";

/** What part of the wire a rule reasons about. */
export type RuleCategory = "service" | "handler" | "stream" | "struct" | "field" | "enum" | "reserved" | "file";

/** One rule: stable ID, default severity, one-line purpose, category. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly category: RuleCategory;
  readonly purpose: string;
}

/** Every rule the comparator can emit; IDs are stable and appear in allow-breaking comments. */
export const RULES = [
  // --- services and handlers (grid-protocol.md §2.6, §6, §7) ---
  { id: "SERVICE_REMOVED", severity: "error", category: "service", purpose: "a grid route with handlers disappeared: old clients calling any of them get 'Invalid Handler'" },
  { id: "SERVICE_ROUTE_CHANGED", severity: "error", category: "service", purpose: "a service moved to another grid route: peers on different versions no longer reach each other's handlers" },
  { id: "HANDLER_REMOVED", severity: "error", category: "handler", purpose: "a handler ID no longer served: old clients calling it get 'Invalid Handler for type'" },
  { id: "HANDLER_ID_CHANGED", severity: "error", category: "handler", purpose: "a handler keeps its name but moved to another ID: the ID is the wire identity, the name is not" },
  { id: "HANDLER_ID_REUSED", severity: "error", category: "handler", purpose: "an ID now serves a different handler while the old one moved: old clients reach the wrong code" },
  { id: "HANDLER_KIND_CHANGED", severity: "error", category: "handler", purpose: "single request <-> stream: the two kinds live in different server tables and use different ops" },
  { id: "HANDLER_PAYLOAD_TYPE_CHANGED", severity: "error", category: "handler", purpose: "the request / initial payload type changed to one the other version cannot decode" },
  { id: "HANDLER_INPUT_TYPE_CHANGED", severity: "error", category: "stream", purpose: "the stream input message type changed to one the other version cannot decode" },
  { id: "HANDLER_OUTPUT_TYPE_CHANGED", severity: "error", category: "handler", purpose: "the response / stream output type changed to one the other version cannot decode" },
  { id: "STREAM_PAYLOAD_ADDED", severity: "error", category: "stream", purpose: "a stream now requires an initial payload that old clients never send" },
  { id: "STREAM_PAYLOAD_REMOVED", severity: "error", category: "stream", purpose: "a stream no longer takes the initial payload old servers still decode" },
  { id: "STREAM_INPUT_ADDED", severity: "error", category: "stream", purpose: "a stream gained an input channel: old servers abort with 'did not expect inbound message'" },
  { id: "STREAM_INPUT_REMOVED", severity: "error", category: "stream", purpose: "a stream lost its input channel: new servers abort old clients' input with 'did not expect inbound message'" },
  { id: "SUBROUTE_REMOVED", severity: "error", category: "handler", purpose: "a subroute (or the plain, subroute-less registration) is no longer served: old callers on it get 'Invalid Handler for type'" },
  { id: "HANDLER_STATELESS_CHANGED", severity: "error", category: "stream", purpose: "the stateless flag changed: Go servers answer FlagStateless with 'Stateless streams not supported'" },
  { id: "IN_CAPACITY_CHANGED", severity: "warning", category: "stream", purpose: "input capacity is not negotiated: a client whose capacity exceeds the server's gets 'handler blocked'" },
  { id: "OUT_CAPACITY_CHANGED", severity: "warning", category: "stream", purpose: "output capacity is not negotiated: a server whose capacity exceeds the client's makes it fail 'Response was blocked'" },
  { id: "RESERVED_ID_REUSED", severity: "error", category: "reserved", purpose: "a handler uses an ID the previous version reserved: old clients may still call it with the old meaning" },
  // --- types as msgp sees them (msgp.md §3, §4) ---
  { id: "STRUCT_LAYOUT_CHANGED", severity: "error", category: "struct", purpose: "map layout <-> tuple layout: a map reader refuses an array and vice versa" },
  { id: "TUPLE_ARITY_CHANGED", severity: "error", category: "struct", purpose: "a tuple struct gained or lost fields: msgp requires the exact element count" },
  { id: "TUPLE_ORDER_CHANGED", severity: "error", category: "struct", purpose: "tuple fields moved: elements are positional, so values land in the wrong fields" },
  { id: "FIELD_KEY_RENAMED", severity: "error", category: "field", purpose: "a field's wire key changed: each version skips the other's key and reads the zero value" },
  { id: "FIELD_REMOVED", severity: "warning", category: "field", purpose: "a map-struct field was dropped without `reserved`: safe on the wire today, but its key could be reused later" },
  { id: "FIELD_ADDED_REQUIRED", severity: "warning", category: "field", purpose: "a non-optional field was added: new readers get the zero value from old writers, indistinguishable from a real zero" },
  { id: "RESERVED_KEY_REUSED", severity: "error", category: "reserved", purpose: "a field uses a wire key the previous version reserved: old data with that key may have another type or meaning" },
  { id: "FIELD_TYPE_UNSAFE", severity: "error", category: "field", purpose: "a type change the msgp reader of one version refuses (or silently mis-reads) for values the other version writes" },
  { id: "FIELD_TYPE_NARROWED", severity: "error", category: "field", purpose: "new readers refuse some values old writers can still send (narrower range, fixed length or count)" },
  { id: "FIELD_TYPE_WIDENED", severity: "warning", category: "field", purpose: "new readers accept everything old writers send; old readers refuse new values outside the old range" },
  { id: "FIELD_REQUIRED_TO_OPTIONAL", severity: "error", category: "field", purpose: "T -> T? or allownil added: new writers send nil (c0) that old readers refuse" },
  { id: "FIELD_OPTIONAL_TO_REQUIRED", severity: "error", category: "field", purpose: "T? -> T or allownil dropped: old writers still send nil (c0) that new readers refuse" },
  { id: "ENUM_VALUE_REMOVED", severity: "error", category: "enum", purpose: "an enum value disappeared: old peers may still send that number, new code has no name for it" },
  { id: "ENUM_VALUE_RENUMBERED", severity: "error", category: "enum", purpose: "an enum name now has another number: the same number means different things to the two versions" },
  { id: "ENUM_VALUE_ADDED", severity: "warning", category: "enum", purpose: "a new enum value: old peers receive a number they have no name for" },
  { id: "OPTION_NEWTIME_CHANGED", severity: "error", category: "file", purpose: "`option newtime` changed for a file with time fields: msgp <= 1.2.3 readers (MinIO pins 1.1.9) refuse type -1 timestamps" },
] as const satisfies readonly Rule[];

/** A rule ID: the stable name used in findings, docs and allow-breaking comments. */
export type RuleId = (typeof RULES)[number]["id"];

const BY_ID = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

/** Looks a rule up; undefined for unknown IDs (e.g. a typo in an allow-breaking comment). */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** True when `id` names a rule, so callers can validate user-supplied IDs. */
export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}
