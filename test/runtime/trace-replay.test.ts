// Replay of every recorded Go scenario with OUR node as the WebSocket DIALER (grid-traces.md "Replay
// against a TS dialer"): a fake acceptor on the recorded port plays the recorded Go acceptor's
// frames; our node (host 127.0.0.1:19002, as recorded) makes the recorded calls; its upgrade request,
// OpConnect and every later message must be the recorded Go dialer's (rules and the documented
// exceptions in replay-engine.ts), and the API results must equal the recorded callerResults.
// Our node is mux client where the Go dialer called, and mux server in the reverse_* scenarios.
// All dialer replays live in this one file: they share the recorded acceptor port 19001.
import { test } from "node:test";
import type { GridTiming } from "../../runtime/options.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import { replay } from "./replay-engine.js";
import { loadTraces } from "./trace-file.js";

/** Compressed timers where the recording waited for Go's 10 s / 15 s intervals. */
const TIMING: Record<string, Partial<GridTiming>> = {
  conn_ping: { connPingIntervalMs: 150 },
  // Our one stream ping must come after our first connection ping's exchange, as in the recording.
  stream_ping: { connPingIntervalMs: 100, streamPingIntervalMs: 500 },
};

/** Differences from the recording that need a change in a file this test's owner does not own. */
const KNOWN: Record<string, string> = {};

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  for (const s of loadTraces(profile).scenarios) {
    const todo = KNOWN[`${profile}/${s.name}`];
    test(
      `[${profile}] dialer replay ${s.name}: our dialer sends what Go's did`,
      { timeout: 15_000, todo },
      async () => {
        await replay({ profile, s, side: "dialer", timing: TIMING[s.name] });
      },
    );
  }
  const rejected = loadTraces(profile).scenarios.find(
    (s) => s.name === "handshake_rejected",
  )!;
  test(
    `[${profile}] dialer replay handshake_rejected: like Go, our dialer leaves closing the rejected socket to the acceptor`,
    { timeout: 15_000 },
    async () => {
      await replay({
        profile,
        s: rejected,
        side: "dialer",
        dialerLeavesClose: true,
      });
    },
  );
}
