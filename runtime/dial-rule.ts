// Which of two grid peers dials (spec 1.2). Both sides compute it and must agree byte for byte.
import { xxh3 } from "./xxh3.js";

const te = new TextEncoder();

/** True when `local` must open the WebSocket to `remote`: compare XXH3(L++R) with XXH3(R++L), ties by bytes. */
export function localShouldDial(local: string, remote: string): boolean {
  const l = te.encode(local);
  const r = te.encode(remote);
  const lr = new Uint8Array(l.length + r.length);
  lr.set(l);
  lr.set(r, l.length);
  const rl = new Uint8Array(l.length + r.length);
  rl.set(r);
  rl.set(l, r.length);
  const h0 = xxh3(lr);
  const h1 = xxh3(rl);
  if (h0 === h1) return Buffer.compare(Buffer.from(l), Buffer.from(r)) < 0;
  return h0 < h1;
}
