// The AST of every construct: what the generator and compat checker rely on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatGrid, loadProgram, parseSource, typeText, type GridFile, type StructDecl, type TypeRef } from "../../idl/index.js";

function parseOk(text: string): GridFile {
  const { file, diagnostics } = parseSource(text, "t.grid");
  assert.deepEqual(diagnostics, []);
  return file;
}

function struct(file: GridFile, name: string): StructDecl {
  const d = file.types.find((t) => t.name === name);
  assert.ok(d !== undefined && d.kind === "struct", `struct ${name}`);
  return d;
}

function fieldType(text: string): TypeRef {
  const f = struct(parseOk(`package p;\nstruct S { X: ${text}; }\n`), "S").fields[0];
  assert.ok(f !== undefined);
  return f.type;
}

test("package, imports with alias, file options", () => {
  const f = parseOk('package golden;\nimport "common.grid";\nimport "x/y.grid" as y;\noption newtime = true;\noption compactfloats = false;\noption int64 = "string";\n');
  assert.equal(f.package, "golden");
  assert.deepEqual(f.packageSpan?.start, { line: 1, col: 9, offset: 8 });
  assert.deepEqual(
    f.imports.map((i) => [i.path, i.alias]),
    [
      ["common.grid", undefined],
      ["x/y.grid", "y"],
    ],
  );
  assert.deepEqual(
    f.options.map((o) => [o.name, o.value]),
    [
      ["newtime", true],
      ["compactfloats", false],
      ["int64", "string"],
    ],
  );
});

test("every scalar parses to a scalar TypeRef", () => {
  for (const s of ["bool", "int8", "int16", "int32", "int64", "int", "uint8", "uint16", "uint32", "uint64", "uint", "byte", "rune", "float32", "float64", "complex64", "complex128", "string", "bytes", "time", "duration", "jsonnumber", "any", "raw"]) {
    assert.deepEqual({ ...fieldType(s), span: undefined }, { kind: "scalar", name: s, span: undefined });
  }
});

test("composite types keep their structure", () => {
  assert.equal(typeText(fieldType("bytes[16]")), "bytes[16]");
  const fb = fieldType("bytes[16]");
  assert.equal(fb.kind === "fixedBytes" && fb.size, 16);
  const m = fieldType("map<string, list<Point?>>");
  assert.equal(m.kind, "map");
  assert.equal(typeText(m), "map<string, list<Point?>>");
  const a = fieldType("array<uint8, 4>");
  assert.ok(a.kind === "array" && a.size === 4 && a.elem.kind === "scalar");
  assert.equal(fieldType("json<Point>").kind, "json");
  assert.equal(fieldType("Array<Point>").kind, "gridArray");
  for (const b of ["MSS", "Bytes", "URLValues", "NoPayload"]) assert.deepEqual([fieldType(b).kind, typeText(fieldType(b))], ["builtin", b]);
  const q = fieldType("common.Point");
  assert.ok(q.kind === "named" && q.name === "common.Point");
  const o = fieldType("list<int>?");
  assert.ok(o.kind === "optional" && o.inner.kind === "list");
  const oo = fieldType("int??");
  assert.ok(oo.kind === "optional" && oo.inner.kind === "optional");
});

test("spans are 1-based line/col with 0-based offsets, end exclusive", () => {
  const text = "package p;\n\nstruct S {\n  Name: list<string>;\n}\n";
  const f = parseOk(text);
  const s = struct(f, "S");
  const field = s.fields[0];
  assert.ok(field !== undefined);
  assert.deepEqual(field.nameSpan.start, { line: 4, col: 3, offset: text.indexOf("Name") });
  assert.deepEqual(field.nameSpan.end, { line: 4, col: 7, offset: text.indexOf("Name") + 4 });
  assert.equal(text.slice(field.type.span.start.offset, field.type.span.end.offset), "list<string>");
  assert.equal(text.slice(field.span.start.offset, field.span.end.offset), "Name: list<string>;");
  assert.equal(text.slice(s.span.start.offset, s.span.end.offset), "struct S {\n  Name: list<string>;\n}");
  assert.equal(s.span.file, "t.grid");
});

test("field options: key, omitempty, omitzero, allownil, flatten, int64", () => {
  const f = parseOk('package p;\nstruct I { A: int; }\nstruct S {\n  Renamed: string [key = "renamed_field"];\n  Sl: list<int> [key = "s", allownil, omitempty];\n  T: time [omitzero];\n  Big: int64 [int64 = "number"];\n  In: I [flatten];\n  Plain: int;\n}\n');
  const [renamed, sl, t, big, inner, plain] = struct(f, "S").fields;
  assert.equal(renamed?.key, "renamed_field");
  assert.ok(renamed?.keySpan !== undefined);
  assert.deepEqual([sl?.key, sl?.allownil, sl?.omitempty, sl?.omitzero], ["s", true, true, false]);
  assert.equal(t?.omitzero, true);
  assert.equal(big?.int64, "number");
  assert.equal(inner?.flatten, true);
  assert.deepEqual([plain?.key, plain?.keySpan, plain?.omitempty, plain?.allownil, plain?.flatten, plain?.int64], ["Plain", undefined, false, false, false, undefined]);
});

