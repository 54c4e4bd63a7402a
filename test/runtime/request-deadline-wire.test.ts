// DeadlineMS of single requests on the wire (spec 5.1 step 3): a call without a deadline carries
// exactly 60000 (Go writes the constant, and the recorded traces show 60000 in every default
// request), whatever the clock does between the moments our code reads it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Op } from "../../runtime/wire/ops.js";
import type { Message } from "../../runtime/wire/message.js";
import { setupGrid, bytes } from "./harness.js";

test(
  "a request without a deadline sends DeadlineMS 60000 even when the clock ticks during the call",
  {
    timeout: 10_000,
  },
  async () => {
    const sent: Message[] = [];
    const g = await setupGrid(2, {
      configure: (m) => m.registerSingle(78, async (p) => p),
      extra: (i) =>
        i === 0
          ? {
              trace: (ev) =>
                void (
                  ev.dir === "out" &&
                  ev.msg.op === Op.Request &&
                  sent.push(ev.msg)
                ),
            }
          : {},
    });
    try {
      const c = g.managers[0]!.connection(g.hosts[1]!)!;
      const realNow = Date.now;
      let t = realNow();
      Date.now = () => (t += 1); // every read of the clock sees the next millisecond
      let call: Promise<Uint8Array | null>;
      try {
        call = c.request(78, bytes("x"));
      } finally {
        Date.now = realNow;
      }
      await call;
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.deadlineMs, 60_000);
    } finally {
      await g.close();
    }
  },
);
