// Phase "wire": a live Manager on 127.0.0.1 serving an echo single and an echo stream handler, a
// well-behaved client Manager, and a hostile raw websocket peer that completes the handshake, opens a
// stream, then sends one broken or odd frame per iteration. Invariants: frame-level breakage closes
// that peer's link (and only it: the good client's link never drops); protocol oddities that the
// spec answers per mux keep the link alive and get their answer; the process never sees an
// uncaught error; the good client keeps making calls; after the run a real node under the attacked
// host name reconnects and calls; every mux table ends empty.
import { Manager } from "../../runtime/manager.js";
import { localShouldDial } from "../../runtime/dial-rule.js";
import { parseMessage, type Message } from "../../runtime/wire/message.js";
import { Op } from "../../runtime/wire/ops.js";
import { decodeConnectResp, decodeMuxConnectError, encodeConnectReq } from "../../runtime/wire/payloads.js";
import { rawDial, type RawPeer } from "../../test/runtime/fake-peer.js";
import { FAST } from "../../test/runtime/harness.js";
import { describeError, hex, iterations, type Phase, type PhaseContext, type PhaseResult, type SoakFailure } from "./phase.js";
import { iterationSeed, soakRng } from "./rng.js";
import { ECHO_SINGLE, ECHO_STREAM, msg, pickAttack, pickOpening, type Attack } from "./wire-frames.js";
import { freePort } from "../../test/free-port.js";

/** The manager's message limit: small, so the oversized attack stays cheap. */
const MAX_MESSAGE = 64 * 1024;
/** How long a reaction may take before it counts as missing (generous: 2 shared cores). */
const REACT_MS = 4000;

const te = new TextEncoder();
const td = new TextDecoder();

/** Every message in one received frame body, OpMerged expanded (spec 2.8). */
function expand(body: Uint8Array): Message[] {
  const p = parseMessage(body);
  if (p.msg.op !== Op.Merged) return [p.msg];
  const out: Message[] = [];
  let o = p.restStart;
  for (let k = 0; k < p.msg.seq && o < p.restEnd; k++) {
    const t = body[o]!;
    const [len, hdr] = t === 0xc4 ? [body[o + 1]!, 2] : t === 0xc5 ? [(body[o + 1]! << 8) | body[o + 2]!, 3] : [Buffer.from(body.subarray(o + 1, o + 5)).readUInt32BE(0), 5];
    out.push(...expand(body.subarray(o + hdr, o + hdr + len)));
    o += hdr + len;
  }
  return out;
}

/** Reads messages until one matches, the link closes, or the time is up. */
async function waitFor(peer: RawPeer, match: (m: Message) => boolean, ms = REACT_MS): Promise<Message | "closed" | "timeout"> {
  const end = Date.now() + ms;
  for (;;) {
    const left = end - Date.now();
    if (left <= 0) return "timeout";
    const body = await peer.recv(left);
    if (body === null) return peer.closed ? "closed" : "timeout";
    for (const m of expand(body)) if (match(m)) return m;
  }
}

/** Resolves once the peer's socket is gone, or false after `ms`. */
async function waitClosed(peer: RawPeer, ms = REACT_MS): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (peer.closed || peer.remoteEnded) return true;
    await peer.recv(Math.min(100, end - Date.now()));
  }
  return peer.closed || peer.remoteEnded;
}

