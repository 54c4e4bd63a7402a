// goDuration must print exactly what Go's time.Duration.String() prints: the text travels in the
// clock-skew handshake rejection ("time difference too large between servers: <duration>").
import { test } from "node:test";
import assert from "node:assert/strict";
import { goDuration } from "../../runtime/go-duration.js";

test("goDuration matches Go's Duration.String()", () => {
  const cases: Array<[bigint, string]> = [
    [0n, "0s"],
    [1n, "1ns"],
    [999n, "999ns"],
    [1_500n, "1.5µs"],
    [1_000_000n, "1ms"],
    [1_500_000n, "1.5ms"],
    [1_000_000_000n, "1s"],
    [1_500_000_000n, "1.5s"],
    [60_000_000_000n, "1m0s"],
    [90_000_000_000n, "1m30s"],
    [600_500_000_000n, "10m0.5s"],
    [3_600_000_000_000n, "1h0m0s"],
    [3_723_004_005_006n, "1h2m3.004005006s"],
    [-1_500_000_000n, "-1.5s"],
    [-1n, "-1ns"],
    [(1n << 63n) - 1n, "2562047h47m16.854775807s"],
  ];
  for (const [ns, want] of cases) assert.equal(goDuration(ns), want, `${ns} ns`);
});
