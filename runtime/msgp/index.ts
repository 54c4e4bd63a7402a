// The msgp codec core: what generated codecs and the grid runtime call to
// write and read MessagePack byte-compatible with Go's tinylib/msgp.
export { MsgpWriter, encodeKey } from "./writer.js";
export { MsgpReader, formatGoFloat } from "./reader.js";
export { MsgpDecodeError, MsgpEncodeError } from "./errors.js";
export { GO_ZERO_TIME, EMPTY_BYTES } from "./types.js";
export type { GoTime, Complex, MsgpAny, MsgpKind } from "./types.js";
export { canonicalize } from "./canonical.js";
export { toHex, fromHex } from "./hex.js";
export { encodeWith, decodeWith } from "./codec-support.js";
