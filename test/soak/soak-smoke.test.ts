// Keeps `npm run soak` from rotting: runs the whole soak for ~10 s in a child process (as the npm
// script does) and checks it exits 0 with every phase having run. The long runs stay opt-in.
// The seed is fixed so a red run here is reproducible; SOAK_SEED overrides it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";

const PHASES = ["idl", "msgp", "wire", "dsync"];
const SEED = process.env["SOAK_SEED"] ?? "20261123";

test(`npm run soak for 10 s passes and every phase iterates (seed ${SEED})`, async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/soak/run.ts"], {
    env: { ...process.env, SOAK_SECONDS: "10", SOAK_SEED: SEED, SOAK_PHASES: "", SOAK_REPLAY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  // A hang guard, not a speed assertion: the script bounds itself to SOAK_SECONDS plus start-up.
  const killer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  clearTimeout(killer);
  const report = `exit ${code}\n--- stdout\n${out}\n--- stderr\n${err.slice(-4000)}`;
  assert.equal(code, 0, report);
  assert.match(out, new RegExp(`seed ${SEED}`), `the seed is printed at the start\n${report}`);
  for (const phase of PHASES) {
    const m = out.match(new RegExp(`^\\s*${phase}: iterations=(\\d+) failures=(\\d+) time=`, "m"));
    assert.ok(m, `no summary line for phase ${phase}\n${report}`);
    assert.ok(Number(m[1]) > 0, `phase ${phase} ran no iteration\n${report}`);
    assert.equal(Number(m[2]), 0, report);
  }
  assert.match(out, /^soak: ok$/m, report);
});
