// Payload structs of the connection-level ops (spec 3.4, 11.1, 11.2): MessagePack maps with string keys
// written in Go's field order.
import { GO_ZERO_TIME, LiteReader, LiteWriter, WireDecodeError, type GridTime } from "./msgp-lite.js";

/** OpConnect payload. `time`/`token` exist only in the `current` profile (HEAD). */
export interface ConnectReq {
  id: Uint8Array;
  host: string;
  time?: GridTime;
  token?: string;
}

/** Encodes connectReq; `withTimeAndToken` selects HEAD's 4-key form. */
export function encodeConnectReq(v: ConnectReq, withTimeAndToken: boolean): Uint8Array {
  const w = new LiteWriter().mapHeader(withTimeAndToken ? 4 : 2).str("ID").bin(v.id).str("Host").str(v.host);
  if (withTimeAndToken) w.str("Time").time(v.time ?? GO_ZERO_TIME).str("Token").str(v.token ?? "");
  return w.finish();
}

function readId(r: LiteReader): Uint8Array {
  const b = r.bin("ID");
  if (b.length !== 16) throw new WireDecodeError(`ID must be 16 bytes, is ${b.length}`, r.pos);
  return b.slice();
}

/** Decodes connectReq; unknown keys are skipped and missing ones keep zero values, like Go. */
export function decodeConnectReq(b: Uint8Array): ConnectReq {
  const r = new LiteReader(b);
  const out: ConnectReq = { id: new Uint8Array(16), host: "" };
  const n = r.mapHeader("connectReq");
  for (let i = 0; i < n; i++) {
    const k = r.key();
    if (k === "ID") out.id = readId(r);
    else if (k === "Host") out.host = r.str("Host");
    else if (k === "Time") out.time = r.time("Time");
    else if (k === "Token") out.token = r.str("Token");
    else r.skip();
  }
  return out;
}

/** OpConnectResponse payload. */
export interface ConnectResp {
  id: Uint8Array;
  accepted: boolean;
  rejectedReason: string;
}

/** Encodes connectResp (same in both profiles). */
export function encodeConnectResp(v: ConnectResp): Uint8Array {
  return new LiteWriter().mapHeader(3).str("ID").bin(v.id).str("Accepted").bool(v.accepted).str("RejectedReason").str(v.rejectedReason).finish();
}

/** Decodes connectResp. */
export function decodeConnectResp(b: Uint8Array): ConnectResp {
  const r = new LiteReader(b);
  const out: ConnectResp = { id: new Uint8Array(16), accepted: false, rejectedReason: "" };
  const n = r.mapHeader("connectResp");
  for (let i = 0; i < n; i++) {
    const k = r.key();
    if (k === "ID") out.id = readId(r);
    else if (k === "Accepted") out.accepted = r.bool("Accepted");
    else if (k === "RejectedReason") out.rejectedReason = r.str("RejectedReason");
    else r.skip();
  }
  return out;
}

/** Encodes muxConnectError `{"Error": text}`. */
export function encodeMuxConnectError(text: string): Uint8Array {
  return new LiteWriter().mapHeader(1).str("Error").str(text).finish();
}

/** Decodes muxConnectError and returns its text. */
export function decodeMuxConnectError(b: Uint8Array): string {
  const r = new LiteReader(b);
  const n = r.mapHeader("muxConnectError");
  let text = "";
  for (let i = 0; i < n; i++) {
    if (r.key() === "Error") text = r.str("Error");
    else r.skip();
  }
  return text;
}

/** OpPong payload: `nf` (mux not found), `e` (error text or null), and HEAD's echoed ping time `t`. */
export interface PongMsg {
  notFound: boolean;
  err: string | null;
  t?: GridTime;
}

/** Encodes pongMsg; `timed` selects HEAD's 3-key form (the zero time when the ping had none). */
export function encodePong(v: PongMsg, timed: boolean): Uint8Array {
  const w = new LiteWriter().mapHeader(timed ? 3 : 2).str("nf").bool(v.notFound).str("e");
  if (v.err === null) w.nil();
  else w.str(v.err);
  if (timed) w.str("t").time(v.t ?? GO_ZERO_TIME);
  return w.finish();
}

/** Decodes pongMsg from either profile. */
export function decodePong(b: Uint8Array): PongMsg {
  const r = new LiteReader(b);
  const out: PongMsg = { notFound: false, err: null };
  const n = r.mapHeader("pongMsg");
  for (let i = 0; i < n; i++) {
    const k = r.key();
    if (k === "nf") out.notFound = r.bool("nf");
    else if (k === "e") out.err = r.tryNil() ? null : r.str("e");
    else if (k === "t") out.t = r.time("t");
    else r.skip();
  }
  return out;
}

/** HEAD's connection ping payload `{"t": send time}`. */
export function encodePing(t: GridTime): Uint8Array {
  return new LiteWriter().mapHeader(1).str("t").time(t).finish();
}

/** Decodes a HEAD ping payload; returns undefined when the ping carried none (reference peers). */
export function decodePing(b: Uint8Array | null): GridTime | undefined {
  if (!b || b.length === 0) return undefined;
  const r = new LiteReader(b);
  const n = r.mapHeader("pingMsg");
  let t: GridTime | undefined;
  for (let i = 0; i < n; i++) {
    if (r.key() === "t") t = r.time("t");
    else r.skip();
  }
  return t;
}
