// Emits a service: handler ids, its declared subroutes, one spec constant per
// handler (the .grid facts: id, codecs, timeout, capacities, subroutes), a
// typed client class and a server interface with its register function.
// Clients and register functions are one short call per handler into
// runtime/service-support.ts, so the file reads as a table and every line
// has a fixed shape (see layout.ts).
import type { HandlerDecl, ServiceDecl, TypeRef } from "../idl/ast.js";
import type { FileContext } from "./context.js";
import { codecObject, jsdoc, lowerFirst, srcNote } from "./decl-emit.js";
import { Temps, decodeExpr, encodeStmts, ind } from "./codec-emit.js";
import { callStatement, signature } from "./layout.js";
import { tsType, type Use } from "./type-emit.js";

interface Side {
  /** TS type of the value. */
  readonly type: string;
  /** The whole-payload codec object. */
  readonly codec: string;
}

/** The codec object of a handler's payload type: the type's own, or a private one for an anonymous type. */
function side(t: TypeRef, ctx: FileContext, where: string, helpers: string[][], helperName: string): Side {
  const u: Use = { ctx, int64: ctx.int64, expand: false, where };
  const type = tsType(t, u);
  if (t.kind === "named") {
    const r = ctx.lookup(t.name, where);
    return { type, codec: `${ctx.qualifier(r)}${r.decl.name}Codec` };
  }
  // An anonymous payload type (e.g. `Bytes`, `list<string>`): a private codec.
  const enc: string[] = [];
  encodeStmts(t, "v", u, enc, new Temps());
  const pre: string[] = [];
  const ex = decodeExpr(t, u, pre, new Temps());
  helpers.push([
    ...signature("", `function encode${helperName}`, ["w: MsgpWriter", `v: ${type}`], ": void {"),
    ...enc.map(ind),
    "}",
    "",
    ...signature("", `function decode${helperName}`, ["r: MsgpReader"], `: ${type} {`),
    ...pre.map(ind),
    `  return ${ex};`,
    "}",
    "",
    ...codecObject(helperName, type, where, false),
  ]);
  return { type, codec: `${helperName}Codec` };
}

/**
 * The client method of a handler. A handler Constructor would be written
 * `constructor(...)`, the class constructor: the computed name makes it a
 * method (it replaces the prototype's `constructor` link, which nothing in
 * the runtime reads).
 */
function methodName(handler: string): string {
  const m = lowerFirst(handler);
  return m === "constructor" ? `["constructor"]` : m;
}

function union(paths: readonly string[]): string {
  return paths.length === 0 ? "never" : paths.map((p) => JSON.stringify(p)).join(" | ");
}

function subroutesOf(h: HandlerDecl): string[] {
  return h.subroutes.map((s) => s.path);
}

