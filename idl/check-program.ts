// Checks that need name resolution across files: unresolved and ambiguous
// names, alias and by-value cycles, flatten (target, cycles, key clashes after
// splicing), allownil and int64 applicability, handler IDs shared per route.
import type { GridFile, ServiceDecl, Span, StructDecl, TypeRef } from "./ast.js";
import { DEFAULT_ROUTE } from "./defaults.js";
import { BUILTIN_NAMES, SCALAR_NAMES } from "./ast.js";
import { diag, type Diagnostic } from "./diagnostic.js";
import type { Resolver } from "./program.js";

const INT64_SCALARS = new Set(["int64", "uint64", "int", "uint", "duration"]);

/** Program-level diagnostics for `files` (already parsed and file-checked). */
export function checkProgram(files: readonly GridFile[], r: Resolver): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of files) {
    const visit = (t: TypeRef): void => checkNames(f, t, r, out);
    for (const d of f.types) {
      if (d.kind === "struct") for (const fl of d.fields) visit(fl.type);
      if (d.kind === "alias") visit(d.type);
    }
    for (const s of f.services) for (const h of s.handlers) for (const t of [h.payload, h.input, h.output]) if (t !== undefined) visit(t);
    checkAliasCycles(f, r, out);
    for (const d of f.types) if (d.kind === "struct") checkStructFields(f, d, r, out);
  }
  checkValueCycles(files, r, out);
  checkRoutes(files, (f) => r.importedFiles(f), out);
  return out;
}

function checkNames(f: GridFile, t: TypeRef, r: Resolver, out: Diagnostic[]): void {
  switch (t.kind) {
    case "named": {
      if (t.name === "") return; // a malformed type already reported
      const res = r.resolve(f, t.name);
      if (res.kind === "missing") {
        if (res.qualifierUnknown) {
          const q = t.name.slice(0, t.name.indexOf("."));
          out.push(diag("E0105", `unknown package '${q}' in '${t.name}'`, t.span, `import the file that declares package ${q}, or use its import alias`));
        } else {
          out.push(diag("E0101", `cannot find type '${t.name}'`, t.span, suggest(f, t.name)));
        }
      } else if (res.kind === "ambiguous") {
        out.push(
          diag("E0104", `'${t.name}' is declared in several imports (${res.files.map((x) => x.package).join(", ")})`, t.span, `qualify it, e.g. ${res.files[0]?.package}.${t.name}`),
        );
      }
      return;
    }
    case "list":
    case "gridArray":
    case "array":
      return checkNames(f, t.elem, r, out);
    case "optional":
    case "json":
      return checkNames(f, t.inner, r, out);
    case "map":
      checkNames(f, t.key, r, out);
      return checkNames(f, t.value, r, out);
    default:
      return;
  }
}

