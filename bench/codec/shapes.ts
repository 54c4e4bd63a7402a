// Golden struct shapes for the codec benchmark, with straight-line codecs
// written the way grid-gen emits them (map layout: header, then key/value in
// declaration order; tuple: array header, values). Each shape also has a
// plain-JS twin for the generic libraries, which pick formats from JS values.
import { MsgpReader, MsgpWriter, encodeKey } from "../../runtime/msgp/index.js";

/** Struct keys pre-encoded once, as generated codecs do. */
const K = {
  B: encodeKey("B"),
  Data: encodeKey("Data"),
  F32: encodeKey("F32"),
  F64: encodeKey("F64"),
  I: encodeKey("I"),
  I16: encodeKey("I16"),
  I32: encodeKey("I32"),
  I8: encodeKey("I8"),
  Ints: encodeKey("Ints"),
  Name: encodeKey("Name"),
  Owner: encodeKey("Owner"),
  Pts: encodeKey("Pts"),
  Quorum: encodeKey("Quorum"),
  Resources: encodeKey("Resources"),
  S: encodeKey("S"),
  Source: encodeKey("Source"),
  Strs: encodeKey("Strs"),
  Tags: encodeKey("Tags"),
  U16: encodeKey("U16"),
  U32: encodeKey("U32"),
  U8: encodeKey("U8"),
  UID: encodeKey("UID"),
  X: encodeKey("X"),
  Y: encodeKey("Y"),
};

/** One benchmark shape: a value, our typed codec, and the generic-library value. */
export interface Shape<T> {
  name: string;
  value: T;
  encode(w: MsgpWriter, v: T): void;
  decode(r: MsgpReader): T;
  /** The same data as plain JS for msgpackr / @msgpack/msgpack (no bigint, no Map). */
  plain: unknown;
}

interface LockArgs { UID: string; Resources: string[]; Source: string; Owner: string; Quorum: number }

const lockArgs: Shape<LockArgs> = {
  name: "LockArgs",
  value: { UID: "a1b2c3d4-e5f6-7890-abcd-ef0123456789", Resources: ["bucket/object/part.1", "bucket/object/xl.meta"], Source: "cmd/erasure-object.go:123", Owner: "node-3", Quorum: 3 },
  encode(w, v) {
    w.writeMapHeader(5);
    w.writePreencoded(K.UID); w.writeString(v.UID);
    w.writePreencoded(K.Resources); w.writeArrayHeader(v.Resources.length);
    for (const s of v.Resources) w.writeString(s);
    w.writePreencoded(K.Source); w.writeString(v.Source);
    w.writePreencoded(K.Owner); w.writeString(v.Owner);
    w.writePreencoded(K.Quorum); w.writeInt(v.Quorum);
  },
  decode(r) {
    const v: LockArgs = { UID: "", Resources: [], Source: "", Owner: "", Quorum: 0 };
    for (let n = r.readMapHeader(); n > 0; n--) {
      switch (r.readMapKey()) {
        case "UID": v.UID = r.readString(); break;
        case "Resources": {
          const k = r.readArrayHeader();
          const out = new Array<string>(k);
          for (let i = 0; i < k; i++) out[i] = r.readString();
          v.Resources = out;
          break;
        }
        case "Source": v.Source = r.readString(); break;
        case "Owner": v.Owner = r.readString(); break;
        case "Quorum": v.Quorum = r.readIntNumber(); break;
        default: r.skip();
      }
    }
    return v;
  },
  plain: null,
};
lockArgs.plain = lockArgs.value;

interface Scalars { B: boolean; I: number; I8: number; I16: number; I32: number; U8: number; U16: number; U32: number; F32: number; F64: number; S: string }
const scalars: Shape<Scalars> = {
  name: "Scalars",
  value: { B: true, I: -123456, I8: -5, I16: 300, I32: 70000, U8: 200, U16: 60000, U32: 4000000000, F32: 1.5, F64: 3.141592653589793, S: "hello grid" },
  encode(w, v) {
    w.writeMapHeader(11);
    w.writePreencoded(K.B); w.writeBool(v.B);
    w.writePreencoded(K.I); w.writeInt(v.I);
    w.writePreencoded(K.I8); w.writeInt(v.I8);
    w.writePreencoded(K.I16); w.writeInt(v.I16);
    w.writePreencoded(K.I32); w.writeInt(v.I32);
    w.writePreencoded(K.U8); w.writeUint(v.U8);
    w.writePreencoded(K.U16); w.writeUint(v.U16);
    w.writePreencoded(K.U32); w.writeUint(v.U32);
    w.writePreencoded(K.F32); w.writeFloat32(v.F32);
    w.writePreencoded(K.F64); w.writeFloat64(v.F64);
    w.writePreencoded(K.S); w.writeString(v.S);
  },
  decode(r) {
    const v: Scalars = { B: false, I: 0, I8: 0, I16: 0, I32: 0, U8: 0, U16: 0, U32: 0, F32: 0, F64: 0, S: "" };
    for (let n = r.readMapHeader(); n > 0; n--) {
      switch (r.readMapKey()) {
        case "B": v.B = r.readBool(); break;
        case "I": v.I = r.readIntNumber(); break;
        case "I8": v.I8 = r.readInt8(); break;
        case "I16": v.I16 = r.readInt16(); break;
        case "I32": v.I32 = r.readInt32(); break;
        case "U8": v.U8 = r.readUint8(); break;
        case "U16": v.U16 = r.readUint16(); break;
        case "U32": v.U32 = r.readUint32(); break;
        case "F32": v.F32 = r.readFloat32(); break;
        case "F64": v.F64 = r.readFloat64(); break;
        case "S": v.S = r.readString(); break;
        default: r.skip();
      }
    }
    return v;
  },
  plain: null,
};
scalars.plain = scalars.value;

