// A free TCP port on 127.0.0.1 for tests, the soak and benches that must hand a port to another
// process before it listens (a child cannot be given "port 0" and report back in time).
import { createServer } from "node:net";

/** Binds port 0, reads the port the kernel chose, and releases it. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof a === "object" && a ? a.port : 0;
}
