// Emits a service: handler ids, a typed client class (over the runtime's
// Connection.request / openStream) and a server interface with its
// register function (over Manager.registerSingle / registerStream).
// The runtime calls used are listed in generator/runtime-contract.md.
import type { HandlerDecl, ServiceDecl, TypeRef } from "../idl/ast.js";
import type { FileContext } from "./context.js";
import { jsdoc, lowerFirst, srcNote } from "./decl-emit.js";
import { Temps, decodeExpr, encodeStmts, ind } from "./codec-emit.js";
import { tsType, type Use } from "./type-emit.js";

interface Side {
  /** TS type of the value. */
  type: string;
  /** Expression (over `x`) encoding to bytes. */
  encode: (x: string) => string;
  /** Expression (over `b`, a Uint8Array) decoding. */
  decode: (b: string) => string;
}

/** Encode/decode expressions for a handler's payload type, via the type's codec object or an inline pair. */
function side(t: TypeRef, ctx: FileContext, where: string, helpers: string[], helperName: string): Side {
  const u: Use = { ctx, int64: ctx.int64, expand: false, where };
  const type = tsType(t, u);
  if (t.kind === "named") {
    const r = ctx.lookup(t.name, where);
    const q = `${ctx.qualifier(r)}${r.decl.name}Codec`;
    return { type, encode: (x) => `${q}.encode(${x})`, decode: (b) => `${q}.decode(${b})` };
  }
  // An anonymous payload type (e.g. `Bytes`, `list<string>`): a private codec pair.
  const enc: string[] = [];
  encodeStmts(t, "v", u, enc, new Temps());
  const pre: string[] = [];
  const ex = decodeExpr(t, u, pre, new Temps());
  helpers.push(
    `function encode${helperName}(w: MsgpWriter, v: ${type}): void {`,
    ...enc.map(ind),
    "}",
    `function decode${helperName}(r: MsgpReader): ${type} {`,
    ...pre.map(ind),
    `  return ${ex};`,
    "}",
    "",
  );
  return {
    type,
    encode: (x) => `encodeWith(encode${helperName}, ${x})`,
    decode: (b) => `decodeWith(decode${helperName}, ${b}, ${JSON.stringify(where)})`,
  };
}

function subrouteType(h: HandlerDecl): string {
  return h.subroutes.length === 0 ? "never" : h.subroutes.map((s) => JSON.stringify(s.path)).join(" | ");
}

