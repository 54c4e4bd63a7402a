// The connection's output batcher (transport/frame-batcher.ts): frames it builds must be valid
// WebSocket frames whose bodies are exactly Go's messages and merges (spec 2.8, 4.4): at most
// maxMerge buffered messages plus the one that closes the batch, the 31 KiB rule on buffered bytes,
// a lone message never wrapped, masking only on the dialer side, and no frame changing after it
// was handed out (the chunk is only rewound through recycle()).
import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameBatcher, MERGE_BYTE_LIMIT } from "../../runtime/transport/frame-batcher.js";
import { FrameReader } from "../../runtime/transport/ws-frame.js";
import { encodeMessage, parseMessage, splitMerged, type Message } from "../../runtime/wire/message.js";
import { Flag, Op } from "../../runtime/wire/ops.js";

function msg(i: number, size: number): Message {
  const payload = new Uint8Array(size);
  for (let k = 0; k < size; k++) payload[k] = (i * 31 + k) & 0xff;
  return { muxId: i + 1, seq: i, deadlineMs: 1000 + i, handler: 9, op: Op.Request, flags: Flag.CRC | Flag.EOF, payload };
}

/** Decodes frames as the peer would: the frame bodies, each split into the grid messages it holds. */
function decode(frames: Buffer[], masked: boolean): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  const r = new FrameReader(masked, 1 << 30, {
    message: (d) => {
      const copy = new Uint8Array(d);
      const p = parseMessage(copy);
      out.push(p.msg.op === Op.Merged ? splitMerged(copy, p) : [copy]);
    },
    control: () => assert.fail("no control frames expected"),
  });
  for (const f of frames) r.push(Buffer.from(f));
  return out;
}

function drain(b: FrameBatcher): { frames: Buffer[]; counts: number[] } {
  const frames: Buffer[] = [];
  const counts: number[] = [];
  for (let f = b.next(); f; f = b.next()) {
    frames.push(Buffer.from(f.frame)); // what the socket took; later writes must not change it
    counts.push(f.messages);
  }
  return { frames, counts };
}

for (const masked of [false, true]) {
  test(`${masked ? "dialer (masked)" : "acceptor"}: frames carry Go's merges byte for byte`, () => {
    const maxMerge = 50;
    const b = new FrameBatcher(maxMerge, masked);
    const sent: Message[] = [];
    const add = (m: Message): boolean => (sent.push(m), b.add(m));
    // 120 small messages: batches close at maxMerge+1; the tail closes at the end of the tick.
    let closedEarly = 0;
    for (let i = 0; i < 120; i++) if (add(msg(i, 20))) closedEarly++;
    assert.equal(closedEarly, 2);
    assert.equal(b.pending, 120);
    b.close();
    // A lone message; then a huge one that must close its batch and be written whole.
    add(msg(200, 100));
    b.close();
    add(msg(201, 40));
    add(msg(202, 300_000));
    add(msg(203, 10));
    b.close();
    // Bytes rule: buffered bytes stay below 31 KiB, the message crossing it closes the batch.
    for (let i = 0; i < 10; i++) add(msg(300 + i, 8000));
    b.close();
    const { frames, counts } = drain(b);
    assert.equal(b.pending, 0);
    const bodies = decode(frames, masked);
    assert.deepEqual(
      bodies.map((x) => x.length),
      counts,
    );
    assert.deepEqual(counts.slice(0, 4), [51, 51, 18, 1]);
    assert.deepEqual(counts.slice(4, 6), [2, 1], "the 300 kB message ends its batch; the next starts a new one");
    for (const c of counts) assert.ok(c <= maxMerge + 1);
    // Every merged frame's buffered part (all but the last entry) stays below the byte limit.
    for (const frame of bodies) {
      if (frame.length < 2) continue;
      const buffered = frame.slice(0, -1).reduce((n, x) => n + x.length, 0);
      assert.ok(buffered < MERGE_BYTE_LIMIT, `buffered ${buffered} bytes`);
    }
    // And the bodies are exactly what encodeMessage makes, in order.
    const flat = bodies.flat();
    assert.equal(flat.length, sent.length);
    flat.forEach((body, i) => assert.deepEqual(body, new Uint8Array(encodeMessage(sent[i]!)), `message ${i}`));
  });
}

test("frames handed out stay intact; recycle() only rewinds when nothing is pending", () => {
  const b = new FrameBatcher(50, true);
  b.add(msg(1, 64));
  b.close();
  const f1 = b.next()!;
  const copy = Buffer.from(f1.frame);
  b.add(msg(2, 64));
  b.recycle(); // an open batch exists: must not rewind
  b.close();
  const f2 = b.next()!;
  assert.deepEqual(Buffer.from(f1.frame), copy, "a later message overwrote a handed-out frame");
  b.recycle(); // nothing pending: the chunk may be reused now (the socket has taken f1, f2)
  b.add(msg(3, 64));
  b.close();
  const f3 = b.next()!;
  assert.deepEqual(decode([copy, Buffer.from(f2.frame), Buffer.from(f3.frame)], true).flat().length, 3);
});

test("a message the batcher refuses (SUB flag without subroute id) leaves no trace in the frames", () => {
  const b = new FrameBatcher(50, false);
  b.add(msg(1, 10));
  assert.throws(() => b.add({ ...msg(2, 10), flags: Flag.CRC | Flag.Subroute }), /subroute/);
  b.add(msg(3, 10));
  b.close();
  const { frames, counts } = drain(b);
  assert.deepEqual(counts, [2]);
  assert.deepEqual(decode(frames, false).flat().map((x) => parseMessage(x).msg.muxId), [2, 4]);
});
