// Frame builders for the wire phase's hostile peer: well-formed grid messages to set a scene, and
// the broken WebSocket frames and bodies a real client library would refuse to produce.
import { encodeMessage, type Message } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";
import type { SoakRng } from "./rng.js";

/** Handler ids the phase's manager serves. */
export const ECHO_SINGLE = 78;
export const ECHO_STREAM = 79;

/** A plain-text link's base flags: every message after the handshake carries a checksum (spec 2.4). */
export const BASE = Flag.CRC;

/** A grid message with defaults for the fields a scene does not care about. */
export function msg(m: Partial<Message> & { op: number }): Uint8Array {
  return encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, flags: BASE, payload: null, ...m });
}

/** A WebSocket frame with every header bit under our control (RFC 6455 5.2). */
export function rawFrame(body: Uint8Array, o: { fin?: boolean; rsv?: number; opcode?: number; mask?: boolean; claimedLength?: number } = {}): Uint8Array {
  const n = o.claimedLength ?? body.length;
  const mask = o.mask ?? true;
  const lenBytes = n <= 125 ? 0 : n <= 0xffff ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
  head[0] = ((o.fin ?? true) ? 0x80 : 0) | (((o.rsv ?? 0) & 7) << 4) | ((o.opcode ?? 2) & 0x0f);
  if (lenBytes === 0) head[1] = n;
  else if (lenBytes === 2) {
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  const out = Buffer.concat([head, body]);
  if (mask) {
    out[1]! |= 0x80;
    const key = [0x12, 0x34, 0x56, 0x78];
    head.set(key, head.length - 4);
    out.set(key, head.length - 4);
    for (let i = 0; i < body.length; i++) out[head.length + i] = body[i]! ^ key[i & 3]!;
  }
  return out;
}

/** What a hostile frame should do to the link, per the spec. */
export type Expect = "close" | "stay";

/** One attack: raw bytes for the socket, what must happen, and a label for reports. */
export interface Attack {
  kind: string;
  bytes: Uint8Array;
  expect: Expect;
  /** For "stay": a reply op (and optional text in its payload) that must arrive before the ping's pong. */
  reply?: { op: number; text?: string };
}

/** A random body that is not a 7-element msgp array (so it can never parse as a message). */
function garbageBody(rng: SoakRng): Uint8Array {
  const b = rng.bytes(1 + rng.int(60));
  while (b[0] === 0x97 || b[0] === 0xdc || b[0] === 0xdd) b[0] = rng.int(256);
  return b;
}

/** A valid message cut inside its tuple or payload (the bin header then lies about what follows). */
function truncated(rng: SoakRng): Uint8Array {
  const full = msg({ op: Op.Request, muxId: 1 + rng.int(1000), handler: ECHO_SINGLE, flags: BASE | Flag.EOF, payload: rng.bytes(1 + rng.int(40)) });
  const tupleEnd = full.length - 4; // before the checksum
  return full.subarray(0, 1 + rng.int(tupleEnd - 1));
}

/**
 * A valid message with one flipped bit in its checksum or payload (not in the header: flipping the
 * CRC flag off yields a valid unchecked message, which is no attack).
 */
function crcBroken(rng: SoakRng): Uint8Array {
  const n = 1 + rng.int(40);
  const b = Uint8Array.from(msg({ op: Op.Request, muxId: 1 + rng.int(1000), handler: ECHO_SINGLE, flags: BASE | Flag.EOF, payload: rng.bytes(n) }));
  const at = b.length - 1 - rng.int(4 + n);
  b[at]! ^= 1 << rng.int(8);
  return b;
}

/**
 * The attack catalogue. `maxMessageBytes` is the manager's limit; `streamMux` is an open stream
 * mux (connect seq 0 acknowledged) that the mis-sequencing attacks aim at.
 */
export function pickAttack(rng: SoakRng, maxMessageBytes: number, streamMux: number): Attack {
  const framed = (body: Uint8Array): Uint8Array => rawFrame(body);
  switch (rng.int(22)) {
    case 0:
      return { kind: "garbage body", bytes: framed(garbageBody(rng)), expect: "close" };
    case 1:
      return { kind: "truncated message", bytes: framed(truncated(rng)), expect: "close" };
    case 2:
      return { kind: "CRC broken", bytes: framed(crcBroken(rng)), expect: "close" };
    case 3:
      return { kind: "oversized message", bytes: framed(msg({ op: Op.Request, muxId: 7, handler: ECHO_SINGLE, flags: BASE | Flag.EOF, payload: new Uint8Array(maxMessageBytes + 1 + rng.int(1000)) })), expect: "close" };
    case 4:
      // A header announcing gigabytes, then nothing: must be refused on the header, not buffered for.
      return { kind: "lying frame length", bytes: rawFrame(rng.bytes(8), { claimedLength: 2 ** 32 + rng.int(2 ** 20) }), expect: "close" };
    case 5:
      return { kind: "unmasked frame from a dialer", bytes: rawFrame(msg({ op: Op.Ping }), { mask: false }), expect: "close" };
    case 6:
      return { kind: "reserved bits set", bytes: rawFrame(msg({ op: Op.Ping }), { rsv: 1 + rng.int(7) }), expect: "close" };
    case 7:
      return { kind: "reserved opcode", bytes: rawFrame(msg({ op: Op.Ping }), { opcode: rng.pick([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]) }), expect: "close" };
    case 8:
      return { kind: "continuation without a start", bytes: rawFrame(msg({ op: Op.Ping }), { opcode: 0 }), expect: "close" };
    case 9: {
      // OpMerged announcing more entries than follow, or an entry whose checksum is broken.
      const inner = msg({ op: Op.Ping, muxId: 0, seq: 1, flags: 0 });
      const bin = (b: Uint8Array): Uint8Array => Uint8Array.from([0xc4, b.length, ...b]);
      const bad = rng.chance(0.5)
        ? Uint8Array.from([...msg({ op: Op.Merged, seq: 3, flags: 0 }), ...bin(inner)])
        : Uint8Array.from([...msg({ op: Op.Merged, seq: 2, flags: 0 }), ...bin(inner), ...bin(crcBroken(rng))]);
      return { kind: "bad merged batch", bytes: framed(bad), expect: "close" };
    }
    case 10:
      return { kind: "tuple of 6", bytes: framed(Uint8Array.from([0x96, 0, 0, 0, 0, Op.Ping, 0])), expect: "close" };
    case 11:
      // Mis-sequenced input on a live stream: the server aborts that mux (spec 6.3), the link lives.
      return {
        kind: "mis-sequenced stream message",
        bytes: framed(msg({ op: Op.MuxClientMsg, muxId: streamMux, seq: 2 + rng.int(100), payload: rng.bytes(4) })),
        expect: "stay",
        reply: { op: Op.MuxServerMsg, text: "sequence number mismatch" },
      };
    case 12:
      return { kind: "message for an unknown mux", bytes: framed(msg({ op: Op.MuxClientMsg, muxId: 100_000 + rng.int(1000), seq: 1, payload: rng.bytes(3) })), expect: "stay", reply: { op: Op.DisconnectClientMux } };
    case 13:
      return { kind: "unknown op", bytes: framed(msg({ op: 18 + rng.int(200), muxId: rng.int(10), seq: rng.int(10), payload: rng.chance(0.5) ? rng.bytes(5) : null })), expect: "stay" };
    case 14:
      return { kind: "request to an unregistered handler", bytes: framed(msg({ op: Op.Request, muxId: 50_000 + rng.int(1000), handler: rng.pick([0, 21, 200, 255]), flags: BASE | Flag.EOF, payload: rng.bytes(2) })), expect: "stay", reply: { op: Op.MuxConnectError } };
    case 16: {
      // A valid request split into fragments (opcode 2, then continuations): reassembled and served.
      const muxId = 70_000 + rng.int(1000);
      const body = msg({ op: Op.Request, muxId, handler: ECHO_SINGLE, flags: BASE | Flag.EOF, payload: rng.bytes(1 + rng.int(300)) });
      const cut1 = 1 + rng.int(body.length - 1);
      const cut2 = cut1 + rng.int(body.length - cut1);
      const parts = [body.subarray(0, cut1), body.subarray(cut1, cut2), body.subarray(cut2)];
      const bytes = Buffer.concat(parts.map((p, k) => rawFrame(p, { opcode: k === 0 ? 2 : 0, fin: k === parts.length - 1 })));
      return { kind: "fragmented request", bytes, expect: "stay", reply: { op: Op.Response } };
    }
    case 17: {
      // Fragments that each fit but add up past the limit: refused without buffering them all.
      const chunk = new Uint8Array(16 * 1024);
      const n = Math.ceil(maxMessageBytes / chunk.length) + 1 + rng.int(4);
      const bytes = Buffer.concat(Array.from({ length: n }, (_, k) => rawFrame(chunk, { opcode: k === 0 ? 2 : 0, fin: false })));
      return { kind: "fragments past the limit", bytes, expect: "close" };
    }
    case 18:
      return { kind: "control frame over 125 bytes", bytes: rawFrame(rng.bytes(126 + rng.int(200)), { opcode: 9 }), expect: "close" };
    case 19:
      return { kind: "fragmented control frame", bytes: rawFrame(rng.bytes(4), { opcode: 9, fin: false }), expect: "close" };
    case 20:
      // Text messages are read and discarded (spec 1.8).
      return { kind: "text frame", bytes: rawFrame(new TextEncoder().encode("hello"), { opcode: 1 }), expect: "stay" };
    case 21:
      return { kind: "websocket close frame", bytes: rawFrame(Uint8Array.from([0x03, 0xe8]), { opcode: 8 }), expect: "close" };
    default:
      return { kind: "stateless stream open", bytes: framed(msg({ op: Op.ConnectMux, muxId: 60_000 + rng.int(1000), handler: ECHO_STREAM, flags: BASE | Flag.Stateless })), expect: "stay", reply: { op: Op.MuxConnectError, text: "Stateless" } };
  }
}

/**
 * Hostile openings: what arrives instead of a proper OpConnect. Each must end the link (after a
 * rejecting OpConnectResponse where the spec sends one), never leave it half-open.
 */
export function pickOpening(rng: SoakRng, claims: { self: string; stranger: string }, connectReq: (host: string) => Uint8Array): Attack {
  switch (rng.int(5)) {
    case 0:
      return { kind: "garbage instead of OpConnect", bytes: rawFrame(garbageBody(rng)), expect: "close" };
    case 1:
      return { kind: "OpPing instead of OpConnect", bytes: rawFrame(msg({ op: Op.Ping, flags: 0 })), expect: "close" };
    case 2: {
      const p = connectReq(claims.stranger);
      return { kind: "OpConnect with a mangled connectReq", bytes: rawFrame(msg({ op: Op.Connect, flags: 0, payload: p.subarray(0, rng.int(p.length)) })), expect: "close" };
    }
    case 3:
      return { kind: "OpConnect from a host not in the list", bytes: rawFrame(msg({ op: Op.Connect, flags: 0, payload: connectReq(claims.stranger) })), expect: "close" };
    default:
      return { kind: "OpConnect claiming the acceptor's own host", bytes: rawFrame(msg({ op: Op.Connect, flags: 0, payload: connectReq(claims.self) })), expect: "close" };
  }
}
