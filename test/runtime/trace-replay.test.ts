// Scenario replay against the recorded Go traces (grid-traces.md "Replay against a TS dialer"):
// a fake acceptor plays the recorded Go acceptor's frames; our TS node (the dialer, host
// 127.0.0.1:19002 as in the recording) is driven with the same calls; the messages it sends must
// equal the recorded Go dialer's messages (OpMerged expanded, batching free) and the API results
// must equal the recorded callerResults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Manager } from "../../runtime/manager.js";
import { parseMessage, splitMerged, type Message } from "../../runtime/wire/message.js";
import { Op } from "../../runtime/wire/ops.js";
import { RemoteError, CanceledError } from "../../runtime/errors.js";
import { fakeAcceptor, type RawPeer } from "./fake-peer.js";
import { loadTraces, type TraceMsg, type TraceScenario } from "./trace-file.js";
import { bytes, text } from "./harness.js";
import type { WireProfile } from "../../runtime/wire/profile.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
const toHex = (b: Uint8Array | null): string => (b ? Buffer.from(b).toString("hex") : "");

function flatten(body: Uint8Array): Message[] {
  const p = parseMessage(body);
  if (p.msg.op !== Op.Merged) return [p.msg];
  return splitMerged(body, p).map((b) => parseMessage(b).msg);
}
function flatTrace(d: TraceMsg): TraceMsg[] {
  return d.op === Op.Merged ? d.inner! : [d];
}

type Driver = (m: Manager, remote: string, ids: { t1: number; t2: number }) => Promise<string[]>;

async function results(it: AsyncIterable<Uint8Array>, out: string[], onItem?: () => Promise<void>): Promise<void> {
  try {
    for await (const x of it) {
      out.push(`item "${text(x)}"`);
      await onItem?.();
    }
    out.push("Results ended without error");
  } catch (e) {
    out.push(`error ${(e as Error).message}`);
  }
}

const fmt = (r: Uint8Array | null): string => (r === null ? "<nil>" : `"${text(r)}"`);
const reqRes = async (p: Promise<Uint8Array | null>): Promise<string> => {
  try {
    return `ok ${fmt(await p)}`;
  } catch (e) {
    return `error ${(e as Error).message}`;
  }
};

const drivers: Record<string, Driver> = {
  single_ok: async (m, r, { t1 }) => [await reqRes(m.connection(r)!.request(t1, bytes("Hello Grid World!")))],
  single_empty_nil: async (m, r, { t1 }) => {
    const c = m.connection(r)!;
    return [await reqRes(c.request(t1, bytes("empty"))), await reqRes(c.request(t1, bytes("nil"))), await reqRes(c.request(t1, null))];
  },
  single_remote_error: async (m, r, { t2 }) => [await reqRes(m.connection(r)!.request(t2, bytes("boom")))],
  single_unknown_handler: async (m, r) => [await reqRes(m.connection(r)!.request(21, bytes("x")))],
  subroute_request: async (m, r, { t1 }) => [await reqRes(m.connection(r)!.subroute("subroute").subroute("1").request(t1, bytes("Hello Subroute")))],
  subroute_unknown: async (m, r, { t1 }) => [await reqRes(m.connection(r)!.subroute("nosuch").request(t1, bytes("x")))],
  stream_oneway: async (m, r, { t1 }) => {
    const out: string[] = [];
    await results(m.connection(r)!.openStream(t1, { payload: bytes("init") }).responses, out);
    return out;
  },
  stream_error: async (m, r, { t1 }) => {
    const out: string[] = [];
    await results(m.connection(r)!.openStream(t1, { payload: bytes("error") }).responses, out);
    return out;
  },
  stream_cancel: async (m, r, { t1 }) => {
    const out: string[] = [];
    const ac = new AbortController();
    await results(m.connection(r)!.openStream(t1, { payload: bytes("block"), signal: ac.signal }).responses, out, async () => {
      await new Promise((res) => setTimeout(res, 100));
      ac.abort();
    });
    return out;
  },
  stream_twoway: async (m, r, { t2 }) => {
    const s = m.connection(r)!.openStream(t2, { payload: null });
    const out: string[] = [];
    const sender = (async () => {
      for (let i = 0; i < 3; i++) await s.send(bytes(`req-${i}`));
      await s.closeSend();
    })();
    await results(s.responses, out);
    await sender;
    return out;
  },
};

