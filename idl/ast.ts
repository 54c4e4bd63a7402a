// The typed AST of a .grid file: the one contract between the parser, the
// checker, the formatter, the generator and the compat checker.
// Additive changes only once other layers depend on a field.

/** A source position; line and column are 1-based, offset is 0-based (UTF-16 units). */
export interface Pos {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

/** Where a node came from, so every diagnostic and generated doc can point at it. */
export interface Span {
  readonly file: string;
  readonly start: Pos;
  readonly end: Pos;
}

/** Scalar type names of the language; each maps to one msgp encoding (see msgp.md §2). */
export const SCALAR_NAMES = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "int", // Go int: 64-bit, signed algorithm
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uint", // Go uint: 64-bit, unsigned algorithm
  "byte", // a single Go byte (uint8 on the wire); only `bytes` selects bin
  "rune", // Go rune (int32)
  "float32",
  "float64",
  "complex64",
  "complex128",
  "string",
  "bytes", // Go []byte: bin
  "time", // Go time.Time: ext type 5 (or type -1 under `option newtime`)
  "duration", // Go time.Duration: int64 nanoseconds
  "jsonnumber", // Go json.Number: int64 / float32 / float64 by its text
  "any", // Go interface{}: self-describing value
  "raw", // msgp.Raw: one pre-encoded MessagePack object
] as const;

/** One of the scalar type names. */
export type ScalarName = (typeof SCALAR_NAMES)[number];

/** MinIO grid's hand-written payload types (grid/types.go), usable anywhere a type is. */
export const BUILTIN_NAMES = ["MSS", "Bytes", "URLValues", "NoPayload"] as const;

/** One of the builtin grid payload type names. */
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

/** How a 64-bit integer is represented in TypeScript; enforced by the codec. */
export type Int64Mode = "bigint" | "number" | "string";

/** A reference to a type, as written at a use site. */
export type TypeRef =
  | { readonly kind: "scalar"; readonly name: ScalarName; readonly span: Span }
  /** `bytes[N]`: Go [N]byte, bin of exactly N bytes. */
  | { readonly kind: "fixedBytes"; readonly size: number; readonly span: Span }
  /** `list<T>`: Go []T (T != byte). */
  | { readonly kind: "list"; readonly elem: TypeRef; readonly span: Span }
  /** `array<T, N>`: Go [N]T (T != byte), always N elements. */
  | { readonly kind: "array"; readonly elem: TypeRef; readonly size: number; readonly span: Span }
  /** `map<K, V>`: Go map[K]V; msgp can only encode K = string by default. */
  | { readonly kind: "map"; readonly key: TypeRef; readonly value: TypeRef; readonly span: Span }
  /** `T?`: Go *T, nil <-> null. */
  | { readonly kind: "optional"; readonly inner: TypeRef; readonly span: Span }
  /** `json<T>`: MinIO grid.JSON[T], the value as JSON text in a bin. */
  | { readonly kind: "json"; readonly inner: TypeRef; readonly span: Span }
  /** `Array<T>`: MinIO grid.Array[T], nil-able array of T's own encoding. */
  | { readonly kind: "gridArray"; readonly elem: TypeRef; readonly span: Span }
  | { readonly kind: "builtin"; readonly name: BuiltinName; readonly span: Span }
  /** A named type: struct, enum, alias or extension, possibly `pkg.Name` from an import. */
  | { readonly kind: "named"; readonly name: string; readonly span: Span };

/** A doc comment (`///` lines or `/** *\/`), text without the comment markers. */
export interface Doc {
  readonly text: string;
  readonly span: Span;
}

/** `reserved 7, 9 to 12;` in a service, or `reserved "old", "gone";` in a struct. */
export interface Reserved {
  readonly ids: readonly { readonly from: number; readonly to: number; readonly span: Span }[];
  readonly names: readonly { readonly name: string; readonly span: Span }[];
  readonly span: Span;
}

/** A struct field; its position in `fields` is its wire order. */
export interface Field {
  readonly name: string; // TS property name, and the wire key unless `key` is set
  readonly nameSpan: Span;
  readonly type: TypeRef;
  /** The msgp map key; defaults to `name` (as Go writes the field name). */
  readonly key: string;
  readonly keySpan?: Span; // present when `key = "..."` was written
  readonly omitempty: boolean;
  readonly omitzero: boolean;
  readonly allownil: boolean;
  /** Go `msg:",flatten"`: splice the fields of the (struct) type here. */
  readonly flatten: boolean;
  /** Per-field override of the 64-bit integer mapping. */
  readonly int64?: Int64Mode;
  /** Go `msg:",extension"` on a named extension type is implied by the type; nothing here. */
  readonly doc?: Doc;
  readonly span: Span;
}

