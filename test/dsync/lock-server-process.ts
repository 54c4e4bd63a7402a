// A lock server in its own process, for the multi-process safety test: one LockNode on the
// given loopback port. Prints "ready" once it accepts grid connections.
import { createServer } from "node:http";
import { LockNode } from "../../dsync/lock-node.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import { FAST_GRID } from "./grid-cluster.js";

const [portArg, hostsArg, profileArg] = process.argv.slice(2);
const port = Number(portArg);
const hosts = JSON.parse(hostsArg ?? "[]") as string[];
const profile = (profileArg ?? "current") as WireProfile;
const host = `http://127.0.0.1:${port}`;
const server = createServer((_q, r) => r.writeHead(404).end());
server.listen(port, "127.0.0.1", () => {
  new LockNode({ host, hosts, server, profile, timing: FAST_GRID, maintenance: { intervalMs: 500, validityMs: 2000 } });
  process.stdout.write("ready\n");
});
// The parent going away must not leave orphans behind.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
