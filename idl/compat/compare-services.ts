// Service and handler comparison by wire identity: a service is its grid route,
// a handler is (route, handler ID). Names never matter on the wire, so they are
// only used to recognise a handler that moved to another ID.
import type { GridFile, HandlerDecl, ServiceDecl, TypeRef } from "../ast.js";
import { peersFor, type CompareContext } from "./context.js";
import { judgeChange } from "./compare-types.js";
import type { RuleId } from "./rules.js";
import { shapeOf } from "./wire-shape.js";

interface SvcIn {
  svc: ServiceDecl;
  file: GridFile;
}

function routeKey(s: ServiceDecl): string {
  return s.route ? s.route.path : `(no route) ${s.name}`;
}

function services(files: readonly GridFile[]): Map<string, SvcIn> {
  const out = new Map<string, SvcIn>();
  for (const file of files) for (const svc of file.services) if (!out.has(routeKey(svc))) out.set(routeKey(svc), { svc, file });
  return out;
}

/** Compares every old service with its new counterpart (matched by route). */
export function compareServices(ctx: CompareContext): void {
  const olds = services(ctx.oldSet.files);
  const news = services(ctx.newSet.files);
  for (const [key, o] of olds) {
    const n = news.get(key);
    if (n) {
      compareService(ctx, o, n);
      continue;
    }
    const sameName = [...news.values()].find((x) => x.svc.name === o.svc.name && !olds.has(routeKey(x.svc)));
    if (sameName) {
      ctx.emit("SERVICE_ROUTE_CHANGED", {
        subject: `service ${o.svc.name}`,
        old: o.svc.nameSpan,
        new: sameName.svc.nameSpan,
        message: `route "${key}" -> "${routeKey(sameName.svc)}": old clients keep calling the old route, which new servers no longer serve, and new clients call a route old servers do not have`,
        hint: "keep the old route; serve a new route in addition while both versions are deployed",
      });
      compareService(ctx, o, sameName);
      continue;
    }
    if (o.svc.handlers.length === 0) continue;
    ctx.emit("SERVICE_REMOVED", {
      subject: `service ${o.svc.name}`,
      old: o.svc.nameSpan,
      message: `route "${key}" is gone: old clients calling any of its ${o.svc.handlers.length} handler(s) get "Invalid Handler"`,
      hint: "keep serving the route until no old client is deployed",
    });
  }
}

function hSubject(s: ServiceDecl, h: HandlerDecl): string {
  return `${s.name}.${h.name}#${h.id}`;
}

function compareService(ctx: CompareContext, o: SvcIn, n: SvcIn): void {
  const newById = new Map(n.svc.handlers.map((h) => [h.id, h]));
  const newByName = new Map(n.svc.handlers.map((h) => [h.name, h]));
  const oldById = new Map(o.svc.handlers.map((h) => [h.id, h]));
  for (const oh of o.svc.handlers) {
    const nh = newById.get(oh.id);
    const moved = newByName.get(oh.name);
    if (nh && nh.name !== oh.name && moved && moved.id !== oh.id) {
      ctx.emit("HANDLER_ID_REUSED", {
        subject: hSubject(n.svc, nh),
        old: oh.idSpan,
        new: nh.idSpan,
        message: `ID ${oh.id} now serves ${nh.name} while ${oh.name} moved to ${moved.id}: old clients calling ${oh.name} reach ${nh.name} on new servers`,
        hint: `give ${nh.name} a fresh ID and keep ${oh.name} = ${oh.id}`,
      });
    }
    if (nh && !(nh.name !== oh.name && moved && moved.id !== oh.id)) {
      compareHandler(ctx, o, oh, n, nh);
      continue;
    }
    if (moved && moved.id !== oh.id) {
      ctx.emit("HANDLER_ID_CHANGED", {
        subject: hSubject(n.svc, moved),
        old: oh.idSpan,
        new: moved.idSpan,
        message: `${oh.name} moved from ID ${oh.id} to ${moved.id}: old clients still call ${oh.id}${oldById.has(moved.id) ? "" : ", which new servers do not serve"}, new clients call ${moved.id}, which old servers do not serve`,
        hint: `keep ${oh.name} = ${oh.id}; IDs are the wire identity of handlers`,
      });
      continue;
    }
    if (!nh) {
      ctx.emit("HANDLER_REMOVED", {
        subject: hSubject(o.svc, oh),
        old: oh.nameSpan,
        new: n.svc.nameSpan,
        newScope: n.svc.span,
        message: `handler ID ${oh.id} (${oh.name}) is no longer served: old clients calling it get "Invalid Handler for type" from new servers`,
        hint: `keep serving ID ${oh.id} until no old client is deployed, then \`reserved ${oh.id};\``,
      });
    }
  }
  const oldReserved = o.svc.reserved.flatMap((r) => r.ids);
  for (const nh of n.svc.handlers) {
    if (oldById.has(nh.id)) continue;
    if (oldReserved.some((r) => nh.id >= r.from && nh.id <= r.to)) {
      ctx.emit("RESERVED_ID_REUSED", {
        subject: hSubject(n.svc, nh),
        old: o.svc.nameSpan,
        new: nh.idSpan,
        message: `handler ID ${nh.id} was reserved in ${o.svc.name}: clients built before the reservation may still call it with its former request type`,
        hint: "use an ID that was never used; keep the reservation",
      });
    }
  }
}

