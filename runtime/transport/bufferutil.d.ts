// Types for the `bufferutil` native add-on (WebSocket masking), which ships no declarations.
declare module "bufferutil" {
  /** Writes `source` XOR `mask` into `output` starting at `offset`, for `length` bytes. */
  export function mask(source: Uint8Array, mask: Uint8Array, output: Uint8Array, offset: number, length: number): void;
  /** XORs `buffer` with `mask` in place. */
  export function unmask(buffer: Uint8Array, mask: Uint8Array): void;
}
