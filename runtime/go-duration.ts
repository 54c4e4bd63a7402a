// Go's time.Duration.String(), needed verbatim in the handshake's clock-skew rejection text.

/** Formats nanoseconds like Go (e.g. "10m0.5s", "1h0m0s", "1.5ms", "0s"). */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  const sign = neg ? "-" : "";
  if (u < 1_000_000_000n) {
    const units: Array<[bigint, string]> = [
      [1_000_000n, "ms"],
      [1_000n, "µs"],
      [1n, "ns"],
    ];
    for (const [d, name] of units) if (u >= d) return sign + frac(u, d) + name;
  }
  const h = u / 3_600_000_000_000n;
  u -= h * 3_600_000_000_000n;
  const m = u / 60_000_000_000n;
  u -= m * 60_000_000_000n;
  const s = frac(u, 1_000_000_000n) + "s";
  if (h > 0n) return `${sign}${h}h${m}m${s}`;
  if (m > 0n) return `${sign}${m}m${s}`;
  return sign + s;
}

function frac(v: bigint, unit: bigint): string {
  const whole = v / unit;
  const rest = v % unit;
  if (rest === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, "0").replace(/0+$/, "")}`;
}