test("tuple structs, reserved names, field order is source order", () => {
  const f = parseOk('package p;\nstruct M [tuple] {\n  MuxID: uint64;\n  reserved "Old";\n  Seq: uint32;\n}\n');
  const m = struct(f, "M");
  assert.equal(m.tuple, true);
  assert.deepEqual(m.fields.map((x) => x.name), ["MuxID", "Seq"]);
  assert.deepEqual(m.reserved[0]?.names.map((n) => n.name), ["Old"]);
});

test("keywords are contextual: fields may be named like keywords", () => {
  const f = parseOk("package p;\nstruct S {\n  type: int;\n  stream: string;\n  reserved: bool;\n  service: int;\n  map: int;\n}\n");
  assert.deepEqual(struct(f, "S").fields.map((x) => x.name), ["type", "stream", "reserved", "service", "map"]);
});

test("enums: backing type, values incl. negative and hex, docs, reserved", () => {
  const f = parseOk("package p;\nenum C : int16 {\n  /// low\n  Low = -300;\n  Hex = 0x7f;\n  reserved 5 to 9, 11;\n  reserved \"Gone\";\n}\n");
  const e = f.types[0];
  assert.ok(e?.kind === "enum");
  assert.equal(e.backing, "int16");
  assert.deepEqual(e.values.map((v) => [v.name, v.value]), [
    ["Low", -300n],
    ["Hex", 127n],
  ]);
  assert.equal(e.values[0]?.doc?.text, "low");
  assert.deepEqual(e.reserved[0]?.ids.map((r) => [r.from, r.to]), [
    [5, 9],
    [11, 11],
  ]);
  assert.deepEqual(e.reserved[1]?.names.map((r) => r.name), ["Gone"]);
});

test("aliases and extensions", () => {
  const f = parseOk("package p;\ntype IntMap = map<string, int64>;\nextension Ext42 = 42;\nextension Neg = -100;\n");
  const [alias, ext, neg] = f.types;
  assert.ok(alias?.kind === "alias" && typeText(alias.type) === "map<string, int64>");
  assert.ok(ext?.kind === "extension" && ext.extType === 42);
  assert.ok(neg?.kind === "extension" && neg.extType === -100);
});

test("services: route, reserved IDs, rpc and every stream form with options", () => {
  const f = parseOk(
    'package p;\nstruct A {}\nstruct E {}\nservice Lock {\n  route "/minio/grid/lock/v1";\n  reserved 7 to 9;\n  reserved "Old";\n  /// Take a write lock.\n  rpc Lock = 1 (A) returns (A) [timeout = 30s];\n  stream Listen = 10 (A) returns (stream E) [out_capacity = 100, stateless];\n  stream Copy = 11 (A, stream E) returns (stream A) [in_capacity = 32, subroutes = ["disk", "cache"]];\n  stream Sub = 12 () returns (stream E);\n  stream In = 13 (stream E) returns (stream E) [timeout = 2m];\n}\n',
  );
  const s = f.services[0];
  assert.ok(s !== undefined);
  assert.equal(s.route?.path, "/minio/grid/lock/v1");
  assert.deepEqual(s.reserved[0]?.ids.map((r) => [r.from, r.to]), [[7, 9]]);
  const [lock, listen, copy, sub, inOnly] = s.handlers;
  assert.deepEqual([lock?.name, lock?.id, lock?.kind, lock?.timeoutMs, lock?.doc?.text], ["Lock", 1, "single", 30000, "Take a write lock."]);
  assert.ok(lock?.payload?.kind === "named" && lock.payload.name === "A");
  assert.deepEqual([listen?.kind, listen?.outCapacity, listen?.stateless, listen?.input], ["stream", 100, true, undefined]);
  assert.ok(copy?.input?.kind === "named" && copy.input.name === "E");
  assert.deepEqual([copy?.inCapacity, copy?.subroutes.map((x) => x.path)], [32, ["disk", "cache"]]);
  assert.deepEqual([sub?.payload, sub?.input], [undefined, undefined]);
  assert.ok(sub?.output.kind === "named" && sub.output.name === "E");
  assert.deepEqual([inOnly?.payload, inOnly?.input?.kind, inOnly?.timeoutMs], [undefined, "named", 120000]);
  assert.equal(f.types.length, 2);
});

