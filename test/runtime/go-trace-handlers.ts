// The handlers of the two recorded Go processes (the trace files' `registrations`), registered on one
// of our Managers so it can stand in for either recorded peer: as mux server it must then answer
// exactly what the Go callee answered, and as mux client it finds the same stream capacities.
import type { Manager } from "../../runtime/manager.js";
import { RemoteError } from "../../runtime/errors.js";
import { bytes, text } from "./harness.js";

/** Handler ids of one trace file: echo/one-way and error/two-way. */
export interface TraceIds {
  t1: number;
  t2: number;
}

/** Test hooks for the behaviours the recording tied to wall-clock time. */
export interface TraceHandlerHooks {
  /** 'sleep16' stream: resolves when 'late' may be sent (Go waited 16.5 s so that pings happened first). */
  sleep16?: () => Promise<void>;
  /** A 'sleep:<ms>' single request finished sleeping (its result is about to be produced). */
  sleptDone?: () => void;
  /** A 'block' stream handler saw its context end, with the abort reason. */
  cancelled?: (reason: unknown) => void;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((r) => setTimeout(r, ms));

/** Registers the recorded behaviours (see the trace file's `registrations[].behaviour`). */
export function registerTraceHandlers(
  m: Manager,
  { t1, t2 }: TraceIds,
  hooks: TraceHandlerHooks = {},
): void {
  // echo: 'empty' -> empty non-nil result; 'nil' -> nil result; 'sleep:<ms>...' sleeps then echoes.
  // Go's echo copies into a fresh slice, so a nil request comes back as an empty (ZERO) result.
  m.registerSingle(t1, async (p) => {
    const s = text(p) ?? "";
    if (s === "empty") return new Uint8Array(0);
    if (s === "nil") return null;
    const sl = /^sleep:(\d+)/.exec(s);
    if (sl) {
      await sleep(Number(sl[1]));
      hooks.sleptDone?.();
    }
    return p === null ? new Uint8Array(0) : p.slice();
  });
  m.registerSingle(t2, async (p) => {
    throw new RemoteError(`remote failure: ${text(p) ?? ""}`);
  });
  m.registerSingle(t1, async (p) => bytes(`subroute/1:${text(p) ?? ""}`), {
    subroute: "subroute/1",
  });
  m.registerStream(
    t1,
    async function* (p, _in, ctx) {
      const s = text(p);
      if (s === "block") {
        yield bytes("first");
        await new Promise<void>((r) =>
          ctx.signal.aborted
            ? r()
            : ctx.signal.addEventListener("abort", () => r(), { once: true }),
        );
        hooks.cancelled?.(ctx.signal.reason);
        return;
      }
      if (s === "error") {
        yield bytes("first");
        throw new RemoteError("stream failure");
      }
      if (s === "sleep16") {
        await (hooks.sleep16 ? hooks.sleep16() : sleep(16_500));
        yield bytes("late");
        return;
      }
      for (let i = 0; i < 3; i++) yield bytes(`resp-${i}`);
    },
    { outCapacity: 1 },
  );
  m.registerStream(
    t2,
    async function* (_p, input) {
      for await (const x of input) yield bytes(`echo:${text(x) ?? ""}`);
    },
    { inCapacity: 2, outCapacity: 1 },
  );
}
