// The grid manager (spec 8.2, 11.1): one per route path; owns the connections to all remote hosts,
// the handler registry, and the acceptor side of the handshake (spec 4.2).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { Socket } from "node:net";
import { Connection, ConnState, newInstanceId, type ConnectionStats } from "./connection.js";
import type { ManagerCore } from "./core.js";
import { localShouldDial } from "./dial-rule.js";
import { errorText, GridError } from "./errors.js";
import { goDuration } from "./go-duration.js";
import { goOpString } from "./handler-names.js";
import { HandlerRegistry, type SingleHandler, type StreamHandler, type RegisterOptions, type StreamRegisterOptions } from "./handlers.js";
import { DEFAULT_TIMING, ROUTE_PATH, type ManagerOptions } from "./options.js";
import { WsLink } from "./transport/link.js";
import { acceptUpgrade, refuseUpgrade } from "./transport/upgrade.js";
import { encodeMessage, parseMessage } from "./wire/message.js";
import { timeToNanos } from "./wire/msgp-lite.js";
import { Op } from "./wire/ops.js";
import { decodeConnectReq, encodeConnectResp } from "./wire/payloads.js";
import { profileConstants } from "./wire/profile.js";

/** Go's largest time.Duration (int64 nanoseconds). */
const MAX_GO_DURATION = (1n << 63n) - 1n;

const routers = new WeakMap<object, Map<string, Manager>>();

/**
 * A grid node on one route path. Construct it, register handlers, mount it (`attach(server)` or
 * `listen()`), then call `connection(host)`. Dialing starts immediately (after `blockConnect`), for
 * the hosts the XXH3 rule says this node must dial; the others are awaited.
 */
export class Manager {
  /** This node's host string. */
  readonly local: string;
  /** 16-byte instance id sent in every handshake. */
  readonly id: Uint8Array;
  /** Route path served and dialed, e.g. "/minio/grid/v1". */
  readonly routePath: string;
  private readonly core: ManagerCore;
  private readonly conns = new Map<string, Connection>();
  private readonly registry: HandlerRegistry;
  private closed = false;
  private readonly servers: Array<{ server: Server | HttpsServer; owned: boolean }> = [];
  private readonly pendingSockets = new Set<Duplex>();

  constructor(o: ManagerOptions) {
    const count = o.hosts.filter((h) => h === o.local).length;
    if (count === 0) throw new GridError("grid: local host not found", "CONFIG");
    if (count > 1) throw new GridError("grid: local host found multiple times", "CONFIG");
    const profile = o.profile ?? "current";
    const pc = profileConstants(profile);
    this.local = o.local;
    this.id = o.instanceId ?? newInstanceId();
    this.routePath = o.routePath ?? ROUTE_PATH;
    this.registry = new HandlerRegistry(pc.handlerLast);
    this.core = {
      local: o.local,
      id: this.id,
      profile,
      pc,
      timing: { ...DEFAULT_TIMING, ...o.timing },
      registry: this.registry,
      auth: o.auth ?? {},
      tls: o.tls,
      routePath: this.routePath,
      maxMessageBytes: o.maxMessageBytes ?? 256 * 1024 * 1024,
      trace: o.trace,
      nowNs: o.clockNs ?? (() => BigInt(Date.now()) * 1_000_000n),
      blockConnect: o.blockConnect ?? Promise.resolve(),
    };
    for (const h of o.hosts) {
      if (h === o.local || this.conns.has(h)) continue;
      this.conns.set(h, new Connection(this.core, h, localShouldDial(o.local, h)));
    }
  }

  /** The connection to `host`, or undefined for unknown hosts and for the local host. */
  connection(host: string): Connection | undefined {
    return this.conns.get(host);
  }

  /** Remote host strings. */
  targets(): string[] {
    return [...this.conns.keys()];
  }

  /** Registers a single-request handler (spec 7.2). Throws UnknownHandlerError / HandlerExistsError. */
  registerSingle(handlerId: number, fn: SingleHandler, o: RegisterOptions = {}): void {
    this.registry.addSingle(handlerId, fn, o.subroute ?? "");
  }

  /** Registers a stream handler with its capacities (must match the peers' registrations). */
  registerStream(handlerId: number, fn: StreamHandler, o: StreamRegisterOptions = {}): void {
    this.registry.addStream(handlerId, fn, o);
  }

