// Value types the msgp codec core reads and writes where no plain JS type fits.

/**
 * Go's time.Time as msgp carries it: Unix seconds and nanoseconds. A JS Date
 * loses nanoseconds and cannot express Go's zero time, hence this pair.
 */
export interface GoTime {
  /** Unix seconds (floored for instants before 1970). */
  sec: bigint;
  /** Nanoseconds within the second, 0..999_999_999. */
  nsec: number;
}

/** Go's zero time.Time (0001-01-01T00:00:00Z), what msgp writes for an unset time. */
export const GO_ZERO_TIME: Readonly<GoTime> = Object.freeze({ sec: -62135596800n, nsec: 0 });

/**
 * The one empty byte slice readers return and zero values may share. V8
 * allocates a zero-length Uint8Array roughly ten times slower than a short
 * one (~180 ns), which dominated small-message decoding; a zero-length
 * array has no elements to mutate, so sharing it is safe.
 */
export const EMPTY_BYTES: Uint8Array = Object.freeze(new Uint8Array(0)) as Uint8Array;

/** Go complex64/complex128 value: msgp writes them as fixext 8/16. */
export interface Complex {
  real: number;
  imag: number;
}

/** The MessagePack family of the next object, as seen by `MsgpReader.peekKind`. */
export type MsgpKind =
  | "nil"
  | "bool"
  | "int"
  | "uint"
  | "float32"
  | "float64"
  | "str"
  | "bin"
  | "array"
  | "map"
  | "ext"
  | "invalid";

/**
 * A Go interface{} value: the tag says which Go dynamic type it is, because
 * the wire format depends on it (int64 vs uint64, float32 vs float64, ...).
 * Decoding follows msgp's interface rules (fixint and d0-d3 give "int",
 * cc-cf give "uint", maps give string-keyed maps).
 */
export type MsgpAny =
  | { kind: "nil" }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: bigint }
  | { kind: "uint"; value: bigint }
  | { kind: "float32"; value: number }
  | { kind: "float64"; value: number }
  | { kind: "string"; value: string }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "time"; value: GoTime }
  | { kind: "complex64"; value: Complex }
  | { kind: "complex128"; value: Complex }
  | { kind: "array"; value: MsgpAny[] }
  | { kind: "map"; value: Map<string, MsgpAny> }
  /** Any other extension (msgp's RawExtension). */
  | { kind: "ext"; type: number; data: Uint8Array };
