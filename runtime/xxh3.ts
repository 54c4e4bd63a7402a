// XXH3-64 (seed 0, default secret) for the grid checksum (spec 2.3) and the dial rule (spec 1.2).
//
// Why two libraries: measured on this box (2 cores, Node 20) per call, the native `@node-rs/xxhash`
// wins for small inputs (64 B: ~110 ns vs ~175 ns for `hash-wasm`), while `hash-wasm`'s SIMD-less
// wasm is much faster for large ones (4 KiB: ~570 ns vs ~1590 ns; 64 KiB: ~6.7 us vs ~24 us).
// Grid frames are mostly tiny control messages (10-40 bytes) with occasional large payloads, so we
// dispatch on size. Both are maintained, both produce the reference `XXH3_64bits` values (checked
// against spec appendix A in test/runtime/xxh3.test.ts).
import nodeRs from "@node-rs/xxhash";
import { createXXHash3 } from "hash-wasm";

const wasm = await createXXHash3(0, 0);
const SMALL_LIMIT = 384;

/** Full 64-bit XXH3 of `data`; used by the dial-direction rule where all 64 bits are compared. */
export function xxh3(data: Uint8Array): bigint {
  if (data.length <= SMALL_LIMIT) return nodeRs.xxh3.xxh64(data);
  wasm.init();
  wasm.update(data);
  const d = wasm.digest("binary");
  return new DataView(d.buffer, d.byteOffset, 8).getBigUint64(0, false);
}

/** Low 32 bits of XXH3-64 as an unsigned number: exactly what the grid CRC trailer carries. */
export function xxh3Low32(data: Uint8Array): number {
  if (data.length <= SMALL_LIMIT) return Number(nodeRs.xxh3.xxh64(data) & 0xffffffffn);
  wasm.init();
  wasm.update(data);
  const d = wasm.digest("binary");
  return ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0;
}