/** `struct Name [tuple] { ... }`. */
export interface StructDecl {
  readonly kind: "struct";
  readonly name: string;
  readonly nameSpan: Span;
  readonly tuple: boolean;
  readonly fields: readonly Field[];
  readonly reserved: readonly Reserved[];
  readonly doc?: Doc;
  readonly span: Span;
}

/** One `Name = value;` of an enum. */
export interface EnumValue {
  readonly name: string;
  readonly value: bigint;
  /** Added by idl (optional, filled by the parser): where the name and the number are written. */
  readonly nameSpan?: Span;
  readonly valueSpan?: Span;
  /** Added by idl (optional): the literal as written when it is hex (`0x7f`), so fmt keeps it. */
  readonly valueText?: string;
  readonly doc?: Doc;
  readonly span: Span;
}

/** `enum Name : uint8 { ... }` with an explicit backing integer type and values. */
export interface EnumDecl {
  readonly kind: "enum";
  readonly name: string;
  readonly nameSpan: Span;
  readonly backing: ScalarName; // an integer scalar
  readonly values: readonly EnumValue[];
  readonly reserved: readonly Reserved[];
  readonly doc?: Doc;
  readonly span: Span;
}

/** `type Name = T;`: a named type encoded exactly like T (Go `type Name T`). */
export interface AliasDecl {
  readonly kind: "alias";
  readonly name: string;
  readonly nameSpan: Span;
  readonly type: TypeRef;
  readonly doc?: Doc;
  readonly span: Span;
}

/** `extension Name = 42;`: a msgp extension type whose value is its raw data bytes. */
export interface ExtensionDecl {
  readonly kind: "extension";
  readonly name: string;
  readonly nameSpan: Span;
  readonly extType: number; // -128..127
  readonly doc?: Doc;
  readonly span: Span;
}

/** Any declaration that introduces a type name. */
export type TypeDecl = StructDecl | EnumDecl | AliasDecl | ExtensionDecl;

/** Single request (`rpc`) or two-way stream (`stream`). */
export type HandlerKind = "single" | "stream";

/** One grid handler: its ID is on the wire, its name is not. */
export interface HandlerDecl {
  readonly name: string;
  readonly nameSpan: Span;
  readonly id: number; // 1..255
  readonly idSpan: Span;
  readonly kind: HandlerKind;
  /** single: the request type; stream: the initial payload (absent = none). */
  readonly payload?: TypeRef;
  /** stream only: the type of messages the caller sends after opening (absent = no input). */
  readonly input?: TypeRef;
  /** single: the response type; stream: the type of each response message. */
  readonly output: TypeRef;
  readonly inCapacity?: number; // stream input queue length (MinIO default 1 when input exists)
  readonly outCapacity?: number; // stream output queue length (MinIO default 1)
  readonly subroutes: readonly { readonly path: string; readonly span: Span }[];
  readonly stateless: boolean;
  readonly timeoutMs?: number; // default deadline for callers
  readonly doc?: Doc;
  readonly span: Span;
}

/** `service Name { route "..."; handlers... }`: handlers served on one grid route. */
export interface ServiceDecl {
  readonly kind: "service";
  readonly name: string;
  readonly nameSpan: Span;
  /** `stmtSpan` (added by idl, optional): the whole `route "...";` statement. */
  readonly route?: { readonly path: string; readonly span: Span; readonly stmtSpan?: Span };
  readonly handlers: readonly HandlerDecl[];
  readonly reserved: readonly Reserved[];
  readonly doc?: Doc;
  readonly span: Span;
}

/** `option name = value;` at file level (e.g. newtime, compactfloats, int64). */
export interface FileOption {
  readonly name: string;
  readonly value: string | number | boolean;
  readonly span: Span;
}

/** `import "other.grid" [as alias];` */
export interface ImportDecl {
  readonly path: string; // as written, relative to the importing file
  readonly alias?: string;
  readonly resolvedPath?: string; // absolute path, filled by the loader
  readonly span: Span;
}

/** A comment kept for the formatter (doc comments are also attached to their node). */
export interface Comment {
  readonly text: string; // including the markers
  readonly kind: "line" | "block" | "doc";
  readonly span: Span;
}

/** One parsed .grid file. */
export interface GridFile {
  readonly path: string; // as given to the loader (relative to cwd where possible)
  readonly package: string;
  readonly packageSpan?: Span;
  /** Added by idl (optional): the whole `package name;` statement, for the formatter. */
  readonly packageDeclSpan?: Span;
  readonly imports: readonly ImportDecl[];
  readonly options: readonly FileOption[];
  readonly types: readonly TypeDecl[];
  readonly services: readonly ServiceDecl[];
  readonly comments: readonly Comment[];
  readonly doc?: Doc;
}
