// Canonical form of a MessagePack buffer for comparing encodings of Go maps,
// whose entry order is random: the entries of EVERY map at every depth are
// sorted by the bytes of the key payload, headers untouched (the rule of the
// golden vectors' `canonical_hex`, msgp.md §12). Extension, str and bin
// payloads are copied as they are. Throws on malformed input.

/** Returns `buf` with all map entries in canonical order. */
export function canonicalize(buf: Uint8Array): Uint8Array {
  const r = { pos: 0 };
  const parts = canonObject(buf, r);
  if (r.pos !== buf.length) {
    throw new Error(`canonicalize: ${buf.length - r.pos} trailing bytes after the object at offset ${r.pos}`);
  }
  return parts;
}

function need(buf: Uint8Array, r: { pos: number }, n: number): void {
  if (r.pos + n > buf.length) {
    throw new Error(`canonicalize: truncated input (need ${n} bytes at offset ${r.pos}, have ${buf.length - r.pos})`);
  }
}

function be(buf: Uint8Array, r: { pos: number }, n: number): number {
  need(buf, r, n);
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + (buf[r.pos + i] as number);
  r.pos += n;
  return v;
}

const FIXED: Record<number, number> = {
  0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8,
  0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17,
};

function canonObject(buf: Uint8Array, r: { pos: number }): Uint8Array {
  const start = r.pos;
  need(buf, r, 1);
  const t = buf[r.pos++] as number;
  const skip = (n: number): Uint8Array => {
    need(buf, r, n);
    r.pos += n;
    return buf.subarray(start, r.pos);
  };
  if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return buf.subarray(start, r.pos);
  if (t >= 0x80 && t <= 0x8f) return canonMap(buf, r, start, t & 0x0f);
  if (t >= 0x90 && t <= 0x9f) return canonArray(buf, r, start, t & 0x0f);
  if (t >= 0xa0 && t <= 0xbf) return skip(t & 0x1f);
  switch (t) {
    case 0xc4:
    case 0xd9:
      return skip(be(buf, r, 1));
    case 0xc5:
    case 0xda:
      return skip(be(buf, r, 2));
    case 0xc6:
    case 0xdb:
      return skip(be(buf, r, 4));
    case 0xc7:
      return skip(be(buf, r, 1) + 1);
    case 0xc8:
      return skip(be(buf, r, 2) + 1);
    case 0xc9:
      return skip(be(buf, r, 4) + 1);
    case 0xdc:
      return canonArray(buf, r, start, be(buf, r, 2));
    case 0xdd:
      return canonArray(buf, r, start, be(buf, r, 4));
    case 0xde:
      return canonMap(buf, r, start, be(buf, r, 2));
    case 0xdf:
      return canonMap(buf, r, start, be(buf, r, 4));
  }
  const n = FIXED[t];
  if (n === undefined) throw new Error(`canonicalize: invalid type byte 0x${t.toString(16)} at offset ${start}`);
  return skip(n);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function canonArray(buf: Uint8Array, r: { pos: number }, start: number, n: number): Uint8Array {
  const parts: Uint8Array[] = [buf.slice(start, r.pos)];
  for (let i = 0; i < n; i++) parts.push(canonObject(buf, r));
  return concat(parts);
}

function keyPayload(k: Uint8Array): Uint8Array {
  const t = k[0] as number;
  if (t >= 0xa0 && t <= 0xbf) return k.subarray(1);
  if (t === 0xd9 || t === 0xc4) return k.subarray(2);
  if (t === 0xda || t === 0xc5) return k.subarray(3);
  if (t === 0xdb || t === 0xc6) return k.subarray(5);
  return k;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function canonMap(buf: Uint8Array, r: { pos: number }, start: number, n: number): Uint8Array {
  const header = buf.slice(start, r.pos);
  const entries: { key: Uint8Array; bytes: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) {
    const k = canonObject(buf, r);
    const v = canonObject(buf, r);
    entries.push({ key: keyPayload(k), bytes: concat([k, v]) });
  }
  entries.sort((a, b) => compareBytes(a.key, b.key));
  return concat([header, ...entries.map((e) => e.bytes)]);
}
