// Canonical form of msgp output that holds Go maps. Go writes map entries in
// random order, so two correct encoders differ; comparing canonical forms
// (shared/spec/msgp.md §12) makes such output testable.

import { MsgpReader } from "./reader.js";
import { MsgpDecodeError } from "./errors.js";

/**
 * Re-emits one MessagePack object with the entries of every map, at every
 * depth, sorted by the bytes of the key payload; headers are kept as they were.
 */
export function canonicalize(bytes: Uint8Array): Uint8Array {
  const r = new MsgpReader(bytes);
  const parts: Uint8Array[] = [];
  copyCanonical(bytes, r, parts);
  if (!r.atEnd()) throw new MsgpDecodeError(r.pos, "end of input", "trailing bytes");
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function keyPayload(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const b = bytes[start]!;
  let hdr: number;
  if (b >= 0xa0 && b <= 0xbf) hdr = 1;
  else if (b === 0xd9 || b === 0xc4) hdr = 2;
  else if (b === 0xda || b === 0xc5) hdr = 3;
  else if (b === 0xdb || b === 0xc6) hdr = 5;
  else hdr = 0; // non-string key: compare the whole encoding
  return bytes.subarray(start + hdr, end);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Nesting beyond this is refused instead of overflowing the stack (the walk recurses). */
const MAX_DEPTH = 1000;

function copyCanonical(bytes: Uint8Array, r: MsgpReader, out: Uint8Array[], depth = 0): void {
  if (depth > MAX_DEPTH) throw new MsgpDecodeError(r.pos, `nesting of at most ${MAX_DEPTH}`, "deeper nesting");
  const start = r.pos;
  const kind = r.peekKind();
  if (kind === "array") {
    const n = r.readArrayHeader();
    out.push(bytes.subarray(start, r.pos));
    for (let i = 0; i < n; i++) copyCanonical(bytes, r, out, depth + 1);
    return;
  }
  if (kind === "map") {
    const n = r.readMapHeader();
    out.push(bytes.subarray(start, r.pos));
    const entries: { key: Uint8Array; body: Uint8Array }[] = [];
    for (let i = 0; i < n; i++) {
      const ks = r.pos;
      r.skip();
      const key = keyPayload(bytes, ks, r.pos);
      const body: Uint8Array[] = [bytes.subarray(ks, r.pos)];
      copyCanonical(bytes, r, body, depth + 1);
      entries.push({ key, body: concat(body) });
    }
    entries.sort((a, b) => compareBytes(a.key, b.key));
    for (const e of entries) out.push(e.body);
    return;
  }
  r.skip();
  out.push(bytes.subarray(start, r.pos));
}
