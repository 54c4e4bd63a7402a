// Payload structs of the connection-level ops (spec 3.4, 11.1, 11.2): MessagePack maps with string keys
// written in Go's field order.
import { MsgpReader, MsgpWriter } from "../msgp/index.js";
import { GO_ZERO_TIME, WireDecodeError, type GridTime } from "./msgp-lite.js";

// These structs travel on handshakes, connection pings and errors, never per request, so they use
// the msgp codec core (same bytes as tinylib/msgp) rather than a hand-rolled subset.

/** OpConnect payload. `time`/`token` exist only in the `current` profile (HEAD). */
export interface ConnectReq {
  id: Uint8Array;
  host: string;
  time?: GridTime;
  token?: string;
}

/** Encodes connectReq; `withTimeAndToken` selects HEAD's 4-key form. */
export function encodeConnectReq(v: ConnectReq, withTimeAndToken: boolean): Uint8Array {
  const w = new MsgpWriter(128);
  w.writeMapHeader(withTimeAndToken ? 4 : 2);
  w.writeString("ID");
  w.writeBytes(v.id);
  w.writeString("Host");
  w.writeString(v.host);
  if (withTimeAndToken) {
    w.writeString("Time");
    w.writeTime(v.time ?? GO_ZERO_TIME);
    w.writeString("Token");
    w.writeString(v.token ?? "");
  }
  return w.finish();
}

function readId(r: MsgpReader): Uint8Array {
  const b = r.readBytesView();
  if (b.length !== 16) throw new WireDecodeError(`ID must be 16 bytes, is ${b.length}`, r.pos);
  return b.slice();
}

/** Decodes connectReq; unknown keys are skipped and missing ones keep zero values, like Go. */
export function decodeConnectReq(b: Uint8Array): ConnectReq {
  const r = new MsgpReader(b);
  const out: ConnectReq = { id: new Uint8Array(16), host: "" };
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const k = r.readMapKey();
    if (k === "ID") out.id = readId(r);
    else if (k === "Host") out.host = r.readString();
    else if (k === "Time") out.time = r.readTime();
    else if (k === "Token") out.token = r.readString();
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
  const w = new MsgpWriter(96);
  w.writeMapHeader(3);
  w.writeString("ID");
  w.writeBytes(v.id);
  w.writeString("Accepted");
  w.writeBool(v.accepted);
  w.writeString("RejectedReason");
  w.writeString(v.rejectedReason);
  return w.finish();
}

/** Decodes connectResp. */
export function decodeConnectResp(b: Uint8Array): ConnectResp {
  const r = new MsgpReader(b);
  const out: ConnectResp = { id: new Uint8Array(16), accepted: false, rejectedReason: "" };
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const k = r.readMapKey();
    if (k === "ID") out.id = readId(r);
    else if (k === "Accepted") out.accepted = r.readBool();
    else if (k === "RejectedReason") out.rejectedReason = r.readString();
    else r.skip();
  }
  return out;
}

/** Encodes muxConnectError `{"Error": text}`. */
export function encodeMuxConnectError(text: string): Uint8Array {
  const w = new MsgpWriter(32 + text.length * 3);
  w.writeMapHeader(1);
  w.writeString("Error");
  w.writeString(text);
  return w.finish();
}

/** Decodes muxConnectError and returns its text. */
export function decodeMuxConnectError(b: Uint8Array): string {
  const r = new MsgpReader(b);
  const n = r.readMapHeader();
  let text = "";
  for (let i = 0; i < n; i++) {
    if (r.readMapKey() === "Error") text = r.readString();
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
  const w = new MsgpWriter(64 + (v.err?.length ?? 0) * 3);
  w.writeMapHeader(timed ? 3 : 2);
  w.writeString("nf");
  w.writeBool(v.notFound);
  w.writeString("e");
  if (v.err === null) w.writeNil();
  else w.writeString(v.err);
  if (timed) {
    w.writeString("t");
    w.writeTime(v.t ?? GO_ZERO_TIME);
  }
  return w.finish();
}

/** Decodes pongMsg from either profile. */
export function decodePong(b: Uint8Array): PongMsg {
  const r = new MsgpReader(b);
  const out: PongMsg = { notFound: false, err: null };
  const n = r.readMapHeader();
  for (let i = 0; i < n; i++) {
    const k = r.readMapKey();
    if (k === "nf") out.notFound = r.readBool();
    else if (k === "e") out.err = r.tryReadNil() ? null : r.readString();
    else if (k === "t") out.t = r.readTime();
    else r.skip();
  }
  return out;
}

/** HEAD's connection ping payload `{"t": send time}`. */
export function encodePing(t: GridTime): Uint8Array {
  const w = new MsgpWriter(32);
  w.writeMapHeader(1);
  w.writeString("t");
  w.writeTime(t);
  return w.finish();
}

/** Decodes a HEAD ping payload; returns undefined when the ping carried none (reference peers). */
export function decodePing(b: Uint8Array | null): GridTime | undefined {
  if (!b || b.length === 0) return undefined;
  const r = new MsgpReader(b);
  const n = r.readMapHeader();
  let t: GridTime | undefined;
  for (let i = 0; i < n; i++) {
    if (r.readMapKey() === "t") t = r.readTime();
    else r.skip();
  }
  return t;
}