function isAbsent(ref: TypeRef | undefined): boolean {
  return ref === undefined || (ref.kind === "builtin" && ref.name === "NoPayload");
}

function compareTypeRef(
  ctx: CompareContext,
  rule: RuleId,
  what: string,
  role: "req" | "resp",
  o: SvcIn,
  oh: HandlerDecl,
  oref: TypeRef | undefined,
  n: SvcIn,
  nh: HandlerDecl,
  nref: TypeRef | undefined,
): void {
  const os = oref ? shapeOf(oref, o.file, ctx.oldSet.lookup) : ({ k: "none", nil: false, label: "NoPayload" } as const);
  const ns = nref ? shapeOf(nref, n.file, ctx.newSet.lookup) : ({ k: "none", nil: false, label: "NoPayload" } as const);
  const saved = ctx.currentRoles;
  ctx.currentRoles = new Set([role]);
  judgeChange(ctx, os, ns, {
    subject: `${what} of ${hSubject(n.svc, nh)}`,
    peers: peersFor(new Set([role])),
    oldSpan: oref?.span ?? oh.nameSpan,
    newSpan: nref?.span ?? nh.nameSpan,
    oldFile: o.file,
    newFile: n.file,
    incompatibleRule: rule,
  });
  ctx.currentRoles = saved;
}

