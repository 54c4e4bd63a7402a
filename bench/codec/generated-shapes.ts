// Benchmark shapes driven by the codecs grid-gen actually generated (not
// hand-written), so the table shows what users get: dsync LockArgs, the golden
// 16-field Scalars (64-bit fields as bigint) and the grid message tuple.
import type { MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";
import { decodeLockArgs, encodeLockArgs, type LockArgs } from "../../generated/dsync/lock.js";
import {
  decodeGridMessage,
  decodeScalars,
  encodeGridMessage,
  encodeScalars,
  type GridMessage,
  type Scalars,
} from "../../generated/golden/golden.js";
import type { Shape } from "./shapes.js";

const lockArgs: LockArgs = {
  UID: "a1b2c3d4-e5f6-7890-abcd-ef0123456789",
  Resources: ["bucket/object/part.1", "bucket/object/xl.meta"],
  Source: "cmd/erasure-object.go:123",
  Owner: "node-3",
  Quorum: 3,
};

const scalars: Scalars = {
  B: true, I: -123456n, I8: -5, I16: 300, I32: 70000, I64: 1n << 40n, U: 7n, U8: 200, U16: 60000,
  U32: 4000000000, U64: 1n << 50n, By: 9, R: 0x1f600, F32: 1.5, F64: 3.141592653589793, S: "hello grid",
};

const message: GridMessage = {
  MuxID: 123456n, Seq: 42, DeadlineMS: 60000, Handler: 10, Op: 14, Flags: 1, Payload: new Uint8Array(64).fill(7),
};

function shape<T>(name: string, value: T, enc: (w: MsgpWriter, v: T) => void, dec: (r: MsgpReader) => T, plain: unknown): Shape<T> {
  return { name, value, encode: enc, decode: dec, plain };
}

/** Shapes whose codecs come from generated/ (the generic libraries get plain-number twins). */
export const GENERATED_SHAPES: Shape<never>[] = [
  shape("gen LockArgs", lockArgs, encodeLockArgs, decodeLockArgs, lockArgs),
  shape("gen Scalars(16, bigint)", scalars, encodeScalars, decodeScalars, Object.fromEntries(
    Object.entries(scalars).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
  )),
  shape("gen GridMessage(tuple)", message, encodeGridMessage, decodeGridMessage,
    [123456, 42, 60000, 10, 14, 1, message.Payload]),
] as unknown as Shape<never>[];
