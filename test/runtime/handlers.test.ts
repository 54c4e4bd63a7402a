// Handler registration rules (spec 7.2): ids valid per profile, duplicates refused across kinds,
// subroute registrations beside plain ones, the two test ids exempt from duplicate checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import {
  HandlerExistsError,
  UnknownHandlerError,
} from "../../runtime/errors.js";
import type { WireProfile } from "../../runtime/wire/profile.js";

const H = "http://127.0.0.1:1";
const single = (): null => null;
async function* stream(): AsyncIterable<Uint8Array> {}

for (const [profile, last] of [
  ["current", 80],
  ["2024-04", 75],
] as Array<[WireProfile, number]>) {
  test(`[${profile}] registration rules`, async () => {
    const m = new Manager({ local: H, hosts: [H], profile });
    try {
      assert.throws(() => m.registerSingle(0, single), UnknownHandlerError);
      assert.throws(() => m.registerSingle(last, single), UnknownHandlerError);
      assert.throws(() => m.registerStream(last, stream), UnknownHandlerError);
      m.registerSingle(last - 3, single); // the last non-test id is valid
      // A plain id is taken by any kind.
      m.registerSingle(5, single);
      assert.throws(() => m.registerSingle(5, single), HandlerExistsError);
      assert.throws(() => m.registerStream(5, stream), HandlerExistsError);
      // Subroute registrations live beside the plain one, and are unique per (id, subroute) across kinds.
      m.registerSingle(5, single, { subroute: "a/b" });
      assert.throws(
        () => m.registerSingle(5, single, { subroute: "a/b" }),
        HandlerExistsError,
      );
      assert.throws(
        () => m.registerStream(5, stream, { subroute: "a/b" }),
        HandlerExistsError,
      );
      m.registerStream(5, stream, { subroute: "c" });
      // The two test ids (handlerLast-2, handlerLast-1) may be registered again (Go's tests reuse them).
      for (const id of [last - 2, last - 1]) {
        m.registerSingle(id, single);
        m.registerSingle(id, single);
        m.registerStream(id, stream);
        m.registerStream(id, stream, { subroute: "x" });
        m.registerStream(id, stream, { subroute: "x" });
      }
    } finally {
      await m.close();
    }
  });
}
