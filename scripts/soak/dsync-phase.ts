// Phase "dsync": a longer, more varied run of the multi-process safety test. Five lock servers in
// their own processes; eight clients take read and write locks (sometimes on two resources at once)
// while one server at a time is SIGKILLed and restarted, SIGSTOPped and resumed (sometimes past the
// grid's pong timeout), or left down for a while. Invariants: the shared grant/release log never
// shows conflicting overlapping holds (findExclusionViolations, the verdict the tests use); locks
// keep being granted under chaos; once every server is back, every resource can be write-locked.
import { DRWMutex } from "../../dsync/drwmutex.js";
import { findExclusionViolations, type Hold } from "../../dsync/exclusion-check.js";
import { GridLocker } from "../../dsync/grid-locker.js";
import type { Dsync } from "../../dsync/dsync.js";
import { describeError, type Phase, type PhaseContext, type PhaseResult, type SoakFailure } from "./phase.js";
import { iterationSeed, soakRng, type SoakRng } from "./rng.js";
import { startLockCluster } from "./dsync-cluster.js";

const SERVERS = 5;
const CLIENTS = 8;
const RESOURCES = ["res/a", "res/b", "res/c", "res/d"];
/** Longest hold; disruptions are spaced far beyond it so a holder loses at most one grant (spec 2.4). */
const MAX_HOLD_MS = 25;
/** The run lasts at least this long after start-up, so a tiny SOAK_SECONDS still exercises it. */
const MIN_RUN_MS = 2500;

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const dsyncPhase: Phase = {
  name: "dsync",
  weight: 4,
  async run(ctx: PhaseContext): Promise<PhaseResult> {
    const failures: SoakFailure[] = [];
    const t0 = Date.now();
    const cluster = await startLockCluster(SERVERS);
    const startupMs = Date.now() - t0;
    const end = Math.max(ctx.deadline, Date.now() + MIN_RUN_MS);
    const { slots, client } = cluster;
    let attempts = 0;
    let granted = 0;
    let refused = 0;
    const disruptions: string[] = [];
    try {
      const lockers = slots.map((s) => new GridLocker(client.connection(s.host)!, "current"));
      const dsync: Dsync = {
        getLockers: () => ({ lockers, owner: "soak-client" }),
        timeouts: { acquireMs: 250, refreshCallMs: 250, unlockCallMs: 250, forceUnlockCallMs: 250, lockCallMs: 2000, releaseRetryBudgetMs: 2000 },
      };
      let clock = 0;
      const holds: Hold[] = [];

      // One server disrupted at a time: write tolerance with 5 servers is 2.
      const chaosRng = soakRng(iterationSeed(ctx.seed, "dsync", 0));
      const chaos = (async () => {
        while (Date.now() < end - 800) {
          await delay(150 + chaosRng.int(350));
          const slot = chaosRng.pick(slots);
          const kind = chaosRng.int(4);
          const ms = (t: number): string => `${t}ms`;
          if (kind === 0) {
            const down = 200 + chaosRng.int(400);
            disruptions.push(`kill ${slot.port} for ${ms(down)}`);
            slot.kill();
            await delay(down);
            await slot.start();
          } else if (kind === 1) {
            const pause = 200 + chaosRng.int(400);
            disruptions.push(`pause ${slot.port} for ${ms(pause)}`);
            slot.pause();
            await delay(pause);
            slot.resume();
          } else if (kind === 2) {
            // Past FAST_GRID's pong timeout (2 x 200 ms ping interval): the links drop while stopped.
            const pause = 900 + chaosRng.int(600);
            disruptions.push(`long pause ${slot.port} for ${ms(pause)}`);
            slot.pause();
            await delay(pause);
            slot.resume();
          } else {
            const down = 800 + chaosRng.int(800);
            disruptions.push(`kill ${slot.port}, down ${ms(down)}`);
            slot.kill();
            await delay(down);
            await slot.start();
          }
          await delay(400);
        }
      })();

      const worker = async (w: number, r: SoakRng): Promise<void> => {
        try {
          await work(w, r);
        } catch (e) {
          const d = describeError(e);
          failures.push({ iteration: 0, what: `worker w${w} threw ${d.message}`, input: `disruptions so far: ${disruptions.join("; ")}`, stack: d.stack });
        }
      };
      const work = async (w: number, r: SoakRng): Promise<void> => {
        while (Date.now() < end) {
          const write = r.chance(0.5);
          // Writers sometimes lock two names at once (MinIO's lockers refuse multi-name read locks).
          const names = write && r.chance(0.3) ? [r.pick(RESOURCES), r.pick(RESOURCES)].filter((x, i, a) => a.indexOf(x) === i) : [r.pick(RESOURCES)];
          const mu = new DRWMutex(dsync, names, { rng: () => r.next(), retryMinIntervalMs: 10, refreshIntervalMs: 150 });
          attempts++;
          const ok = write ? await mu.lock({ timeoutMs: 800 }) : await mu.rLock({ timeoutMs: 800 });
          if (!ok) {
            refused++;
            continue;
          }
          granted++;
          const from = ++clock;
          const mine = names.map((res) => ({ who: `w${w}`, resource: res, write, from, to: Infinity }));
          holds.push(...mine);
          await delay(r.int(MAX_HOLD_MS + 1));
          const to = ++clock;
          for (const h of mine) h.to = to;
          await (write ? mu.unlock() : mu.rUnlock());
        }
      };
      await Promise.all([chaos, ...Array.from({ length: CLIENTS }, (_, w) => worker(w, soakRng(iterationSeed(ctx.seed, "dsync", w + 1))))]);

      const schedule = disruptions.join("; ");
      const violations = findExclusionViolations(holds);
      for (const v of violations.slice(0, 5)) {
        failures.push({ iteration: 0, what: `mutual exclusion broken: ${v.text}`, input: `disruptions: ${schedule}` });
      }
      if (violations.length > 5) ctx.log(`dsync: ${violations.length} violations in all`);
      if (granted === 0) failures.push({ iteration: 0, what: `no lock was granted in ${end - t0 - startupMs} ms under chaos (${refused} timed out)`, input: `disruptions: ${schedule}` });

      // Liveness: with every server back and connected, each resource can be write-locked again.
      await client.waitAllConnected(AbortSignal.timeout(10_000));
      for (const res of RESOURCES) {
        const mu = new DRWMutex(dsync, [res], { retryMinIntervalMs: 10 });
        if (!(await mu.lock({ timeoutMs: 5000 }))) failures.push({ iteration: 0, what: `${res} not lockable within 5 s once every server was back`, input: `disruptions: ${schedule}` });
        else await mu.unlock();
      }
    } catch (e) {
      const d = describeError(e);
      failures.push({ iteration: 0, what: `dsync phase broke: ${d.message}`, input: `disruptions: ${disruptions.join("; ")}`, stack: d.stack });
    } finally {
      await cluster.close();
    }
    return { iterations: attempts, failures, notes: `grants=${granted} timeouts=${refused} disruptions=${disruptions.length} startup=${(startupMs / 1000).toFixed(1)}s` };
  },
};
