// A scriptable raw grid peer for replay and fault tests: speaks WebSocket frames, nothing else.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { WsLink } from "../../runtime/transport/link.js";
import { acceptUpgrade, dialUpgrade } from "../../runtime/transport/upgrade.js";
import type { WireProfile } from "../../runtime/wire/profile.js";
import { encodeMessage } from "../../runtime/wire/message.js";
import { timeFromNanos, type GridTime } from "../../runtime/wire/msgp-lite.js";
import { Op } from "../../runtime/wire/ops.js";
import { encodeConnectReq } from "../../runtime/wire/payloads.js";

/** Raw message endpoint: receive whole WebSocket messages, send frame bodies. */
export class RawPeer {
  private inbox: Uint8Array[] = [];
  private waiter: ((v: Uint8Array | null) => void) | null = null;
  closed = false;
  /** The other side sent FIN (a half-open server socket does not report that as a close). */
  remoteEnded = false;
  /** `early`: bytes that arrived together with the upgrade (the request's `head`). */
  constructor(
    readonly link: WsLink,
    early?: Uint8Array,
  ) {
    link.socket.once("end", () => (this.remoteEnded = true));
    link.start(
      {
        message: (d) => {
          const copy = new Uint8Array(d);
          if (this.waiter) {
            const w = this.waiter;
            this.waiter = null;
            w(copy);
          } else this.inbox.push(copy);
        },
        closed: () => {
          this.closed = true;
          this.waiter?.(null);
          this.waiter = null;
        },
      },
      early,
    );
  }
  /** Next message, or null when the link closed or `ms` passed. */
  recv(ms = 3000): Promise<Uint8Array | null> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, ms);
      this.waiter = (v) => {
        clearTimeout(t);
        resolve(v);
      };
    });
  }
  send(body: Uint8Array): void {
    this.link.send(body);
  }
  close(): void {
    this.link.end(null);
  }
}

/** An HTTP server on 127.0.0.1:port that upgrades every request and hands out RawPeers (with the upgrade request). */
export async function fakeAcceptor(
  port: number,
  onPeer: (p: RawPeer, req: IncomingMessage) => void,
): Promise<Server> {
  const s = createServer((_q, r) => r.writeHead(404).end());
  s.on("upgrade", (req, socket, head) => {
    if (!acceptUpgrade(req, socket)) return;
    const link = new WsLink(socket, false, 1 << 26, 3000);
    const p = new RawPeer(link, head);
    onPeer(p, req);
  });
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.listen(port, "127.0.0.1", () => resolve());
  });
  return s;
}

/** Dials a grid route like a Go dialer would, returning a raw peer (frames masked). */
export async function rawDial(
  host: string,
  o: { routePath?: string; token?: string; profile?: WireProfile } = {},
): Promise<RawPeer> {
  const { socket } = await dialUpgrade(host, {
    routePath: o.routePath ?? "/minio/grid/v1",
    token: o.token ?? "",
    profile: o.profile ?? "current",
    nowNs: BigInt(Date.now()) * 1_000_000n,
    timeoutMs: 2000,
  });
  return new RawPeer(new WsLink(socket, true, 1 << 26, 3000));
}

/**
 * The OpConnect message a Go dialer sends first (connectReq with Time and Token when `timed`,
 * the profile's form). Time defaults to now; tests of clock skew pass their own.
 */
export function connectMessage(host: string, timed: boolean, o: { id?: Uint8Array; time?: GridTime; token?: string } = {}): Uint8Array {
  return encodeMessage({
    muxId: 0,
    seq: 0,
    deadlineMs: 0,
    handler: 0,
    op: Op.Connect,
    flags: 0,
    payload: encodeConnectReq(
      { id: o.id ?? new Uint8Array(16), host, time: o.time ?? timeFromNanos(BigInt(Date.now()) * 1_000_000n), token: o.token ?? "" },
      timed,
    ),
  });
}
