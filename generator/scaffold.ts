// Server skeletons: a new implementation file for a service, or stubs added to
// an existing one for handlers declared since. Existing code is located with
// ts-morph's AST and new stubs are inserted right after the object's opening
// brace, so not one existing line (not even a trailing comma) changes.
import { Node, Project, SyntaxKind, type ObjectLiteralExpression } from "ts-morph";
import type { HandlerDecl, ServiceDecl } from "../idl/ast.js";
import { commentSafe, lowerFirst } from "./decl-emit.js";

/** The outcome of scaffolding. */
export interface ScaffoldResult {
  readonly text: string;
  /** Method names added (all of them for a new file). */
  readonly added: string[];
}

/** Raised when the existing file has no object implementing the service. */
export class ScaffoldError extends Error {
  override readonly name = "ScaffoldError";
}

function stub(s: ServiceDecl, h: HandlerDecl, indent: string): string {
  const m = lowerFirst(h.name);
  const msg = JSON.stringify(`${s.name}.${h.name} is not implemented yet`);
  const lines =
    h.kind === "single"
      ? [`${indent}async ${m}(req, ctx) {`, `${indent}  throw new Error(${msg});`, `${indent}},`]
      : [`${indent}async *${m}(payload, requests, ctx) {`, `${indent}  throw new Error(${msg});`, `${indent}},`];
  const doc = h.doc?.text.split("\n")[0];
  return [...(doc ? [`${indent}/** ${commentSafe(doc)} */`] : []), ...lines].join("\n");
}

/** A new implementation file for `service`, importing the generated module `from`. */
export function newImplementation(s: ServiceDecl, gridPath: string, from: string): ScaffoldResult {
  const name = `${lowerFirst(s.name)}Server`;
  const text = [
    `// Server implementation of service ${s.name} (${gridPath}).`,
    "// Written by `grid-gen scaffold`; this file is yours. Running scaffold again only adds",
    "// stubs for handlers declared since, and never changes a line you wrote.",
    `import type * as api from ${JSON.stringify(from)};`,
    "",
    `/** Register with api.register${s.name}Service(manager, ${name}). */`,
    `export const ${name}: api.${s.name}Server = {`,
    ...s.handlers.map((h) => stub(s, h, "  ")),
    "};",
    "",
  ].join("\n");
  return { text, added: s.handlers.map((h) => lowerFirst(h.name)) };
}

/** Adds stubs for the handlers `existing` does not implement yet. */
export function updateImplementation(s: ServiceDecl, existing: string, path: string): ScaffoldResult {
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  const sf = project.createSourceFile(path.endsWith(".ts") ? path : `${path}.ts`, existing);
  const iface = `${s.name}Server`;
  let obj: ObjectLiteralExpression | undefined;
  for (const d of sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const t = d.getTypeNode()?.getText() ?? "";
    const init = d.getInitializer();
    if ((t === iface || t.endsWith(`.${iface}`)) && init !== undefined && Node.isObjectLiteralExpression(init)) {
      obj = init;
      break;
    }
  }
  if (obj === undefined) {
    throw new ScaffoldError(`${path}: no \`const x: ${iface} = { ... }\` found; scaffold only adds stubs to an object typed ${iface}`);
  }
  const have = new Set(
    obj.getProperties().flatMap((p) => (Node.isMethodDeclaration(p) || Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) ? [p.getName()] : [])),
  );
  const missing = s.handlers.filter((h) => !have.has(lowerFirst(h.name)));
  if (missing.length === 0) return { text: existing, added: [] };
  const first = obj.getProperties()[0];
  let indent = "  ";
  if (first !== undefined) {
    const lineStart = existing.lastIndexOf("\n", first.getStart() - 1) + 1;
    indent = /^[ \t]*/.exec(existing.slice(lineStart))![0] || "  ";
  }
  const at = obj.getStart() + 1; // just after `{`
  const insert = `\n${missing.map((h) => stub(s, h, indent)).join("\n")}`;
  return { text: existing.slice(0, at) + insert + existing.slice(at), added: missing.map((h) => lowerFirst(h.name)) };
}
