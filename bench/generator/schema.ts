// The generator benches' schema: 5,000 types and 1,000 handlers in 10 files
// of 500 types and 100 handlers (structs of mixed shapes, enums, aliases,
// single and stream handlers), as in-memory .grid sources.
import { resolve } from "node:path";

export const FILES = 10;
export const TYPES_PER_FILE = 500;
export const HANDLERS_PER_FILE = 100;

function gridFile(n: number): string {
  const out: string[] = [`package bench${n};`, ""];
  for (let i = 0; i < TYPES_PER_FILE; i++) {
    switch (i % 5) {
      case 0:
        out.push(`enum E${i} : uint8 { A = 0; B = 1; C = 2; }`);
        break;
      case 1:
        out.push(`type A${i} = map<string, list<int64>>;`);
        break;
      default:
        out.push(
          `struct S${i} {`,
          "  Id: uint64;",
          '  Name: string [key = "name", omitempty];',
          "  Tags: list<string>;",
          "  Data: bytes [allownil];",
          "  When: time;",
          `  Prev: S${i > 5 ? i - 5 : 2}?;`,
          "  Attrs: map<string, float64>;",
          "  Flag: bool;",
          "}",
        );
    }
  }
  out.push("", `service Svc${n} {`, `  route "/bench/${n}";`);
  for (let h = 1; h <= HANDLERS_PER_FILE; h++) {
    const t = `S${(h * 5 + 2) % TYPES_PER_FILE}`;
    out.push(h % 4 === 0 ? `  stream H${h} = ${h} (${t}, stream ${t}) returns (stream ${t}) [in_capacity = 4];` : `  rpc H${h} = ${h} (${t}) returns (${t});`);
  }
  out.push("}");
  return out.join("\n");
}

/**
 * Absolute path (under ./bench-in, never written) -> .grid text. `longNames`
 * renames types, services and handlers to 20-30 characters (MinIO-like names
 * such as ReplicationStatusInfo123), so more lines outgrow 120 columns.
 */
export function benchSources(longNames = false): Map<string, string> {
  const sources = new Map<string, string>();
  for (let i = 0; i < FILES; i++) {
    let text = gridFile(i);
    if (longNames) text = text.replace(/\bS(\d+)/g, "ReplicationStatusInfo$1").replace(/\bH(\d+)\b/g, "HandlerWithAQuiteLongName$1").replace(/\bSvc(\d+)/g, "ServiceWithALongName$1");
    sources.set(resolve(`bench-in/f${i}.grid`), text);
  }
  return sources;
}
