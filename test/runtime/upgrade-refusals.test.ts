// The acceptor's HTTP upgrade checks (spec 1.5): AuthRequest failing -> 403 before any upgrade;
// gobwas/ws's refusals for a non-GET method (405), HTTP/1.0 (505), a bad key or a missing version
// (400) and a wrong version (426); nothing is upgraded and the manager stays unconnected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { Manager } from "../../runtime/manager.js";

const OURS = "http://127.0.0.1:19001";
const PEER = "http://127.0.0.1:19002";
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/** Sends a raw HTTP request and returns the status line of the answer. */
async function statusOf(port: number, head: string): Promise<string> {
  const s = connect(port, "127.0.0.1");
  s.write(head);
  let acc = "";
  return new Promise((resolve) => {
    s.on("data", (d: Buffer) => {
      acc += d.toString("latin1");
      if (acc.includes("\r\n")) {
        resolve(acc.slice(0, acc.indexOf("\r\n")));
        s.destroy();
      }
    });
    s.on("close", () => resolve(acc.slice(0, acc.indexOf("\r\n"))));
  });
}

const req = (o: {
  method?: string;
  version?: string;
  path?: string;
  wsVersion?: string | null;
  key?: string;
  auth?: string;
}): string =>
  `${o.method ?? "GET"} ${o.path ?? "/minio/grid/v1"} HTTP/${o.version ?? "1.1"}\r\nHost: 127.0.0.1:19001\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  (o.wsVersion === null
    ? ""
    : `Sec-WebSocket-Version: ${o.wsVersion ?? "13"}\r\n`) +
  `Sec-WebSocket-Key: ${o.key ?? KEY}\r\nAuthorization: Bearer ${o.auth ?? "ok"}\r\n\r\n`;

test(
  "upgrade refusals: 403 from AuthRequest, then gobwas/ws's 405 / 505 / 400 / 426; 101 for a good request",
  { timeout: 10_000 },
  async () => {
    const m = new Manager({
      local: OURS,
      hosts: [OURS, PEER],
      auth: {
        authRequest: (r) => {
          if (r.headers.authorization !== "Bearer ok")
            throw new Error("bad bearer");
        },
      },
    });
    const { port } = await m.listen(0);
    try {
      assert.match(
        await statusOf(port, req({ auth: "nope" })),
        /^HTTP\/1\.1 403 /,
      );
      assert.match(
        await statusOf(port, req({ method: "POST" })),
        /^HTTP\/1\.1 405 /,
      );
      assert.match(
        await statusOf(port, req({ version: "1.0" })),
        /^HTTP\/1\.1 505 /,
      );
      assert.match(
        await statusOf(port, req({ key: "c2hvcnQ=" })),
        /^HTTP\/1\.1 400 /,
      );
      assert.match(
        await statusOf(port, req({ wsVersion: null })),
        /^HTTP\/1\.1 400 /,
      );
      assert.match(
        await statusOf(port, req({ wsVersion: "8" })),
        /^HTTP\/1\.1 426 /,
      );
      assert.match(
        await statusOf(port, req({ path: "/minio/grid/lock/v1" })),
        /^HTTP\/1\.1 404 /,
      );
      assert.equal(
        await statusOf(port, req({})),
        "HTTP/1.1 101 Switching Protocols",
      );
      assert.equal(m.connection(PEER)!.stats().connected, false);
    } finally {
      await m.close();
    }
  },
);
