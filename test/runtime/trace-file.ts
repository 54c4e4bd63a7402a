// Typed loader for the recorded Go grid traces (test/vectors, copies of shared/vectors; see grid-traces.md).
import { readFileSync } from "node:fs";
import { vectorPath } from "../vectors/index.js";

export interface TraceMsg {
  muxID: number;
  seq: number;
  deadlineMS: number;
  handler: number;
  op: number;
  opName: string;
  flags: number;
  msgpHex: string;
  payloadHex: string;
  payloadPresent: boolean;
  subrouteHex?: string;
  subrouteName?: string;
  crcHex?: string;
  payloadDecoded?: unknown;
  payloadText?: string;
  inner?: Array<TraceMsg & { bodyHex: string }>;
  varies?: string[];
}

export interface TraceFrame {
  index: number;
  conn: number;
  direction: "dialer->acceptor" | "acceptor->dialer";
  from: string;
  to: string;
  ws: { fin: boolean; rsv: number; opcode: number; masked: boolean; maskKey: string | null; headerHex: string };
  payloadHex: string;
  decoded: TraceMsg;
  varies?: string[];
}

export interface TraceConn {
  id: number;
  upgradeRequest: string;
  upgradeResponse: string;
  rawDialerToAcceptorHex: string;
  rawAcceptorToDialerHex: string;
  socketClosedBy: string[];
}

export interface TraceScenario {
  name: string;
  description: string;
  dialerHost: string;
  acceptorHost: string;
  callerHost: string | null;
  callerResults: string[];
  connections: TraceConn[];
  frames: TraceFrame[];
}

export interface TraceFile {
  gridCommit: string;
  handlerIDs: Record<string, number>;
  scenarios: TraceScenario[];
}


const cache = new Map<string, TraceFile>();
/** Loads one profile's trace file (cached). */
export function loadTraces(profile: "2024-04" | "current"): TraceFile {
  let t = cache.get(profile);
  if (!t) {
    t = JSON.parse(readFileSync(vectorPath(`grid-traces-${profile}.json`), "utf8")) as TraceFile;
    cache.set(profile, t);
  }
  return t;
}
