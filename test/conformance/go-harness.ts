// Builds and drives the Go msgp harness (interop/go): one long-lived process
// per test run, spoken to in newline-delimited JSON, so thousands of values
// per type cost one pipe round trip per batch instead of a process each.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

/** The harness module, relative to the repository root. */
export const HARNESS_DIR = "interop/go";
const BINARY = "bin/msgp-harness";
const REQUEST_TIMEOUT_MS = 60_000;

/** `go version` output, or why Go cannot be used. */
export function findGo(): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync("go", ["version"], { encoding: "utf8" });
  if (r.error) return { ok: false, reason: `go not found on PATH (${r.error.message}); install Go >= 1.22 to run the Go interop tests` };
  if (r.status !== 0) return { ok: false, reason: `go version failed: ${r.stderr.trim()}` };
  return { ok: true, version: r.stdout.trim() };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "bin") newest = Math.max(newest, newestSource(p));
    } else if (e.name.endsWith(".go") || e.name === "go.mod" || e.name === "go.sum") {
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds the harness into interop/go/bin (gitignored) unless the binary is
 * newer than every source. Modules come from the Go module proxy on first use.
 */
export function buildHarness(root: string = process.cwd()): string {
  const dir = resolve(root, HARNESS_DIR);
  const bin = join(dir, BINARY);
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource(dir)) return bin;
  const r = spawnSync("go", ["build", "-o", BINARY, "."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  if (r.status !== 0) {
    throw new Error(`building the Go harness failed (cd ${HARNESS_DIR} && go build -o ${BINARY} .):\n${r.stderr}`);
  }
  return bin;
}

interface Answer {
  ok: boolean;
  hex: string;
  error?: string;
  hexes: string[] | null;
  results: { ok: boolean; hex: string; error?: string }[] | null;
}

/** A running `msgp-harness serve`; requests are answered in order. */
export class GoHarness {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void }[] = [];
  private stderr = "";
  private exited: Error | undefined;

  constructor(bin: string) {
    this.proc = spawn(bin, ["serve"], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: this.proc.stdout }).on("line", (line) => {
      const w = this.waiting.shift();
      if (!w) return;
      try {
        w.resolve(JSON.parse(line) as Answer);
      } catch (err) {
        w.reject(new Error(`bad answer from the Go harness: ${line.slice(0, 200)} (${String(err)})`));
      }
    });
    this.proc.on("exit", (code, signal) => {
      this.exited = new Error(`Go harness exited (code ${code}, signal ${signal}): ${this.stderr.slice(-2000)}`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  private request(req: object): Promise<Answer> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      // A hung harness must fail the test, not hang it: the whole batch gets REQUEST_TIMEOUT_MS.
      const timer = setTimeout(() => {
        reject(new Error(`Go harness did not answer within ${REQUEST_TIMEOUT_MS} ms; stderr: ${this.stderr.slice(-2000)}`));
        this.proc.kill();
      }, REQUEST_TIMEOUT_MS);
      this.waiting.push({
        resolve: (a) => (clearTimeout(timer), resolve(a)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Go decodes each hex as `type` and re-encodes it; per value the new hex or the error. */
  async roundtrip(type: string, hexes: string[]): Promise<{ ok: boolean; hex: string; error?: string }[]> {
    const a = await this.request({ op: "roundtrip", type, hexes });
    if (!a.ok || !a.results) throw new Error(`Go harness: ${a.error ?? "no results"}`);
    return a.results;
  }

  /** n random values of `type` encoded by Go's MarshalMsg; the same seed gives the same values. */
  async random(type: string, seed: number, n: number): Promise<string[]> {
    const a = await this.request({ op: "random", type, seed, n });
    if (!a.ok || !a.hexes) throw new Error(`Go harness: ${a.error ?? "no values"}`);
    return a.hexes;
  }

  /** Ends the process (closing stdin lets it exit cleanly). */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.proc.once("exit", () => r()));
    this.proc.stdin.end();
    await done;
  }
}

/** The type names the harness registers. */
export function harnessTypes(bin: string): string[] {
  const r = spawnSync(bin, ["types"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`msgp-harness types failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((s) => s.length > 0);
}
