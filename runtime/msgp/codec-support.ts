// What every generated codec object calls: one process-wide writer for whole
// payloads and a decode wrapper that names the type in errors. Kept here, not
// emitted into each generated module, so there is one copy to fix and test.
import { MsgpDecodeError } from "./errors.js";
import { MsgpReader } from "./reader.js";
import { MsgpWriter } from "./writer.js";

let sharedWriter: MsgpWriter | undefined;

/** Encodes one value as a whole payload (finished bytes are never overwritten by later encodes). */
export function encodeWith<T>(enc: (w: MsgpWriter, v: T) => void, v: T): Uint8Array {
  const w = (sharedWriter ??= new MsgpWriter(1024));
  w.reset();
  enc(w, v);
  return w.finish();
}

/** Decodes one value; errors name the type and field path. Trailing bytes are ignored, as Go's UnmarshalMsg does. */
export function decodeWith<T>(dec: (r: MsgpReader) => T, bytes: Uint8Array, type: string): T {
  try {
    return dec(new MsgpReader(bytes));
  } catch (err) {
    throw err instanceof MsgpDecodeError ? err.withField(type) : err;
  }
}