/** Emits one service as top-level chunks (each a list of lines); records whether streams are used. */
export function emitService(s: ServiceDecl, ctx: FileContext, needs: { streams: boolean }): string[][] {
  const helpers: string[][] = [];
  const chunks: string[][] = [];
  const ids = `${s.name}HandlerIds`;
  const idLines = [`/** Handler ids of service ${s.name} (on the wire; never renumbered). */`, `export const ${ids} = {`];
  for (const h of s.handlers) idLines.push(`  ${h.name}: ${h.id},`);
  idLines.push("} as const;");
  chunks.push(idLines);
  if (s.route !== undefined) chunks.push([`/** Grid route of service ${s.name}. */`, `export const ${s.name}Route = ${JSON.stringify(s.route.path)};`]);

  const all: string[] = [];
  for (const h of s.handlers) for (const p of subroutesOf(h)) if (!all.includes(p)) all.push(p);
  const subType = `${s.name}Subroute`;
  chunks.push([
    `/** A subroute some handler of ${s.name} declares (.grid \`subroutes\`): what register${s.name}Service accepts. */`,
    `export type ${subType} = ${union(all)};`,
    "",
    `/** Every declared subroute of ${s.name} (checked at run time for JS callers). */`,
    `export const ${s.name}Subroutes: readonly ${subType}[] = [${all.map((p) => JSON.stringify(p)).join(", ")}];`,
  ]);

  const sides = s.handlers.map((h) => {
    const w = `${s.name}.${h.name}`;
    return {
      h,
      spec: `${s.name}_${h.name}`,
      payload: h.payload === undefined ? undefined : side(h.payload, ctx, `${w} payload`, helpers, `${s.name}_${h.name}_Payload`),
      input: h.input === undefined ? undefined : side(h.input, ctx, `${w} input`, helpers, `${s.name}_${h.name}_Input`),
      output: side(h.output, ctx, `${w} output`, helpers, `${s.name}_${h.name}_Output`),
    };
  });

  // One spec per handler: everything the .grid says about it, in one place.
  // Not annotated (the codecs carry the types; NO_PAYLOAD / NO_INPUT are typed
  // nulls), so the declaration line stays short whatever the type names.
  for (const { h, spec, payload, input, output } of sides) {
    const lines: string[] = [];
    if (h.kind === "single") {
      lines.push(`/** ${s.name}.${h.name}: handler ${h.id} (single), ${payload!.type} -> ${output.type}. ${srcNote(ctx, h.span.start.line)} */`);
    } else {
      needs.streams = true;
      const types = `${payload?.type ?? "no payload"}, ${input === undefined ? "no input" : `stream ${input.type}`} -> stream ${output.type}`;
      lines.push(`/** ${s.name}.${h.name}: handler ${h.id} (stream), ${types}. ${srcNote(ctx, h.span.start.line)} */`);
    }
    lines.push(`const ${spec} = {`, `  id: ${ids}.${h.name},`, `  name: ${JSON.stringify(`${s.name}.${h.name}`)},`);
    if (h.kind === "single") lines.push(`  payload: ${payload!.codec},`, `  output: ${output.codec},`);
    else {
      lines.push(`  payload: ${payload?.codec ?? "NO_PAYLOAD"},`, `  input: ${input?.codec ?? "NO_INPUT"},`, `  output: ${output.codec},`);
      lines.push(`  inCapacity: ${input === undefined ? 0 : (h.inCapacity ?? 1)},`, `  outCapacity: ${h.outCapacity ?? 1},`);
      if (h.stateless) lines.push("  stateless: true,");
    }
    if (h.timeoutMs !== undefined) lines.push(`  timeoutMs: ${h.timeoutMs},`);
    lines.push(`  subroutes: [${subroutesOf(h).map((p) => JSON.stringify(p)).join(", ")}],`, "};");
    chunks.push(lines);
  }

  // client
  const client: string[] = [];
  client.push(...jsdoc(s.doc?.text, `Typed client of service ${s.name}. ${srcNote(ctx, s.span.start.line)}`));
  client.push(`export class ${s.name}Client {`);
  // A private field: no handler method (`conn` for a handler Conn) can clash with it.
  client.push("  readonly #conn: GridCaller;", "");
  client.push("  /** @param conn a connection to the peer (`manager.connection(host)`). */");
  client.push("  constructor(conn: GridCaller) {", "    this.#conn = conn;", "  }");
  for (const { h, spec, payload, input, output } of sides) {
    const m = methodName(h.name);
    const opts = `opts: CallOptions<${union(subroutesOf(h))}> = {}`;
    const dflt = h.timeoutMs !== undefined ? ` Default deadline ${h.timeoutMs} ms.` : "";
    client.push("", ...jsdoc(h.doc?.text, `Handler ${h.id} (${h.kind}).${dflt} ${srcNote(ctx, h.span.start.line)}`, "  "));
    if (h.kind === "single") {
      client.push(...signature("  ", m, [`req: ${payload!.type}`, opts], `: Promise<${output.type}> {`));
      client.push(...callStatement("    ", "return callSingle", ["this.#conn", spec, "req", "opts"], ";"));
    } else {
      const params = payload === undefined ? [opts] : [`payload: ${payload.type}`, opts];
      client.push(...signature("  ", m, params, `: TypedStream<${input?.type ?? "never"}, ${output.type}> {`));
      client.push(...callStatement("    ", "return openTypedStream", ["this.#conn", spec, payload === undefined ? "null" : "payload", "opts"], ";"));
    }
    client.push("  }");
  }
  client.push("}");
  chunks.push(client);

  // server interface
  const server: string[] = [];
  server.push(`/** What a server of ${s.name} implements; register it with register${s.name}Service. */`);
  server.push(`export interface ${s.name}Server {`);
  for (const { h, payload, input, output } of sides) {
    const m = lowerFirst(h.name);
    server.push(...jsdoc(h.doc?.text, `Handler ${h.id}. ${srcNote(ctx, h.span.start.line)}`, "  "));
    if (h.kind === "single") server.push(...signature("  ", m, [`req: ${payload!.type}`, "ctx: HandlerContext"], `: Awaitable<${output.type}>;`));
    else server.push(...signature("  ", m, [`payload: ${payload?.type ?? "null"}`, `requests: AsyncIterable<${input?.type ?? "never"}>`, "ctx: HandlerContext"], `: AsyncIterable<${output.type}>;`));
  }
  server.push("}");
  chunks.push(server);

  const reg: string[] = [];
  reg.push(`/**`, ` * Registers every handler of ${s.name} on a manager (Go's Register of each typed handler).`);
  reg.push(` * With a subroute, only the handlers that declare it are registered (under it).`, " */");
  reg.push(...signature("", `export function register${s.name}Service`, ["manager: GridRegistrar", `impl: ${s.name}Server`, `opts: RegisterServiceOptions<${subType}> = {}`], ": void {"));
  reg.push(...callStatement("  ", "checkServiceSubroute", [JSON.stringify(s.name), "opts", `${s.name}Subroutes`], ";"));
  for (const { h, spec } of sides) {
    const m = lowerFirst(h.name);
    // The arrow is never the last argument, so prettier does not hug it: one argument per line when long.
    if (h.kind === "single") reg.push(...callStatement("  ", "serveSingle", ["manager", spec, `(req, ctx) => impl.${m}(req, ctx)`, "opts"], ";"));
    else reg.push(...callStatement("  ", "serveStream", ["manager", spec, `(payload, requests, ctx) => impl.${m}(payload, requests, ctx)`, "opts"], ";"));
  }
  reg.push("}");
  chunks.push(reg);
  return [...helpers, ...chunks];
}