export const wirePhase: Phase = {
  name: "wire",
  weight: 3,
  async run(ctx: PhaseContext): Promise<PhaseResult> {
    const failures: SoakFailure[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);

    // Host names: F (the hostile peer's claimed host) must be the dialing side towards M.
    const pm = await freePort();
    const pc = await freePort();
    const hm = `http://127.0.0.1:${pm}`;
    const hc = `http://127.0.0.1:${pc}`;
    let pf = await freePort();
    while (!localShouldDial(`http://127.0.0.1:${pf}`, hm)) pf = await freePort();
    const hf = `http://127.0.0.1:${pf}`;

    // Pings far apart: the raw peer never answers them, and a pong timeout closing its link would
    // hide a bad frame that failed to close it within REACT_MS.
    const timing = { ...FAST, connPingIntervalMs: 30_000 };
    const serve = (m: Manager): void => {
      m.registerSingle(ECHO_SINGLE, async (p) => p);
      m.registerStream(ECHO_STREAM, async function* (p, input) {
        if (p) yield p;
        for await (const x of input) yield x;
      }, { inCapacity: 4, outCapacity: 4 });
    };
    const M = new Manager({ local: hm, hosts: [hm, hc, hf], timing, maxMessageBytes: MAX_MESSAGE });
    const C = new Manager({ local: hc, hosts: [hm, hc], timing });
    serve(M);
    serve(C);
    await M.listen(pm);
    await C.listen(pc);
    const cm = C.connection(hm)!;
    await cm.waitForConnect(AbortSignal.timeout(10_000));
    const goodLinkReconnects = (): number => M.connection(hc)!.stats().reconnects + cm.stats().reconnects;
    const reconnectsBefore = goodLinkReconnects();

    /** The good client's calls: one echo request and one short two-way stream. */
    const goodCalls = async (tag: string): Promise<string | undefined> => {
      try {
        const out = await cm.request(ECHO_SINGLE, te.encode(tag), { deadline: Date.now() + REACT_MS });
        if (td.decode(out ?? new Uint8Array()) !== tag) return `echo answered ${JSON.stringify(td.decode(out ?? new Uint8Array()))} to ${JSON.stringify(tag)}`;
        const s = cm.openStream(ECHO_STREAM, { payload: te.encode("open"), deadline: Date.now() + REACT_MS });
        await s.send(te.encode("a"));
        await s.closeSend();
        const got: string[] = [];
        for await (const r of s.responses) got.push(td.decode(r));
        if (got.join(",") !== "open,a") return `stream echoed ${got.join(",")}`;
        return undefined;
      } catch (e) {
        return `good client call failed: ${describeError(e).message}`;
      }
    };

    const kinds = new Map<string, number>();
    let count = 0;
    try {
      for (const i of iterations(ctx)) {
        const rng = soakRng(iterationSeed(ctx.seed, "wire", i));
        count++;
        let attack: Attack | undefined;
        let peer: RawPeer | undefined;
        const connectReq = (host: string): Uint8Array => encodeConnectReq({ id: rng.bytes(16), host, time: { sec: BigInt(Math.floor(Date.now() / 1000)), nsec: 0 }, token: "" }, true);
        try {
          peer = await rawDial(hm, { token: "" });
          if (rng.chance(0.15)) {
            attack = pickOpening(rng, { self: hm, stranger: "http://127.0.0.1:1" }, connectReq);
            kinds.set(attack.kind, (kinds.get(attack.kind) ?? 0) + 1);
            peer.link.socket.write(attack.bytes);
            if (!(await waitClosed(peer))) throw new Error(`the link stayed open after ${attack.kind}`);
            continue;
          }
          peer.send(msg({ op: Op.Connect, flags: 0, payload: connectReq(hf) }));
          const resp = await waitFor(peer, (m) => m.op === Op.ConnectResponse);
          if (typeof resp === "string" || !decodeConnectResp(resp.payload!).accepted) throw new Error(`handshake as ${hf} not accepted (${typeof resp === "string" ? resp : decodeConnectResp(resp.payload!).rejectedReason})`);
          // A live two-way stream to aim at: connect (seq 0), wait for its ack.
          const mux = 1 + i;
          peer.send(msg({ op: Op.ConnectMux, muxId: mux, handler: ECHO_STREAM, payload: null }));
          const ack = await waitFor(peer, (m) => m.op === Op.AckMux && m.muxId === mux);
          if (typeof ack === "string") throw new Error(`no OpAckMux for the scene's stream (${ack})`);
          attack = pickAttack(rng, MAX_MESSAGE, mux);
          kinds.set(attack.kind, (kinds.get(attack.kind) ?? 0) + 1);
          peer.link.socket.write(attack.bytes);
          if (attack.expect === "close") {
            if (!(await waitClosed(peer))) throw new Error(`the link stayed open after a ${attack.kind}`);
          } else {
            if (attack.reply) {
              const want = attack.reply;
              const r = await waitFor(peer, (m) => m.op === want.op);
              if (typeof r === "string") throw new Error(`no op ${want.op} answer to a ${attack.kind} (${r})`);
              const text = r.payload === null ? "" : r.op === Op.MuxConnectError ? decodeMuxConnectError(r.payload) : td.decode(r.payload);
              if (want.text && !text.includes(want.text)) throw new Error(`answer to a ${attack.kind} says ${JSON.stringify(text)}, expected it to mention ${JSON.stringify(want.text)}`);
            }
            // The link must still work: a connection ping gets its pong.
            const seq = 1000 + rng.int(1000);
            peer.send(msg({ op: Op.Ping, seq, flags: 0 }));
            const pong = await waitFor(peer, (m) => m.op === Op.Pong && m.muxId === 0 && m.seq === seq);
            if (typeof pong === "string") throw new Error(`link did not answer a ping after a ${attack.kind} (${pong})`);
          }
          if (i % 5 === 0) {
            const bad = await goodCalls(`call-${i}`);
            if (bad) throw new Error(`after a ${attack.kind}: ${bad}`);
          }
          if (goodLinkReconnects() !== reconnectsBefore) throw new Error(`a ${attack.kind} on ${hf}'s link also dropped the good client's link`);
          if (uncaught.length > 0) throw new Error(`uncaught in the process: ${describeError(uncaught.shift()).message}`);
        } catch (e) {
          const d = describeError(e);
          failures.push({ iteration: i, what: d.message, input: attack ? `${attack.kind}: ${hex(attack.bytes.subarray(0, 256))}${attack.bytes.length > 256 ? `... (${attack.bytes.length} bytes)` : ""}` : "(handshake)", stack: d.stack });
          ctx.log(`wire: failure at iteration ${i}: ${d.message}`);
          if (failures.length >= 5) break;
        } finally {
          peer?.close();
          if (peer) await waitClosed(peer, 1000);
        }
      }

      // After the attacks: a real node under the attacked host name reconnects and calls, and
      // nothing is left in any mux table.
      const F = new Manager({ local: hf, hosts: [hm, hf], timing });
      serve(F);
      await F.listen(pf);
      try {
        const fm = F.connection(hm)!;
        await fm.waitForConnect(AbortSignal.timeout(REACT_MS * 2));
        const out = await fm.request(ECHO_SINGLE, te.encode("after"), { deadline: Date.now() + REACT_MS });
        if (td.decode(out ?? new Uint8Array()) !== "after") throw new Error("the real node's echo came back wrong");
        const bad = await goodCalls("final");
        if (bad) throw new Error(bad);
        const busy = (): string[] =>
          [M, C, F].flatMap((m) => Object.entries(m.stats()).filter(([, s]) => s.outgoingMuxes + s.incomingMuxes + s.servingRequests > 0).map(([h, s]) => `${m.local}->${h}: out=${s.outgoingMuxes} in=${s.incomingMuxes} serving=${s.servingRequests}`));
        const end = Date.now() + REACT_MS;
        while (busy().length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
        if (busy().length > 0) throw new Error(`mux tables not empty after the run: ${busy().join("; ")}`);
      } catch (e) {
        const d = describeError(e);
        failures.push({ iteration: -1, what: `after the attacks: ${d.message}`, input: `attacks: ${[...kinds].map(([k, n]) => `${k}×${n}`).join(", ")}`, stack: d.stack });
      } finally {
        await F.close();
      }
    } finally {
      await M.close();
      await C.close();
      process.off("uncaughtException", onUncaught);
      process.off("unhandledRejection", onUncaught);
    }
    if (uncaught.length > 0) failures.push({ iteration: -1, what: `uncaught in the process: ${describeError(uncaught[0]).message}`, input: "(see stack)", stack: describeError(uncaught[0]).stack });
    return { iterations: count, failures, notes: `kinds=${kinds.size}` };
  },
};