interface GridMessage { MuxID: number; Seq: number; DeadlineMS: number; Handler: number; Op: number; Flags: number; Payload: Uint8Array }
const gridMessage: Shape<GridMessage> = {
  name: "GridMessage(tuple)",
  value: { MuxID: 123456, Seq: 42, DeadlineMS: 60000, Handler: 10, Op: 14, Flags: 1, Payload: new Uint8Array(64).fill(7) },
  encode(w, v) {
    w.writeArrayHeader(7);
    w.writeUint(v.MuxID); w.writeUint(v.Seq); w.writeUint(v.DeadlineMS);
    w.writeUint(v.Handler); w.writeUint(v.Op); w.writeUint(v.Flags); w.writeBytes(v.Payload);
  },
  decode(r) {
    if (r.readArrayHeader() !== 7) throw new Error("bad tuple");
    return { MuxID: r.readUintNumber(), Seq: r.readUint32(), DeadlineMS: r.readUint32(), Handler: r.readUint8(), Op: r.readUint8(), Flags: r.readUint8(), Payload: r.readBytesView() };
  },
  plain: null,
};
gridMessage.plain = [123456, 42, 60000, 10, 14, 1, gridMessage.value.Payload];

interface Point { X: number; Y: number }
interface Nested { Ints: number[]; Strs: string[]; Pts: Point[]; Tags: Map<string, string> }
const nested: Shape<Nested> = {
  name: "Nested(lists,structs,map)",
  value: {
    Ints: Array.from({ length: 20 }, (_, i) => i * 1000 - 5000),
    Strs: ["alpha", "beta", "gamma", "delta", "epsilon"],
    Pts: Array.from({ length: 10 }, (_, i) => ({ X: i, Y: i === 0 ? 0 : -i })),
    Tags: new Map([["content-type", "application/octet-stream"], ["etag", "d41d8cd98f00b204e9800998ecf8427e"], ["x-amz-meta", "v"]]),
  },
  encode(w, v) {
    w.writeMapHeader(4);
    w.writePreencoded(K.Ints); w.writeArrayHeader(v.Ints.length);
    for (const x of v.Ints) w.writeInt(x);
    w.writePreencoded(K.Strs); w.writeArrayHeader(v.Strs.length);
    for (const s of v.Strs) w.writeString(s);
    w.writePreencoded(K.Pts); w.writeArrayHeader(v.Pts.length);
    for (const p of v.Pts) {
      w.writeMapHeader(2);
      w.writePreencoded(K.X); w.writeInt(p.X);
      w.writePreencoded(K.Y); w.writeInt(p.Y);
    }
    w.writePreencoded(K.Tags); w.writeMapHeader(v.Tags.size);
    for (const [k, s] of v.Tags) { w.writeString(k); w.writeString(s); }
  },
  decode(r) {
    const v: Nested = { Ints: [], Strs: [], Pts: [], Tags: new Map() };
    for (let n = r.readMapHeader(); n > 0; n--) {
      switch (r.readMapKey()) {
        case "Ints": { const k = r.readArrayHeader(); const a = new Array<number>(k); for (let i = 0; i < k; i++) a[i] = r.readIntNumber(); v.Ints = a; break; }
        case "Strs": { const k = r.readArrayHeader(); const a = new Array<string>(k); for (let i = 0; i < k; i++) a[i] = r.readString(); v.Strs = a; break; }
        case "Pts": {
          const k = r.readArrayHeader();
          const a = new Array<Point>(k);
          for (let i = 0; i < k; i++) {
            const p: Point = { X: 0, Y: 0 };
            for (let m = r.readMapHeader(); m > 0; m--) {
              switch (r.readMapKey()) { case "X": p.X = r.readInt32(); break; case "Y": p.Y = r.readInt32(); break; default: r.skip(); }
            }
            a[i] = p;
          }
          v.Pts = a;
          break;
        }
        case "Tags": { const k = r.readMapHeader(); const m = new Map<string, string>(); for (let i = 0; i < k; i++) m.set(r.readMapKey(), r.readString()); v.Tags = m; break; }
        default: r.skip();
      }
    }
    return v;
  },
  plain: null,
};
nested.plain = { ...nested.value, Tags: Object.fromEntries(nested.value.Tags) };

interface Blob { Name: string; Data: Uint8Array }
const blob: Shape<Blob> = {
  name: "Blob(64KiB bytes)",
  value: { Name: "part.1", Data: new Uint8Array(65536).map((_, i) => i & 0xff) },
  encode(w, v) {
    w.writeMapHeader(2);
    w.writePreencoded(K.Name); w.writeString(v.Name);
    w.writePreencoded(K.Data); w.writeBytes(v.Data);
  },
  decode(r) {
    const v: Blob = { Name: "", Data: new Uint8Array(0) };
    for (let n = r.readMapHeader(); n > 0; n--) {
      switch (r.readMapKey()) { case "Name": v.Name = r.readString(); break; case "Data": v.Data = r.readBytesView(); break; default: r.skip(); }
    }
    return v;
  },
  plain: null,
};
blob.plain = blob.value;

/** All shapes, smallest first. */
export const SHAPES: Shape<never>[] = [scalars, lockArgs, gridMessage, nested, blob] as unknown as Shape<never>[];
