// The README tutorial must work for a new user: its blocks run in order in a
// fresh temp folder (```sh tutorial``` blocks as shell, ```<lang> file=PATH```
// blocks written as files), and the two processes must complete a typed call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Turns the README's tutorial blocks into one bash script, in document order. */
function tutorialScript(readme: string): string {
  const section = readme.slice(readme.indexOf("## Tutorial"), readme.indexOf("\n## ", readme.indexOf("## Tutorial") + 5));
  const out: string[] = ["set -euo pipefail"];
  const fence = /```([^\n]*)\n([\s\S]*?)```/g;
  for (const m of section.matchAll(fence)) {
    const info = m[1]!.trim();
    const body = m[2]!;
    const file = /\bfile=(\S+)/.exec(info);
    if (info === "sh tutorial") out.push(body);
    else if (file) out.push(`cat > ${file[1]} <<'GRID_TUTORIAL_EOF'\n${body}GRID_TUTORIAL_EOF`);
  }
  return out.join("\n");
}

test("README tutorial: empty folder -> .grid -> gen + scaffold -> typed call between two processes", async () => {
  const readme = readFileSync("README.md", "utf8");
  const script = tutorialScript(readme);
  assert.match(script, /grid-gen gen/);
  assert.match(script, /node\.ts client/);
  const dir = mkdtempSync(join(tmpdir(), "grid-tutorial-"));
  try {
    const child = spawn("bash", ["-c", script], {
      cwd: dir,
      env: { ...process.env, GRID_GEN: resolve("."), npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false" },
      detached: true, // own process group, so the background server can be cleaned up
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 240_000);
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    clearTimeout(timer);
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // the group is already gone
    }
    const tail = `\n--- stdout\n${stdout.slice(-3000)}\n--- stderr\n${stderr.slice(-3000)}`;
    assert.equal(code, 0, `tutorial script exited ${code}${tail}`);
    assert.match(stdout, /hello, grid \(from http:\/\/127\.0\.0\.1:7702\); call #1/, tail);
    const stub = readFileSync(join(dir, "hello-grid", "generated", "greeter.ts"), "utf8");
    assert.match(stub, /DO NOT EDIT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