/** Normalises Go result strings to ours: drop Go type names. */
function goResult(s: string): string {
  return s
    .replace(/^.*? -> /, "")
    .replace(/^error \S+ "(.*)"$/, "error $1")
    .replace(/^Results error \S+ "(.*)"$/, "error $1");
}

function compare(got: Message, want: TraceMsg, where: string): void {
  assert.equal(got.op, want.op, `${where}: op (got ${got.op} want ${want.opName})`);
  assert.equal(got.muxId, want.muxID, `${where}: muxID`);
  assert.equal(got.seq, want.seq, `${where}: seq`);
  assert.equal(got.handler, want.handler, `${where}: handler`);
  assert.equal(got.flags, want.flags, `${where}: flags`);
  assert.equal(got.deadlineMs, want.deadlineMS, `${where}: deadlineMS`);
  if (!(want.varies ?? []).includes("payloadHex")) assert.equal(toHex(got.payload), want.payloadHex, `${where}: payload`);
  if (want.subrouteHex) assert.equal(toHex(got.subroute ?? null), want.subrouteHex, `${where}: subroute`);
}

async function replay(profile: WireProfile, s: TraceScenario): Promise<void> {
  const tf = loadTraces(profile);
  const t1 = tf.handlerIDs["echo/oneway (handlerTest)"]!;
  const t2 = tf.handlerIDs["error/twoway (handlerTest2)"]!;
  const mgr = new Manager({
    local: s.dialerHost,
    hosts: [s.acceptorHost, s.dialerHost],
    profile,
    auth: { token: () => (profile === "current" ? "debug" : "") },
    timing: { retryBaseMs: 50 },
  });
  // Local registrations supply stream capacities (as in the recording) and serve the reverse scenarios.
  mgr.registerStream(t1, async function* () {}, { outCapacity: 1 });
  mgr.registerStream(t2, async function* (_p, inp) {
    for await (const x of inp) yield bytes(`echo:${text(x)}`);
  }, { inCapacity: 2, outCapacity: 1 });
  mgr.registerSingle(t1, async (p) => (p === null ? new Uint8Array(0) : p));

  const frames = s.frames.filter((f) => f.conn === 1);
  let peerResolve!: (p: RawPeer) => void;
  const peerP = new Promise<RawPeer>((r) => (peerResolve = r));
  const server = await fakeAcceptor(Number(new URL(s.acceptorHost).port), (p) => peerResolve(p));
  const peer = await peerP;
  try {
    // Expected dialer messages, consumed in order; acceptor frames are sent when all earlier dialer messages arrived.
    let pending: Message[] = [];
    const next = async (where: string): Promise<Message> => {
      while (pending.length === 0) {
        const b = await peer.recv(3000);
        assert.ok(b, `${where}: TS node sent nothing more`);
        pending = flatten(b);
      }
      return pending.shift()!;
    };
    let driving: Promise<string[]> | null = null;
    for (const f of frames) {
      if (f.direction === "dialer->acceptor") {
        for (const [i, want] of flatTrace(f.decoded).entries()) {
          const got = await next(`${s.name}#${f.index}.${i}`);
          if (want.op === Op.Connect) continue;
          compare(got, want, `${s.name}#${f.index}.${i}`);
        }
      } else {
        peer.send(hex(f.payloadHex));
        if (f.decoded.op === Op.ConnectResponse && !driving) {
          await mgr.connection(s.acceptorHost)!.waitForConnect(AbortSignal.timeout(2000));
          const d = drivers[s.name];
          driving = d ? d(mgr, s.acceptorHost, { t1, t2 }) : Promise.resolve([]);
        }
      }
    }
    const got = await driving!;
    if (s.callerHost === s.dialerHost) assert.deepEqual(got, s.callerResults.map(goResult), `${s.name}: caller results`);
    assert.equal(pending.length, 0, `${s.name}: extra messages ${JSON.stringify(pending.map((m) => m.op))}`);
  } finally {
    await mgr.close();
    peer.close();
    // Upgraded sockets are already destroyed; close() only stops listening (its callback can lag).
    server.close();
    server.closeAllConnections();
  }
}

for (const profile of ["2024-04", "current"] as WireProfile[]) {
  for (const s of loadTraces(profile).scenarios) {
    const dialerDrives = s.name in drivers;
    const reverse = s.name === "reverse_single_ok" || s.name === "reverse_stream_twoway";
    if (!dialerDrives && !reverse) continue;
    test(`[${profile}] replay ${s.name}: TS dialer sends the recorded Go messages`, async () => {
      await replay(profile, s);
    });
  }
}
void RemoteError;
void CanceledError;
