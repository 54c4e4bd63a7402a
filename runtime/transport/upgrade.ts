// The HTTP/1.1 WebSocket upgrade exactly as the Go grid performs it (spec 1.3-1.6, 11.1, 14.1).
import { createHash, randomBytes } from "node:crypto";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WireProfile } from "../wire/profile.js";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Sec-WebSocket-Accept for a key (RFC 6455 4.2.2). */
export function acceptKey(key: string): string {
  return createHash("sha1").update(key + WS_GUID).digest("base64");
}

/** Dial target derived from a host string (spec 1.3). */
export interface DialTarget {
  secure: boolean;
  hostname: string;
  port: number;
  /** Value of the Host header: the URL's host[:port] as written. */
  hostHeader: string;
  path: string;
}

/** Applies the http->ws / https->wss rule and appends the route path; throws for other schemes. */
export function dialTarget(host: string, routePath: string): DialTarget {
  let url = host.replace("http://", "ws://").replace("https://", "wss://");
  if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
    throw new Error(`grid: cannot dial ${JSON.stringify(host)}: host strings must start with http://, https://, ws:// or wss://`);
  }
  url += routePath;
  const u = new URL(url);
  const secure = u.protocol === "wss:";
  const hostname = u.hostname.replace(/^\[|\]$/g, "");
  return { secure, hostname, port: u.port ? Number(u.port) : secure ? 443 : 80, hostHeader: u.host, path: u.pathname + u.search };
}

/** Go's RFC 3339 with whole seconds in UTC (reference X-Minio-Time). */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The upgrade request text, header order as gobwas/ws writes it (custom headers sorted by name). */
export function upgradeRequestText(t: DialTarget, key: string, token: string, profile: WireProfile, nowNs: bigint): string {
  const time = profile === "current" ? nowNs.toString() : rfc3339Seconds(Number(nowNs / 1_000_000n));
  // Go's header writer trims trailing white space: an empty token gives "Bearer" (spec 14.1).
  const auth = token === "" ? "Bearer" : `Bearer ${token}`;
  return (
    `GET ${t.path} HTTP/1.1\r\nHost: ${t.hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\nAuthorization: ${auth}\r\nX-Minio-Time: ${time}\r\n\r\n`
  );
}

/** Thrown when the dial or upgrade fails (network error, timeout, non-101 answer). */
export class DialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DialError";
  }
}

/** Options for one dial attempt. */
export interface DialOptions {
  routePath: string;
  token: string;
  profile: WireProfile;
  nowNs: bigint;
  timeoutMs: number;
  tls?: ConnectionOptions;
  signal?: AbortSignal;
}

/**
 * Opens TCP(+TLS), sends the upgrade request and validates the 101 answer within `timeoutMs`.
 * Resolves with the raw socket and any bytes that followed the response header.
 */
export function dialUpgrade(host: string, o: DialOptions): Promise<{ socket: Socket; rest: Buffer }> {
  const t = dialTarget(host, o.routePath);
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    let done = false;
    const socket: Socket = t.secure
      ? tlsConnect({ host: t.hostname, port: t.port, servername: o.tls?.servername ?? t.hostname, ...o.tls })
      : netConnect({ host: t.hostname, port: t.port });
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    let got = 0;
    const fail = (msg: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(new DialError(`grid: dial ${t.secure ? "wss" : "ws"}://${t.hostHeader}${t.path}: ${msg}`));
    };
    const onAbort = (): void => fail("aborted");
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => fail(`no upgrade within ${o.timeoutMs} ms`), o.timeoutMs);
    socket.once(t.secure ? "secureConnect" : "connect", () => {
      socket.write(upgradeRequestText(t, key, o.token, o.profile, o.nowNs));
    });
    socket.on("error", (e) => fail(e.message));
    socket.on("close", () => fail("connection closed during upgrade"));
    const onData = (c: Buffer): void => {
      chunks.push(c);
      got += c.length;
      const all = Buffer.concat(chunks, got);
      const end = all.indexOf("\r\n\r\n");
      if (end < 0) {
        if (got > 16384) fail("upgrade response header larger than 16 KiB");
        return;
      }
      const head = all.subarray(0, end).toString("latin1").split("\r\n");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? "");
      const hdr = new Map<string, string>();
      for (const line of head.slice(1)) {
        const i = line.indexOf(":");
        if (i > 0) hdr.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
      }
      if (!status || status[1] !== "101") return fail(`upgrade refused: ${head[0] ?? "empty response"}`);
      if ((hdr.get("upgrade") ?? "").toLowerCase() !== "websocket") return fail("101 response without Upgrade: websocket");
      if (!(hdr.get("connection") ?? "").toLowerCase().includes("upgrade")) return fail("101 response without Connection: Upgrade");
      if (hdr.get("sec-websocket-accept") !== acceptKey(key)) return fail("wrong Sec-WebSocket-Accept");
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      socket.removeListener("data", onData);
      socket.removeAllListeners("error");
      socket.removeAllListeners("close");
      resolve({ socket, rest: all.subarray(end + 4) });
    };
    socket.on("data", onData);
  });
}

/** Answers a non-upgradable request on the raw socket with a short plain-text HTTP error. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, body: string): void {
  try {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  } catch {
    socket.destroy();
  }
}

/**
 * Validates an incoming upgrade like gobwas/ws does (405/505/400/426) and writes the 101 answer.
 * Returns false (after answering) when the request is not a valid WebSocket upgrade.
 */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  if (req.method !== "GET") {
    refuseUpgrade(socket, 405, "Method Not Allowed", "grid: upgrade must use GET");
    return false;
  }
  if (req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor < 1)) {
    refuseUpgrade(socket, 505, "HTTP Version Not Supported", "grid: upgrade needs HTTP/1.1");
    return false;
  }
  const h = req.headers;
  const key = h["sec-websocket-key"];
  const version = h["sec-websocket-version"];
  if (
    !h.host ||
    (h.upgrade ?? "").toLowerCase() !== "websocket" ||
    !(h.connection ?? "").toLowerCase().split(/\s*,\s*/).includes("upgrade") ||
    typeof key !== "string" ||
    key.length !== 24
  ) {
    refuseUpgrade(socket, 400, "Bad Request", "grid: not a valid WebSocket upgrade (Host, Upgrade, Connection, 24-char Sec-WebSocket-Key required)");
    return false;
  }
  if (version !== "13") {
    refuseUpgrade(socket, version ? 426 : 400, version ? "Upgrade Required" : "Bad Request", "grid: Sec-WebSocket-Version must be 13");
    return false;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
  return true;
}