function compareHandler(ctx: CompareContext, o: SvcIn, oh: HandlerDecl, n: SvcIn, nh: HandlerDecl): void {
  const subject = hSubject(n.svc, nh);
  if (oh.kind !== nh.kind) {
    ctx.emit("HANDLER_KIND_CHANGED", {
      subject,
      old: oh.nameSpan,
      new: nh.nameSpan,
      message:
        nh.kind === "stream"
          ? `rpc -> stream: old clients send OpRequest for ID ${nh.id}, new servers only have a streaming handler and answer "Invalid Handler for type" (and old servers do the same to new clients' OpConnectMux)`
          : `stream -> rpc: old clients send OpConnectMux for ID ${nh.id}, new servers only have a single handler and answer "Invalid Handler for type" (and old servers do the same to new clients' OpRequest)`,
      hint: "add the new kind under a new handler ID and keep the old one",
    });
    return;
  }
  if (nh.kind === "single") {
    compareTypeRef(ctx, "HANDLER_PAYLOAD_TYPE_CHANGED", "request", "req", o, oh, oh.payload, n, nh, nh.payload);
    compareTypeRef(ctx, "HANDLER_OUTPUT_TYPE_CHANGED", "response", "resp", o, oh, oh.output, n, nh, nh.output);
  } else {
    const op = !isAbsent(oh.payload);
    const np = !isAbsent(nh.payload);
    if (op && !np) {
      ctx.emit("STREAM_PAYLOAD_REMOVED", {
        subject,
        old: oh.payload?.span ?? oh.nameSpan,
        new: nh.nameSpan,
        message: `new clients open ${subject} without an initial payload, which old servers still decode (decode failure ends the stream with an error)`,
        hint: "keep the payload type (the server may ignore it) until old servers are gone",
      });
    } else if (!op && np) {
      ctx.emit("STREAM_PAYLOAD_ADDED", {
        subject,
        old: oh.nameSpan,
        new: nh.payload?.span ?? nh.nameSpan,
        message: `old clients open ${subject} without an initial payload; new servers decode one and end the stream with a decode error`,
        hint: "add a new handler ID for the stream with a payload",
      });
    } else if (op && np) {
      compareTypeRef(ctx, "HANDLER_PAYLOAD_TYPE_CHANGED", "initial payload", "req", o, oh, oh.payload, n, nh, nh.payload);
    }
    const oi = oh.input !== undefined;
    const ni = nh.input !== undefined;
    if (oi && !ni) {
      ctx.emit("STREAM_INPUT_REMOVED", {
        subject,
        old: oh.input?.span ?? oh.nameSpan,
        new: nh.nameSpan,
        message: `new servers register ${subject} without input: input items from old clients abort the stream with "did not expect inbound message"; old servers wait for input new clients never send`,
        hint: "keep the input channel (ignore its items) or move the new shape to a new handler ID",
      });
    } else if (!oi && ni) {
      ctx.emit("STREAM_INPUT_ADDED", {
        subject,
        old: oh.nameSpan,
        new: nh.input?.span ?? nh.nameSpan,
        message: `new clients send input items on ${subject} that old servers abort with "did not expect inbound message"; old clients close input at once (EOF on connect)`,
        hint: "add a new handler ID for the two-way stream",
      });
    } else if (oi && ni) {
      compareTypeRef(ctx, "HANDLER_INPUT_TYPE_CHANGED", "input", "req", o, oh, oh.input, n, nh, nh.input);
    }
    compareTypeRef(ctx, "HANDLER_OUTPUT_TYPE_CHANGED", "output", "resp", o, oh, oh.output, n, nh, nh.output);
    if (oh.stateless !== nh.stateless) {
      ctx.emit("HANDLER_STATELESS_CHANGED", {
        subject,
        old: oh.nameSpan,
        new: nh.nameSpan,
        message: `${nh.stateless ? "new" : "old"} clients open ${subject} with FlagStateless, which Go grid servers always answer "Stateless streams not supported"`,
        hint: "keep the flag as it was; stateless streams cannot be served by MinIO grid",
      });
    }
    if (oi && ni) {
      const a = oh.inCapacity ?? 1;
      const b = nh.inCapacity ?? 1;
      if (a !== b) {
        ctx.emit("IN_CAPACITY_CHANGED", {
          subject,
          old: oh.nameSpan,
          new: nh.nameSpan,
          message:
            b > a
              ? `new clients take ${b} input credits but old servers queue only ${a} items: a busy handler gets "handler blocked" (capacities are not negotiated)`
              : `old clients take ${a} input credits but new servers queue only ${b} items: a busy handler gets "handler blocked" (capacities are not negotiated)`,
          hint: "change in_capacity only together on all peers, or raise the server side first",
        });
      }
    }
    const oc = Math.max(oh.outCapacity ?? 1, 1);
    const nc = Math.max(nh.outCapacity ?? 1, 1);
    if (oc !== nc) {
      ctx.emit("OUT_CAPACITY_CHANGED", {
        subject,
        old: oh.nameSpan,
        new: nh.nameSpan,
        message:
          nc > oc
            ? `new servers send up to ${nc} items ahead, old clients buffer only ${oc} and fail the stream with "Response was blocked" (capacities are not negotiated)`
            : `old servers send up to ${oc} items ahead, new clients buffer only ${nc} and fail the stream with "Response was blocked" (capacities are not negotiated)`,
        hint: "change out_capacity only together on all peers, or raise the client side first",
      });
    }
  }
  const subs = (h: HandlerDecl) => (h.subroutes.length === 0 ? [""] : h.subroutes.map((s) => s.path));
  const nsubs = new Set(subs(nh));
  for (const s of subs(oh)) {
    if (nsubs.has(s)) continue;
    ctx.emit("SUBROUTE_REMOVED", {
      subject,
      old: oh.nameSpan,
      new: nh.nameSpan,
      message:
        s === ""
          ? `${subject} is now only registered under subroutes: old clients calling it without a subroute get "Invalid Handler for type"`
          : `subroute "${s}" of ${subject} is gone: old clients calling it get "Invalid Handler for type"${nsubs.size > 0 && !nsubs.has("") ? ` (renamed to ${[...nsubs].map((x) => `"${x}"`).join(", ")}?)` : ""}`,
      hint: "keep serving the old subroute (add new ones next to it)",
    });
  }
}
