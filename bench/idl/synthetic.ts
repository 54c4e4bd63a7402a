// Builds a synthetic .grid program of a given size (types spread over files
// that import each other, handlers spread over services of at most 250 IDs),
// so front-end speed can be measured on something larger than real schemas.

/** Files of the generated program, keyed by absolute virtual path; `entry` is the root. */
export interface SyntheticProgram {
  files: Map<string, string>;
  entry: string;
  handlers: number;
  types: number;
}

/** Generate `types` type declarations in `fileCount` files and `handlers` handlers in the entry. */
export function syntheticProgram(types: number, handlers: number, fileCount = 5): SyntheticProgram {
  const files = new Map<string, string>();
  const perFile = Math.ceil(types / fileCount);
  const names: string[] = [];
  for (let f = 0; f < fileCount; f++) {
    const lines = [`/// Synthetic part ${f}.`, `package part${f};`, ""];
    if (f > 0) lines.push(`import "part${f - 1}.grid";`, "");
    for (let i = f * perFile; i < Math.min(types, (f + 1) * perFile); i++) {
      const name = `T${i}`;
      switch (i % 5) {
        case 0:
        case 1:
        case 2: {
          const prev = names.length > 0 ? names[names.length - 1 - (i % Math.min(3, names.length))] : undefined;
          lines.push(`/// Struct number ${i}.`, `struct ${name} {`, "  Id: uint64;", '  Name: string [key = "n", omitempty];', "  Tags: list<string>;", "  Attrs: map<string, int64>;", "  When: time;");
          if (prev !== undefined) lines.push(`  Ref: ${prev}?;`);
          lines.push("}", "");
          break;
        }
        case 3:
          lines.push(`enum ${name} : uint8 {`, "  A = 0;", "  B = 1;", "  C = 2;", "}", "");
          break;
        default:
          lines.push(`type ${name} = list<${names.length > 0 ? names[names.length - 1] : "string"}>; // alias`, "");
      }
      names.push(name);
    }
    files.set(`/bench/part${f}.grid`, lines.join("\n"));
  }
  const structs = names.filter((_, i) => i % 5 < 3);
  const main = ["package main;", "", `import "part${fileCount - 1}.grid";`, ""];
  for (let s = 0; s * 250 < handlers; s++) {
    main.push(`service S${s} {`, `  route "/bench/v${s}";`);
    for (let h = s * 250; h < Math.min(handlers, (s + 1) * 250); h++) {
      const id = (h % 250) + 1;
      const t = structs[h % structs.length] ?? "Bytes";
      main.push(h % 3 === 0 ? `  stream H${h} = ${id} (${t}, stream ${t}) returns (stream ${t}) [in_capacity = 4, out_capacity = 8];` : `  rpc H${h} = ${id} (${t}) returns (${t}) [timeout = 30s];`);
    }
    main.push("}", "");
  }
  // The entry sees every part directly so bare names resolve.
  const imports = Array.from({ length: fileCount - 1 }, (_, f) => `import "part${f}.grid";`);
  main.splice(3, 0, ...imports);
  files.set("/bench/main.grid", main.join("\n"));
  return { files, entry: "/bench/main.grid", handlers, types };
}
