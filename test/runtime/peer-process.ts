// A grid node in its own process, for multi-process tests and the benchmark server.
// Usage: tsx peer-process.ts <local-host> <comma-separated-hosts> <port> [profile]
import { Manager } from "../../runtime/manager.js";
import type { WireProfile } from "../../runtime/wire/profile.js";

const [local, hostList, port, profile] = process.argv.slice(2);
const t1 = profile === "2024-04" ? 73 : 78;
const m = new Manager({
  local: local!,
  hosts: hostList!.split(","),
  profile: (profile ?? "current") as WireProfile,
  timing: { connPingIntervalMs: 200, streamPingIntervalMs: 200, retryBaseMs: 60 },
});
const te = new TextEncoder();
m.registerSingle(t1, (p) => p);
m.registerStream(t1, async function* (p, _in, ctx) {
  const n = Number(new TextDecoder().decode(p ?? new Uint8Array(0)) || "10");
  for (let i = 0; i < n && !ctx.signal.aborted; i++) {
    const out = new Uint8Array(1 + (p?.length ?? 0));
    out[0] = i & 0xff;
    if (p) out.set(p, 1);
    yield out;
    if (n > 1000) await new Promise((r) => setTimeout(r, 5));
  }
}, { outCapacity: 1 });
m.registerStream(t1 + 1, async function* (_p, input) {
  for await (const x of input) yield x;
}, { inCapacity: 1, outCapacity: 1 });
m.registerSingle(t1 + 1, async (p, ctx) => te.encode(`caller=${ctx.caller} len=${p?.length ?? 0}`));
await m.listen(Number(port), "127.0.0.1");
process.stdout.write("ready\n");
process.on("SIGTERM", () => void m.close().then(() => process.exit(0)));
