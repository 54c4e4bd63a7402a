// The contract between the soak runner and its phases: each phase runs until its deadline, counts
// iterations, and records failures with everything needed to reproduce them.

/** One invariant broken by one input. */
export interface SoakFailure {
  /** Iteration whose derived seed produced the input (replay with SOAK_REPLAY=<phase>:<iteration>). */
  iteration: number;
  /** What broke, in words. */
  what: string;
  /** The smallest input still showing it (text, or hex for bytes). */
  input: string;
  /** Stack of the unexpected error, when there was one. */
  stack?: string;
}

/** What a phase reports back to the runner. */
export interface PhaseResult {
  iterations: number;
  /** The failures reported in detail (the first of each kind; a phase may cap them). */
  failures: SoakFailure[];
  /** Iterations that broke an invariant, reported or not (default: failures.length). */
  failingIterations?: number;
  /** Extra counters for the summary line (e.g. "closed=120 alive=30"). */
  notes?: string;
}

/** What the runner hands a phase. */
export interface PhaseContext {
  /** The run seed (SOAK_SEED). */
  seed: number;
  /** Wall-clock ms (Date.now()) at which the phase must stop starting new iterations. */
  deadline: number;
  /** When set, run only this iteration (SOAK_REPLAY) and stop. */
  only?: number;
  /** Progress and detail lines (stderr), so stdout stays the summary. */
  log(line: string): void;
}

/** A soak phase: its name, its share of SOAK_SECONDS, and its loop. */
export interface Phase {
  name: string;
  /** Relative share of the total time budget. */
  weight: number;
  run(ctx: PhaseContext): Promise<PhaseResult>;
}

/** The iterations a phase should run: 0, 1, 2, ... until the deadline, or just `only`. */
export function* iterations(ctx: PhaseContext): Generator<number> {
  if (ctx.only !== undefined) {
    yield ctx.only;
    return;
  }
  for (let i = 0; Date.now() < ctx.deadline; i++) yield i;
}

/** Error text plus stack, for failure reports of unexpected throws. */
export function describeError(e: unknown): { message: string; stack?: string } {
  if (e instanceof Error) return { message: `${e.constructor.name}: ${e.message}`, stack: e.stack };
  return { message: `non-Error thrown: ${String(e)}` };
}

/** Lowercase hex of bytes (failure inputs). */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