function suggest(f: GridFile, name: string): string {
  const lower = name.toLowerCase();
  const scalarHint: Record<string, string> = {
    str: "string",
    integer: "int64",
    long: "int64",
    float: "float64",
    double: "float64",
    boolean: "bool",
    byte_array: "bytes",
    timestamp: "time",
    "[]byte": "bytes",
  };
  if (scalarHint[lower] !== undefined) return `did you mean '${scalarHint[lower]}'?`;
  const candidates = [...f.types.map((d) => d.name), ...SCALAR_NAMES, ...BUILTIN_NAMES];
  const close = candidates.find((c) => c.toLowerCase() === lower || editDistance(c.toLowerCase(), lower) <= 2);
  if (close !== undefined) return `did you mean '${close}'?`;
  return "declare it in this file, or import the file that declares it";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

function checkAliasCycles(f: GridFile, r: Resolver, out: Diagnostic[]): void {
  for (const d of f.types) {
    if (d.kind !== "alias") continue;
    const seen = new Set<string>([d.name]);
    let cur: TypeRef = d.type;
    let file = f;
    for (let guard = 0; guard < 64 && cur.kind === "named"; guard++) {
      const hit = r.lookup(file, cur.name);
      if (hit === undefined || hit.decl.kind !== "alias") break;
      if (hit.file === f && seen.has(hit.decl.name)) {
        if (hit.decl.name === d.name) {
          out.push(diag("E0107", `type '${d.name}' is defined in terms of itself`, d.nameSpan, "an alias must end in a real type"));
        }
        break;
      }
      seen.add(hit.decl.name);
      cur = hit.decl.type;
      file = hit.file;
    }
  }
}

/** Wire keys of a struct after splicing flattened fields, with where each came from. */
function flatKeys(
  f: GridFile,
  s: StructDecl,
  r: Resolver,
  out: Diagnostic[] | undefined,
  stack: StructDecl[],
): { key: string; span: Span; viaFlatten: boolean }[] {
  const keys: { key: string; span: Span; viaFlatten: boolean }[] = [];
  for (const fl of s.fields) {
    if (!fl.flatten) {
      keys.push({ key: fl.key, span: fl.keySpan ?? fl.nameSpan, viaFlatten: false });
      continue;
    }
    const u = r.underlying(f, fl.type);
    if (u.decl?.kind !== "struct") {
      if (u.type.kind === "named" && u.decl === undefined) continue; // unresolved: reported elsewhere
      out?.push(diag("E0205", `flatten needs a struct type, '${fl.name}' is ${describe(u.type, u.decl?.kind)}`, fl.type.span, "remove flatten, or flatten a struct"));
      continue;
    }
    if (stack.includes(u.decl)) {
      out?.push(diag("E0206", `flattening '${u.decl.name}' here forms a cycle`, fl.span, "a struct cannot flatten itself, directly or indirectly"));
      continue;
    }
    if (u.decl.tuple) {
      out?.push(diag("E0206", `cannot flatten tuple struct '${u.decl.name}'`, fl.type.span, "only map-layout structs have keys to splice"));
      continue;
    }
    for (const k of flatKeys(u.file, u.decl, r, undefined, [...stack, u.decl])) keys.push({ key: k.key, span: fl.span, viaFlatten: true });
  }
  return keys;
}

function describe(t: TypeRef, declKind: string | undefined): string {
  if (declKind !== undefined) return declKind === "enum" || declKind === "extension" ? `an ${declKind}` : `a ${declKind}`;
  if (t.kind === "optional") return "optional (flatten a struct, not a pointer)";
  if (t.kind === "scalar" || t.kind === "builtin") return `'${t.name}'`;
  return `a ${t.kind === "fixedBytes" ? "bytes[N]" : t.kind === "gridArray" ? "grid Array" : t.kind}`;
}

function checkStructFields(f: GridFile, s: StructDecl, r: Resolver, out: Diagnostic[]): void {
  const keys = flatKeys(f, s, r, out, [s]);
  if (s.fields.some((x) => x.flatten)) {
    const seen = new Map<string, { span: Span; viaFlatten: boolean }>();
    for (const k of keys) {
      const prev = seen.get(k.key);
      if (prev === undefined) {
        seen.set(k.key, k);
        continue;
      }
      if (prev.viaFlatten || k.viaFlatten) {
        out.push(
          diag("E0202", `wire key "${k.key}" appears twice in '${s.name}' after flatten (first at line ${prev.span.start.line})`, k.span, "rename one key: msgp would write both and a decoder keeps only the last"),
        );
      }
    }
  }
  for (const fl of s.fields) {
    if (fl.allownil) {
      const u = r.underlying(f, fl.type);
      const t = u.type;
      const meaningful = t.kind === "list" || t.kind === "map" || (t.kind === "scalar" && t.name === "bytes");
      if (t.kind === "optional") {
        out.push(diag("W0208", `allownil has no effect on optional '${fl.name}'`, fl.span, "an optional already writes nil as c0; remove allownil"));
      } else if (!meaningful && !(t.kind === "named" && u.decl === undefined)) {
        out.push(
          diag("E0207", `allownil has no meaning on '${fl.name}' of type ${describe(t, u.decl?.kind)}`, fl.span, "allownil applies to list<T>, map<string, V> and bytes (nil written as c0); use T? for a nullable value"),
        );
      }
    }
    if (fl.int64 !== undefined && !has64(f, fl.type, r, 0)) {
      out.push(diag("E0211", `int64 option on '${fl.name}', which holds no 64-bit integer`, fl.span, "the option picks the TS mapping of int64/uint64/int/uint/duration; remove it"));
    }
  }
}

function has64(f: GridFile, t: TypeRef, r: Resolver, depth: number): boolean {
  if (depth > 32) return false;
  switch (t.kind) {
    case "scalar":
      return INT64_SCALARS.has(t.name);
    case "named": {
      const hit = r.lookup(f, t.name);
      if (hit === undefined) return true; // unresolved: do not pile on
      if (hit.decl.kind === "alias") return has64(hit.file, hit.decl.type, r, depth + 1);
      if (hit.decl.kind === "enum") return INT64_SCALARS.has(hit.decl.backing);
      return false;
    }
    case "list":
    case "array":
    case "gridArray":
      return has64(f, t.elem, r, depth + 1);
    case "optional":
      return has64(f, t.inner, r, depth + 1);
    case "map":
      return has64(f, t.value, r, depth + 1);
    default:
      return false;
  }
}

/** A struct that holds itself by value has no finite encoding (Go rejects it too). */
function checkValueCycles(files: readonly GridFile[], r: Resolver, out: Diagnostic[]): void {
  const state = new Map<StructDecl, 1 | 2>();
  const edges = (f: GridFile, t: TypeRef, acc: { decl: StructDecl; file: GridFile }[], depth: number): void => {
    if (depth > 32) return;
    if (t.kind === "array") return edges(f, t.elem, acc, depth + 1);
    if (t.kind !== "named") return;
    const hit = r.lookup(f, t.name);
    if (hit === undefined) return;
    if (hit.decl.kind === "struct") acc.push({ decl: hit.decl, file: hit.file });
    else if (hit.decl.kind === "alias") edges(hit.file, hit.decl.type, acc, depth + 1);
  };
  const dfs = (f: GridFile, s: StructDecl): void => {
    state.set(s, 1);
    for (const fl of s.fields) {
      const acc: { decl: StructDecl; file: GridFile }[] = [];
      edges(f, fl.type, acc, 0);
      for (const e of acc) {
        const st = state.get(e.decl);
        if (st === 1) {
          out.push(
            diag("E0108", `'${s.name}.${fl.name}' holds '${e.decl.name}' by value, which contains '${s.name}' again`, fl.type.span, `make it optional (${e.decl.name}?) or a list to break the cycle`),
          );
        } else if (st === undefined) dfs(e.file, e.decl);
      }
    }
    state.set(s, 2);
  };
  for (const f of files) for (const d of f.types) if (d.kind === "struct" && !state.has(d)) dfs(f, d);
}

/**
 * Handler IDs are per route: two services on one route must not share an ID.
 * Only services a file can see (itself and what it imports, transitively) are
 * compared: unrelated files loaded together (`grid-gen parse schemas/`), such as
 * two alternative layouts of one service, are separate deployments.
 */
function checkRoutes(files: readonly GridFile[], importsOf: (f: GridFile) => readonly GridFile[], out: Diagnostic[]): void {
  for (const f of files) {
    const seen = new Set<GridFile>();
    const stack = [...importsOf(f)];
    while (stack.length > 0) {
      const g = stack.pop();
      if (g === undefined || seen.has(g) || g === f) continue;
      seen.add(g);
      stack.push(...importsOf(g));
    }
    const byRoute = new Map<string, Map<number, { service: ServiceDecl; handler: string; file: string }>>();
    const register = (file: GridFile, s: ServiceDecl, report: boolean): void => {
      const route = s.route?.path ?? DEFAULT_ROUTE;
      let ids = byRoute.get(route);
      if (ids === undefined) byRoute.set(route, (ids = new Map()));
      for (const h of s.handlers) {
        const prev = ids.get(h.id);
        if (prev === undefined) ids.set(h.id, { service: s, handler: h.name, file: file.path });
        else if (report && prev.service !== s) {
          out.push(
            diag("E0602", `handler ID ${h.id} is already used on route "${route}" by ${prev.service.name}.${prev.handler} (${prev.file})`, h.idSpan, "services sharing a route share its handler IDs; pick an unused ID"),
          );
        }
      }
    };
    for (const g of files) if (seen.has(g)) for (const s of g.services) register(g, s, false);
    for (const s of f.services) register(f, s, true);
  }
}
