// MinIO's benchmark "rpc" payloads (internal/grid/grid_types_test.go): testRequest {Num, String} and
// testResponse {OrgNum, OrgString, Embedded}, encoded with the msgp codec core the way our generated
// code does it (shared writer via encodeWith, pre-encoded struct keys, decodeWith).
import { MsgpReader, MsgpWriter, decodeWith, encodeKey, encodeWith } from "../../runtime/msgp/index.js";

const K_NUM = encodeKey("Num");
const K_STRING = encodeKey("String");
const K_ORGNUM = encodeKey("OrgNum");
const K_ORGSTRING = encodeKey("OrgString");
const K_EMBEDDED = encodeKey("Embedded");

/** Go's testRequest. */
export interface TestRequest {
  Num: number;
  String: string;
}

function writeReq(w: MsgpWriter, r: TestRequest): void {
  w.writeMapHeader(2);
  w.writePreencoded(K_NUM);
  w.writeInt(r.Num);
  w.writePreencoded(K_STRING);
  w.writeString(r.String);
}

function readReq(rd: MsgpReader): TestRequest {
  const out: TestRequest = { Num: 0, String: "" };
  const n = rd.readMapHeader();
  for (let i = 0; i < n; i++) {
    const k = rd.readMapKey();
    if (k === "Num") out.Num = rd.readIntNumber();
    else if (k === "String") out.String = rd.readString();
    else rd.skip();
  }
  return out;
}

/** Encodes a testRequest. */
export function encodeRequest(r: TestRequest): Uint8Array {
  return encodeWith(writeReq, r);
}

/** Decodes a testRequest. */
export function decodeRequest(b: Uint8Array): TestRequest {
  return decodeWith(readReq, b, "testRequest");
}

function writeResp(w: MsgpWriter, r: TestRequest): void {
  w.writeMapHeader(3);
  w.writePreencoded(K_ORGNUM);
  w.writeInt(r.Num);
  w.writePreencoded(K_ORGSTRING);
  w.writeString(r.String);
  w.writePreencoded(K_EMBEDDED);
  writeReq(w, r);
}

/** Encodes testResponse{OrgNum: r.Num, OrgString: r.String, Embedded: r} (the benchmark handler's answer). */
export function encodeResponseFor(r: TestRequest): Uint8Array {
  return encodeWith(writeResp, r);
}

/** Decodes a testResponse and returns OrgNum (what the caller checks). */
export function decodeResponseOrgNum(b: Uint8Array): number {
  return decodeWith(readOrgNum, b, "testResponse");
}

function readOrgNum(rd: MsgpReader): number {
  const n = rd.readMapHeader();
  let org = -1;
  for (let i = 0; i < n; i++) {
    const k = rd.readMapKey();
    if (k === "OrgNum") org = rd.readIntNumber();
    else if (k === "Embedded") readReq(rd);
    else rd.skip();
  }
  return org;
}