test("doc comments attach to the next declaration; file doc precedes package", () => {
  const f = parseOk("/// File doc.\n/// Second line.\npackage p;\n\n/** Block doc\n * more */\nstruct S {\n  /// field doc\n  X: int; // not a doc\n}\n\n// plain comment\nstruct T {}\n");
  assert.equal(f.doc?.text, "File doc.\nSecond line.");
  assert.equal(struct(f, "S").doc?.text, "Block doc\nmore");
  assert.equal(struct(f, "S").fields[0]?.doc?.text, "field doc");
  assert.equal(struct(f, "T").doc, undefined);
  assert.deepEqual(f.comments.map((c) => c.kind), ["doc", "doc", "doc", "doc", "line", "line"]);
});

test("loadProgram resolves imports relative to the importer, orders imports first, and lookup works", () => {
  const files: Record<string, string> = {
    "/v/main.grid": 'package main;\nimport "lib/common.grid";\nimport "lib/other.grid" as o;\nstruct A {\n  P: Point;\n  Q: common.Point;\n  R: o.Thing;\n}\n',
    "/v/lib/common.grid": 'package common;\nimport "other.grid";\nstruct Point { X: int; }\n',
    "/v/lib/other.grid": "package other;\nstruct Thing { Y: int; }\n",
  };
  const p = loadProgram(["/v/main.grid"], {
    readFile: (path) => {
      const t = files[path];
      if (t === undefined) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return t;
    },
  });
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual(p.files.map((f) => f.package), ["other", "common", "main"]);
  const main = p.files[2];
  assert.ok(main !== undefined);
  assert.equal(main.imports[0]?.resolvedPath, "/v/lib/common.grid");
  assert.equal(p.lookup(main, "Point")?.file.package, "common");
  assert.equal(p.lookup(main, "common.Point")?.decl.name, "Point");
  assert.equal(p.lookup(main, "o.Thing")?.decl.name, "Thing");
  assert.equal(p.lookup(main, "A")?.file, main);
  assert.equal(p.lookup(main, "Thing")?.file.package, "other", "bare names also come from aliased imports");
  const common = p.files[1];
  assert.ok(common !== undefined);
  assert.equal(p.lookup(common, "A"), undefined, "importers are not visible to the imported file");
  assert.equal(p.lookup(main, "Nope"), undefined);
});

test("the repo's schemas and examples all check clean", () => {
  const p = loadProgram([
    "schemas/examples/everything.grid",
    "schemas/bench/echo.grid",
    "schemas/dsync/lock.grid",
    "schemas/dsync/lock-current.grid",
    "schemas/golden/golden.grid",
    "schemas/golden/modern.grid",
  ]);
  assert.deepEqual(p.diagnostics, []);
  const lock = p.files.find((f) => f.path === "schemas/dsync/lock.grid");
  assert.deepEqual(lock?.services[0]?.handlers.map((h) => h.id), [1, 2, 3, 4, 5, 6]);
  assert.equal(lock?.services[0]?.route?.path, "/minio/grid/lock/v1");
});

test("nesting up to the limit parses, formats and checks; deeper input is one diagnostic, not a stack overflow", () => {
  const nested = (n: number): string => `package p;\n\nstruct A {\n  X: ${"list<".repeat(n)}int${">".repeat(n)};\n}\n`;
  const ok = nested(64);
  assert.deepEqual(parseSource(ok, "ok.grid").diagnostics, []);
  assert.equal(formatGrid(ok, "ok.grid").text, ok);
  assert.deepEqual(loadProgram(["/ok.grid"], { readFile: () => ok }).diagnostics, []);
  for (const n of [65, 50_000]) {
    const r = parseSource(nested(n), "deep.grid");
    assert.deepEqual(r.diagnostics.map((d) => d.code), ["E0024"]);
    assert.equal(formatGrid(nested(n), "deep.grid").text, undefined);
  }
  // The shared parser is still healthy afterwards.
  assert.deepEqual(parseSource(ok, "ok.grid").diagnostics, []);
});

