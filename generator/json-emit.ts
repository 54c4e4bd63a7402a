// MinIO's grid.JSON[T]: the value travels as Go encoding/json text inside a
// bin (msgp.md §8.4). The generated module only describes each json<T> type
// as a shape (runtime/go-json.ts: gjStruct, gjList, gjInt, ...); encoding and
// decoding are type-directed in the runtime, so 64-bit ints stay exact and
// the Go encoding/json code exists once.
import type { TypeRef } from "../idl/ast.js";
import { GenerateError, type FileContext } from "./context.js";
import { isInt64, type Use } from "./type-emit.js";

const INT_BITS: Readonly<Record<string, [8 | 16 | 32 | 64, boolean]>> = {
  int8: [8, false],
  int16: [16, false],
  int32: [32, false],
  rune: [32, false],
  int: [64, false],
  int64: [64, false],
  duration: [64, false],
  uint8: [8, true],
  byte: [8, true],
  uint16: [16, true],
  uint32: [32, true],
  uint: [64, true],
  uint64: [64, true],
};

function intShape(name: string, mode: Use["int64"], where: string): string {
  const b = INT_BITS[name];
  if (b === undefined) throw new GenerateError(`not an integer type: ${name}`, where);
  return isInt64(name) ? `gjInt(${b[0]}, ${b[1]}, ${JSON.stringify(mode)})` : `gjInt(${b[0]}, ${b[1]})`;
}

/** The struct shapes (`GoJson_X` constants) a module needs, filled while its codecs are emitted. */
export class JsonShapes {
  private readonly byName = new Map<string, string[]>();
  private readonly order: string[] = [];

  /** The chunks declaring every shape used, in first-use order. */
  chunks(): string[][] {
    return this.order.map((n) => this.byName.get(n)!);
  }

  /** The constant describing a struct (declared once per module, on first use). */
  structRef(t: Extract<TypeRef, { kind: "named" }>, u: Use): string {
    const r = u.ctx.lookup(t.name, u.where);
    const q = u.ctx.qualifier(r);
    const name = `GoJson_${q.replace(/\./g, "_")}${r.decl.name}`;
    if (this.byName.has(name) || r.decl.kind !== "struct") return name;
    this.byName.set(name, []);
    this.order.push(name);
    const d = r.decl;
    // msgp's flatten is Go's embedded struct, whose fields encoding/json
    // promotes to the outer object (outer names winning, same-depth clashes
    // dropped); the runtime's struct shape maps each field to one key, so it
    // would nest them and a Go peer would silently lose the values.
    const flat = d.fields.find((f) => f.flatten);
    if (flat !== undefined) {
      const inner = flat.type.kind === "named" ? flat.type.name : "its type";
      throw new GenerateError(
        `json<T> cannot hold ${q}${d.name}: its field ${flat.name} is flattened (an embedded struct in Go), whose fields Go encoding/json promotes to the top level, which the generated JSON shape does not do. Declare the fields of ${inner} in ${d.name} instead of flattening ${flat.name}, or send ${d.name} as msgp (without json<>)`,
        `${u.where} (${d.name}.${flat.name})`,
      );
    }
    const fctx = u.ctx.forFile(r.file);
    const lines = [`/** ${q}${d.name} as Go encoding/json sees it (Go field names, declaration order). */`];
    const head = `const ${name}: GoJsonShape = gjStruct(${JSON.stringify(d.name)}, ${q}create${d.name}, {`;
    if (d.fields.length === 0) lines.push(`${head}});`);
    else {
      lines.push(head);
      for (const f of d.fields) {
        const fu: Use = { ctx: fctx, int64: f.int64 ?? fctx.int64, expand: true, where: `${d.name}.${f.name}` };
        lines.push(`  ${f.name}: ${this.shape(f.type, fu, true)},`);
      }
      lines.push("});");
    }
    this.byName.set(name, lines);
    return name;
  }

  /**
   * The shape expression of a type. Inside a struct shape, references to
   * other structs are lazy (the constants may be declared in any order).
   */
  shape(t: TypeRef, u: Use, inStruct = false, depth = 0): string {
    if (depth > 32) throw new GenerateError("json<T> type nesting too deep", u.where);
    const inner = (x: TypeRef): string => this.shape(x, u, inStruct, depth + 1);
    switch (t.kind) {
      case "scalar":
        switch (t.name) {
          case "bool":
            return "gjBool";
          case "string":
            return "gjString";
          case "jsonnumber":
            return "gjNumber";
          case "bytes":
          case "raw":
            return "gjBytes";
          case "any":
            return "gjAny";
          case "time":
            return "gjTime";
          case "float32":
            return "gjFloat32";
          case "float64":
            return "gjFloat64";
          case "complex64":
          case "complex128":
            throw new GenerateError("Go encoding/json cannot encode complex numbers", u.where);
          default:
            return intShape(t.name, u.int64, u.where);
        }
      case "fixedBytes":
        return `gjFixedBytes(${t.size})`;
      case "list":
      case "array":
        return `gjList(${inner(t.elem)})`;
      case "gridArray":
        return `gjNullable(gjList(${inner(t.elem)}))`;
      case "map":
        return `gjMap(${inner(t.value)})`;
      case "optional":
      case "json":
        return `gjNullable(${inner(t.inner)})`;
      case "builtin":
        switch (t.name) {
          case "MSS":
            return "gjNullable(gjMap(gjString))";
          case "Bytes":
            return "gjNullable(gjBytes)";
          case "URLValues":
            return "gjMap(gjList(gjString))";
          case "NoPayload":
            return "gjEmpty";
        }
        break;
      case "named": {
        const r = u.ctx.lookup(t.name, u.where);
        const d = r.decl;
        const rctx: FileContext = u.ctx.forFile(r.file);
        if (d.kind === "enum") return intShape(d.backing, rctx.int64, u.where);
        if (d.kind === "extension") throw new GenerateError("Go encoding/json of a msgp extension is not supported", u.where);
        if (d.kind === "alias") return this.shape(d.type, { ...u, ctx: rctx, int64: u.expand ? u.int64 : rctx.int64 }, inStruct, depth + 1);
        const ref = this.structRef(t, u);
        return inStruct ? `gjLazy(() => ${ref})` : ref;
      }
    }
    throw new GenerateError("unsupported type in json<T>", u.where);
  }
}
