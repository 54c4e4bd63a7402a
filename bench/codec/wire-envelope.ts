// Can runtime/msgp serve the grid envelope hot path? (npx tsx bench/codec/wire-envelope.ts)
// Compares, per message, the wire's fixed-layout encoder/decoder (runtime/wire/message.ts, built on
// runtime/wire/msgp-lite.ts primitives) with the same work done through MsgpWriter / MsgpReader.
// No CRC flag, so only the MessagePack part is measured. Result goes into msgp-lite.ts's header.
import { MsgpReader, MsgpWriter } from "../../runtime/msgp/index.js";
import { messageSize, readMessage, writeMessageAt, type Message } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";

const payload = new Uint8Array(512).fill(7);
const msgs: Message[] = Array.from({ length: 64 }, (_, i) => ({
  muxId: 1000 + i * 37,
  seq: 0,
  deadlineMs: 29_999,
  handler: 78,
  op: Op.Request,
  flags: Flag.EOF,
  payload,
}));
const N = 400_000;
const out = Buffer.allocUnsafe(1 << 20);

function time(name: string, f: () => number): void {
  for (let w = 0; w < 3; w++) f();
  const t = process.hrtime.bigint();
  let x = 0;
  for (let r = 0; r < 5; r++) x += f();
  const ns = Number(process.hrtime.bigint() - t) / (5 * N);
  console.log(`${name.padEnd(44)} ${ns.toFixed(1)} ns/message (${x & 1})`);
}

// --- encode: into the writer's output chunk at an offset (what the frame batcher needs)
time("encode: writeMessageAt (wire)", () => {
  let o = 0;
  for (let i = 0; i < N; i++) {
    const m = msgs[i & 63]!;
    if (o + 600 > out.length) o = 0;
    o = writeMessageAt(out, o, m);
  }
  return o;
});
const w = new MsgpWriter(1 << 16);
time("encode: MsgpWriter + copy into the chunk", () => {
  let o = 0;
  for (let i = 0; i < N; i++) {
    const m = msgs[i & 63]!;
    w.writeArrayHeader(7);
    w.writeUint(m.muxId);
    w.writeUint(m.seq);
    w.writeUint(m.deadlineMs);
    w.writeUint(m.handler);
    w.writeUint(m.op);
    w.writeUint(m.flags);
    w.writeBytes(m.payload!);
    const b = w.finish();
    if (o + 600 > out.length) o = 0;
    out.set(b, o);
    o += b.length;
  }
  return o;
});

// --- decode: one message inside a received frame (views, range checks per field)
const frame = Buffer.allocUnsafe(messageSize(msgs[0]!) * 64);
let fo = 0;
const offs: number[] = [];
for (const m of msgs) {
  offs.push(fo);
  fo = writeMessageAt(frame, fo, m);
}
offs.push(fo);
time("decode: readMessage (wire)", () => {
  let x = 0;
  for (let i = 0; i < N; i++) {
    const k = i & 63;
    x += readMessage(frame, offs[k]!, offs[k + 1]!).muxId;
  }
  return x;
});
time("decode: MsgpReader on a subarray", () => {
  let x = 0;
  for (let i = 0; i < N; i++) {
    const k = i & 63;
    const r = new MsgpReader(frame.subarray(offs[k]!, offs[k + 1]!));
    if (r.readArrayHeader() !== 7) throw new Error("tuple");
    const m: Message = {
      muxId: r.readUintNumber(),
      seq: r.readUint32(),
      deadlineMs: r.readUint32(),
      handler: r.readUint8(),
      op: r.readUint8(),
      flags: r.readUint8(),
      payload: r.readBytesView(),
      subroute: null,
    };
    x += m.muxId;
  }
  return x;
});
