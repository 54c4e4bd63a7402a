// Manager options and the timing knobs of spec 4.9 (all shrinkable so tests run in milliseconds).
import type { IncomingMessage } from "node:http";
import type { ConnectionOptions } from "node:tls";
import type { WireProfile } from "./wire/profile.js";
import type { Message } from "./wire/message.js";

/** Timers of the grid; defaults are MinIO's constants (spec 9). */
export interface GridTiming {
  /** Connection ping period; the link drops after 2x without a pong. Go: 10 s. */
  connPingIntervalMs: number;
  /** Stream ping period and liveness tick; client timeout 2x, server timeout 4x. Go: 15 s. */
  streamPingIntervalMs: number;
  /** Dial + TLS + upgrade budget. Go: 2 s. */
  dialTimeoutMs: number;
  /** Retry delay base: next attempt (base + rand*base)/2 after the previous attempt started. Go: 2 s. */
  retryBaseMs: number;
  /** A socket write blocked this long kills the link. Go: 3 s (HEAD 4 s). */
  writeTimeoutMs: number;
  /** Single requests without a caller deadline. Go: 60 s. */
  defaultRequestTimeoutMs: number;
  /** Wait for OpConnectResponse; Go has none, we bound it so a silent acceptor cannot park a dialer forever. */
  handshakeTimeoutMs: number;
  /** `current` profile: refuse connectReq whose Time differs more than this. Go: 5 min. */
  maxClockSkewMs: number;
}

/** MinIO's values. */
export const DEFAULT_TIMING: GridTiming = {
  connPingIntervalMs: 10_000,
  streamPingIntervalMs: 15_000,
  dialTimeoutMs: 2_000,
  retryBaseMs: 2_000,
  writeTimeoutMs: 3_000,
  defaultRequestTimeoutMs: 60_000,
  handshakeTimeoutMs: 30_000,
  maxClockSkewMs: 5 * 60_000,
};

/** Authentication hooks; what MinIO plugs in from cmd/ (spec 1.6, 11.1). */
export interface GridAuth {
  /** Token for outgoing upgrades (Authorization: Bearer <token>) and, in `current`, connectReq.Token. Default "". */
  token?: () => string;
  /** Validates an incoming upgrade request; throw to answer 403. Default: accept. */
  authRequest?: (req: IncomingMessage) => void | Promise<void>;
  /** `current` profile: validates connectReq.Token; throw to reject the handshake with "auth token: <message>". Default: accept. */
  validateToken?: (token: string) => void | Promise<void>;
}

/** One traced grid message (trace hook); `dir` is relative to this node. */
export interface GridTraceEvent {
  dir: "in" | "out";
  local: string;
  remote: string;
  msg: Message;
}

/** Options of `new Manager(...)`. Only `local` and `hosts` are required. */
export interface ManagerOptions {
  /** This node's host string; must appear exactly once in `hosts`. */
  local: string;
  /** All host strings of the cluster, including `local`, byte-identical on every node. */
  hosts: string[];
  /** Wire profile; default "current" (MinIO HEAD). */
  profile?: WireProfile;
  /** HTTP route; default "/minio/grid/v1" (MinIO's lock grid uses "/minio/grid/lock/v1"). */
  routePath?: string;
  auth?: GridAuth;
  /** TLS options for wss:// dials. */
  tls?: ConnectionOptions;
  /** Until it resolves, no dialing and incoming handshakes wait (Go's BlockConnect). */
  blockConnect?: Promise<void>;
  timing?: Partial<GridTiming>;
  /** Largest WebSocket message accepted or payload sent. Default 256 MiB (Go has none). */
  maxMessageBytes?: number;
  /** Called for every grid message sent or received (after OpMerged expansion). Keep it cheap. */
  trace?: (ev: GridTraceEvent) => void;
  /** Clock used for wire times (X-Minio-Time, connectReq.Time, ping times), in ns since epoch; tests inject skew. */
  clockNs?: () => bigint;
  /** 16-byte instance id; default a random UUID v4 per manager. */
  instanceId?: Uint8Array;
}

/** Default route of the main grid. */
export const ROUTE_PATH = "/minio/grid/v1";
/** Route of MinIO's separate lock grid (HEAD). */
export const ROUTE_LOCK_PATH = "/minio/grid/lock/v1";
