// Subroute ids (spec 2.6): how a handler registered under a static route string is addressed on the wire.
import { createHash } from "node:crypto";

/** SHA-256 of the route with byte 0 = handler id and byte 1 = 0; the 32 bytes sent after the tuple. */
export function subrouteId(handler: number, route: string): Uint8Array {
  const h = new Uint8Array(createHash("sha256").update(route, "utf8").digest());
  h[0] = handler;
  h[1] = 0;
  return h;
}

/** Map key for a subroute id (hex); lets handler tables be plain Maps. */
export function subrouteKey(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString("hex");
}

/** Joins multi-part subroutes the way Go does (`Subroute("a").Subroute("b")` == "a/b"). */
export function joinSubroute(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("/");
}