  /** Resolves when every connection is up (or rejects when `signal` aborts). */
  async waitAllConnected(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.conns.values()].map((c) => c.waitForConnect(signal)));
  }

  /** Stats of every connection, keyed by remote host. */
  stats(): Record<string, ConnectionStats> {
    const out: Record<string, ConnectionStats> = {};
    for (const [h, c] of this.conns) out[h] = c.stats();
    return out;
  }

  /**
   * Upgrade handler for any node:http(s) server's 'upgrade' event. Returns false (and touches
   * nothing) when the path is not this manager's route, so several managers can share a server.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (req.url ?? "").split("?")[0];
    if (path !== this.routePath) return false;
    void this.accept(req, socket, head);
    return true;
  }

  /** Mounts this manager on an existing server; managers on different route paths can share one. */
  attach(server: Server | HttpsServer): void {
    let table = routers.get(server);
    if (!table) {
      const t = new Map<string, Manager>();
      routers.set(server, t);
      table = t;
      server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        const m = t.get(path);
        if (!m) refuseUpgrade(socket, 404, "Not Found", `grid: no grid manager on ${path}`);
        else m.handleUpgrade(req, socket, head);
      });
    }
    table.set(this.routePath, this);
    this.servers.push({ server, owned: false });
  }

  /** Ready-made listener: an HTTP server on 127.0.0.1 (port 0 = ephemeral) serving only this route. */
  async listen(port = 0, host = "127.0.0.1"): Promise<{ server: Server; port: number }> {
    const server = createServer((_req, res) => {
      res.writeHead(426, { "content-type": "text/plain" }).end("grid: this endpoint only accepts WebSocket upgrades\n");
    });
    this.attach(server);
    this.servers[this.servers.length - 1]!.owned = true;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address();
    return { server, port: typeof addr === "object" && addr ? addr.port : port };
  }

  /** Shuts every connection down, stops dialing, and closes servers created by `listen()`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.conns.values()) c.close();
    for (const s of this.pendingSockets) s.destroy();
    await Promise.all(
      this.servers
        .filter((s) => s.owned)
        .map(
          (s) =>
            new Promise<void>((r) => {
              s.server.close(() => r());
              (s.server as Server).closeAllConnections?.();
            }),
        ),
    );
  }

  // ---------------------------------------------------------------- acceptor

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.closed) return void socket.destroy();
    this.pendingSockets.add(socket);
    socket.once("close", () => this.pendingSockets.delete(socket));
    try {
      await this.core.auth.authRequest?.(req);
    } catch (e) {
      refuseUpgrade(socket, 403, "Forbidden", `grid: ${errorText(e)}`);
      return;
    }
    if (!acceptUpgrade(req, socket)) return;
    (socket as Socket).setNoDelay?.(true);
    const link = new WsLink(socket, false, this.core.maxMessageBytes, this.core.timing.writeTimeoutMs);
    const reject = (reason: string): void => {
      link.send(encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, op: Op.ConnectResponse, flags: 0, payload: encodeConnectResp({ id: this.id, accepted: false, rejectedReason: reason }) }));
      link.endAfterFlush();
    };
    const first = await new Promise<Uint8Array | Error>((resolve) => {
      const timer = setTimeout(() => resolve(new Error("timeout")), this.core.timing.handshakeTimeoutMs);
      link.start({ message: (d) => (clearTimeout(timer), link.hold(), resolve(d)), closed: (err) => (clearTimeout(timer), resolve(err ?? new Error("closed"))) }, head);
    });
    if (first instanceof Error) return reject(`reading connect: ${first.message}`);
    let host: string;
    let peerId: Uint8Array;
    try {
      let msg;
      try {
        msg = parseMessage(first).msg;
      } catch (e) {
        return reject(`error parsing grid connect: ${errorText(e)}`);
      }
      if (msg.op !== Op.Connect) return reject(`unexpected connect op: ${goOpString(msg.op)}`);
      let req2;
      try {
        req2 = decodeConnectReq(msg.payload ?? new Uint8Array(0));
      } catch (e) {
        return reject(`error parsing connectReq: ${errorText(e)}`);
      }
      host = req2.host;
      peerId = req2.id;
      const conn = this.conns.get(host);
      if (!conn) return reject(`unknown incoming host: ${host}`);
      if (this.core.pc.connectTimeAndToken) {
        const diff = this.core.nowNs() - (req2.time ? timeToNanos(req2.time) : -62135596800n * 1_000_000_000n);
        // Go's time.Since saturates at the largest Duration: a peer without Time (zero time) reads
        // "2562047h47m16.854775807s".
        const abs = diff < 0n ? (-diff > MAX_GO_DURATION ? MAX_GO_DURATION : -diff) : diff > MAX_GO_DURATION ? MAX_GO_DURATION : diff;
        if (abs > BigInt(this.core.timing.maxClockSkewMs) * 1_000_000n) return reject(`time difference too large between servers: ${goDuration(abs)}`);
        try {
          await this.core.auth.validateToken?.(req2.token ?? "");
        } catch (e) {
          return reject(`auth token: ${errorText(e)}`);
        }
      }
      await this.core.blockConnect;
      if (conn.dialer) return reject("grid: expected to be client side, not server side");
      if (link.closed || conn.state === ConnState.Shutdown) return;
      link.send(encodeMessage({ muxId: 0, seq: 0, deadlineMs: 0, handler: 0, op: Op.ConnectResponse, flags: 0, payload: encodeConnectResp({ id: this.id, accepted: true, rejectedReason: "" }) }));
      this.pendingSockets.delete(socket);
      conn.attachLink(link, peerId);
    } catch (e) {
      reject(`error parsing grid connect: ${errorText(e)}`);
    }
  }
}
