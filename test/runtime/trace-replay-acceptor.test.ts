// Replay of every recorded Go scenario with OUR node as the WebSocket ACCEPTOR (grid-traces.md
// "Replay against a TS acceptor"): a raw stand-in for the Go dialer sends the recorded upgrade
// request and dialer frames verbatim to our Manager's listener; our 101 answer, OpConnectResponse
// and every message after them must be the recorded Go acceptor's, byte for byte (rules and the
// documented exceptions in replay-engine.ts). Our node is mux server where the Go dialer called,
// and mux client in the reverse_* scenarios.
import { test } from "node:test";
import type { GridTiming } from "../../runtime/options.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import { replay } from "./replay-engine.js";
import { loadTraces } from "./trace-file.js";

/** Compressed timers where the recording waited for Go's 10 s / 15 s intervals. */
const TIMING: Record<string, Partial<GridTiming>> = {
  conn_ping: { connPingIntervalMs: 150 },
  stream_ping: { connPingIntervalMs: 100, streamPingIntervalMs: 500 },
};

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  for (const s of loadTraces(profile).scenarios) {
    test(
      `[${profile}] acceptor replay ${s.name}: our acceptor answers what Go's did`,
      { timeout: 15_000 },
      async () => {
        await replay({ profile, s, side: "acceptor", timing: TIMING[s.name] });
      },
    );
  }
}