test("the Contract 2 sketch from the team brief parses and checks clean, unchanged", () => {
  const sketch = `/// File doc comment.
package golden;

import "common.grid";              // imported type names usable as \`common.Name\` or bare Name

option newtime = true;             // file-wide msgp //msgp:newtime
option compactfloats = true;       // file-wide msgp //msgp:compactfloats
option int64 = "bigint";           // default TS mapping of 64-bit ints: bigint | number | string

/// Doc comments are carried into generated code.
struct Scalars {
  B: bool;
  I: int;                          // Go int (64-bit signed algorithm)
  U64: uint64;
  F32: float32;
  S: string;
  Raw: bytes;                      // Go []byte  -> bin
  Id: bytes[16];                   // Go [16]byte -> bin of exactly 16
  U: list<uint8>;                  // Go []uint8 -> ARRAY of ints (only \`bytes\` is bin)
  FU: array<uint8, 4>;             // Go [4]uint8
  T: time;  D: duration;  C: complex128;  N: jsonnumber;  V: any;  R: raw;
  M: map<string, list<string>>;
  P: Point?;                       // Go *Point; null <-> nil
  Renamed: string [key = "renamed_field"];
  Sl: list<int> [key = "s", allownil, omitempty];
  Big: int64 [int64 = "number"];   // per-field TS mapping override
  Inner: Inner [flatten];          // msgp flatten
  J: json<Point>;                  // MinIO grid.JSON[T]
  Ms: MSS;  Bs: Bytes;  Uv: URLValues;   // MinIO grid builtins (also NoPayload, Array<T>)
  reserved "old_key";
}

struct GridMessage [tuple] { MuxID: uint64; Seq: uint32; Payload: bytes; }

enum ResponseCode : uint8 { OK = 0; LockConflict = 1; }
type TInt64 = int64;               // named type, encoded like its definition
type IntMap = map<string, int64>;
extension Ext42 = 42;              // msgp extension; value = its data bytes

service Lock {
  route "/minio/grid/lock/v1";
  reserved 7 to 9;
  /// Take a write lock.
  rpc Lock = 1 (LockArgs) returns (LockResp) [timeout = 30s];
  stream Listen = 10 (ListenArgs) returns (stream Event) [out_capacity = 100, stateless];
  stream Copy = 11 (CopyArgs, stream Chunk) returns (stream Ack) [in_capacity = 32, subroutes = ["disk", "cache"]];
  stream Sub = 12 () returns (stream Event);
}
`;
  const common = "package common;\nstruct Point { X: int; Y: int; }\nstruct Inner { A: int; }\nstruct LockArgs { UID: string; }\nstruct LockResp { Code: uint8; }\nstruct ListenArgs { P: string; }\nstruct Event { E: string; }\nstruct CopyArgs { C: string; }\nstruct Chunk { D: bytes; }\nstruct Ack { N: int; }\n";
  const files: Record<string, string> = { "/c/golden.grid": sketch, "/c/common.grid": common };
  const p = loadProgram(["/c/golden.grid"], { readFile: (path) => files[path] ?? "" });
  assert.deepEqual(p.diagnostics, []);
  const golden = p.files.find((f) => f.package === "golden");
  assert.ok(golden !== undefined);
  assert.deepEqual(
    golden.services[0]?.handlers.map((h) => [h.name, h.id, h.kind]),
    [
      ["Lock", 1, "single"],
      ["Listen", 10, "stream"],
      ["Copy", 11, "stream"],
      ["Sub", 12, "stream"],
    ],
  );
  assert.equal(struct(golden, "Scalars").fields.length, 25);
  assert.equal(golden.doc?.text, "File doc comment.");
});

test("services in unrelated files may reuse a route's IDs (separate deployments); imported ones may not", () => {
  const files: Record<string, string> = {
    "/u/a.grid": 'package a;\nservice A {\n  route "/r";\n  rpc X = 1 (NoPayload) returns (NoPayload);\n}\n',
    "/u/b.grid": 'package b;\nservice B {\n  route "/r";\n  rpc Y = 1 (NoPayload) returns (NoPayload);\n}\n',
    "/u/c.grid": 'package c;\nimport "a.grid";\nservice C {\n  route "/r";\n  rpc Z = 1 (NoPayload) returns (NoPayload);\n}\n',
  };
  const read = (p: string): string => files[p] ?? "";
  assert.deepEqual(loadProgram(["/u/a.grid", "/u/b.grid"], { readFile: read }).diagnostics, []);
  const clash = loadProgram(["/u/c.grid"], { readFile: read }).diagnostics;
  assert.deepEqual(clash.map((d) => [d.code, d.span.file, d.span.start.line]), [["E0602", "/u/c.grid", 5]]);
});

test("a trailing /// after code is not the doc of the next field", () => {
  const f = parseOk("package p;\nstruct S {\n  X: int; /// about X\n  Y: int;\n  /// about Z\n  Z: int;\n}\n");
  const [x, y, z] = struct(f, "S").fields;
  assert.deepEqual([x?.doc, y?.doc, z?.doc?.text], [undefined, undefined, "about Z"]);
});

test("doc comments sharing a line: adjacent blocks at line start document; after code they do not", () => {
  const f = parseOk("package p;\n/** A *//** B */\nstruct S {\n  X: int; /** t1 */ /** t2 */\n  /// c\n  Y: int;\n}\n");
  assert.equal(struct(f, "S").doc?.text, "A\nB");
  assert.equal(struct(f, "S").fields[1]?.doc?.text, "c");
});