/** Emits one service; returns lines and records whether stream helpers are needed. */
export function emitService(s: ServiceDecl, ctx: FileContext, needs: { streams: boolean }): string[] {
  const helpers: string[] = [];
  const out: string[] = [];
  const ids = `${s.name}HandlerIds`;
  out.push(`/** Handler ids of service ${s.name} (on the wire; never renumbered). */`);
  out.push(`export const ${ids} = {`);
  for (const h of s.handlers) out.push(`  ${h.name}: ${h.id},`);
  out.push("} as const;", "");
  if (s.route !== undefined) out.push(`/** Grid route of service ${s.name}. */`, `export const ${s.name}Route = ${JSON.stringify(s.route.path)};`, "");

  const sides = s.handlers.map((h) => {
    const w = `${s.name}.${h.name}`;
    return {
      h,
      payload: h.payload === undefined ? undefined : side(h.payload, ctx, `${w} payload`, helpers, `${s.name}_${h.name}_Payload`),
      input: h.input === undefined ? undefined : side(h.input, ctx, `${w} input`, helpers, `${s.name}_${h.name}_Input`),
      output: side(h.output, ctx, `${w} output`, helpers, `${s.name}_${h.name}_Output`),
    };
  });

  // client
  out.push(...jsdoc(s.doc?.text, `Typed client of service ${s.name}. ${srcNote(ctx, s.span.start.line)}`));
  out.push(`export class ${s.name}Client {`);
  out.push("  /** @param conn a connection to the peer (Manager.connection(host)). */");
  out.push("  constructor(readonly conn: GridCaller) {}", "");
  for (const { h, payload, input, output } of sides) {
    const m = lowerFirst(h.name);
    const sub = subrouteType(h);
    const dflt = h.timeoutMs !== undefined ? ` Default deadline ${h.timeoutMs} ms.` : "";
    out.push(...jsdoc(h.doc?.text, `Handler ${h.id} (${h.kind}).${dflt} ${srcNote(ctx, h.span.start.line)}`, "  "));
    if (h.kind === "single") {
      const p = payload!;
      out.push(`  async ${m}(req: ${p.type}, opts: CallOptions<${sub}> = {}): Promise<${output.type}> {`);
      out.push(`    const res = await this.conn.request(${ids}.${h.name}, ${p.encode("req")}, callOptions(opts, ${h.timeoutMs ?? "undefined"}));`);
      out.push(`    return ${output.decode("res ?? EMPTY_BYTES")};`);
      out.push("  }", "");
    } else {
      needs.streams = true;
      const inType = input?.type ?? "never";
      const args = payload === undefined ? "" : `payload: ${payload.type}, `;
      const inCap = input === undefined ? 0 : (h.inCapacity ?? 1);
      const outCap = h.outCapacity ?? 1;
      out.push(`  ${m}(${args}opts: CallOptions<${sub}> = {}): TypedStream<${inType}, ${output.type}> {`);
      out.push(`    const s = this.conn.openStream(${ids}.${h.name}, {`);
      out.push(`      ...callOptions(opts, ${h.timeoutMs ?? "undefined"}),`);
      out.push(`      payload: ${payload === undefined ? "null" : payload.encode("payload")},`);
      out.push(`      inCapacity: ${inCap},`, `      outCapacity: ${outCap},`, "    });");
      out.push(`    return typedStream(s, ${input === undefined ? "noInput" : `(x: ${inType}) => ${input.encode("x")}`}, (b) => ${output.decode("b")});`);
      out.push("  }", "");
    }
  }
  out.push("}", "");

  // server interface
  out.push(`/** What a server of ${s.name} implements; register it with register${s.name}Service. */`);
  out.push(`export interface ${s.name}Server {`);
  for (const { h, payload, input, output } of sides) {
    const m = lowerFirst(h.name);
    out.push(...jsdoc(h.doc?.text, `Handler ${h.id}. ${srcNote(ctx, h.span.start.line)}`, "  "));
    if (h.kind === "single") out.push(`  ${m}(req: ${payload!.type}, ctx: HandlerContext): Promise<${output.type}> | ${output.type};`);
    else out.push(`  ${m}(payload: ${payload?.type ?? "null"}, requests: AsyncIterable<${input?.type ?? "never"}>, ctx: HandlerContext): AsyncIterable<${output.type}>;`);
  }
  out.push("}", "");

  out.push(`/** Registers every handler of ${s.name} on a manager (Go's Register of each typed handler). */`);
  out.push(`export function register${s.name}Service(manager: GridRegistrar, impl: ${s.name}Server, opts: { subroute?: string } = {}): void {`);
  for (const { h, payload, input, output } of sides) {
    const m = lowerFirst(h.name);
    if (h.kind === "single") {
      out.push(`  manager.registerSingle(${ids}.${h.name}, async (p, ctx) => ${output.encode(`await impl.${m}(${payload!.decode("p ?? EMPTY_BYTES")}, ctx)`)}, opts);`);
    } else {
      needs.streams = true;
      const inCap = input === undefined ? 0 : (h.inCapacity ?? 1);
      const pay = payload === undefined ? "null" : payload.decode("p ?? EMPTY_BYTES");
      const reqs = input === undefined ? "noRequests(reqs)" : `mapAsync(reqs, (b) => ${input.decode("b")})`;
      out.push(`  manager.registerStream(`);
      out.push(`    ${ids}.${h.name},`);
      out.push(`    (p, reqs, ctx) => mapAsync(impl.${m}(${pay}, ${reqs}, ctx), (x) => ${output.encode("x")}),`);
      out.push(`    { ...opts, inCapacity: ${inCap}, outCapacity: ${h.outCapacity ?? 1}${h.stateless ? ", stateless: true" : ""} },`);
      out.push("  );");
    }
  }
  out.push("}", "");
  return [...helpers, ...out];
}
