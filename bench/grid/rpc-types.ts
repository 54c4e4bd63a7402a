// MinIO's benchmark "rpc" payloads (internal/grid/grid_types_test.go): testRequest {Num, String} and
// testResponse {OrgNum, OrgString, Embedded}, encoded with the msgp codec core like Go's generated code.
import { MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";

/** Go's testRequest. */
export interface TestRequest {
  Num: number;
  String: string;
}

function writeReq(w: MsgpWriter, r: TestRequest): void {
  w.writeMapHeader(2);
  w.writeString("Num");
  w.writeInt(r.Num);
  w.writeString("String");
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
  const w = new MsgpWriter(64);
  writeReq(w, r);
  return w.finish();
}

/** Decodes a testRequest. */
export function decodeRequest(b: Uint8Array): TestRequest {
  return readReq(new MsgpReader(b));
}

/** Encodes testResponse{OrgNum: r.Num, OrgString: r.String, Embedded: r} (the benchmark handler's answer). */
export function encodeResponseFor(r: TestRequest): Uint8Array {
  const w = new MsgpWriter(96);
  w.writeMapHeader(3);
  w.writeString("OrgNum");
  w.writeInt(r.Num);
  w.writeString("OrgString");
  w.writeString(r.String);
  w.writeString("Embedded");
  writeReq(w, r);
  return w.finish();
}

/** Decodes a testResponse and returns OrgNum (what the caller checks). */
export function decodeResponseOrgNum(b: Uint8Array): number {
  const rd = new MsgpReader(b);
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
