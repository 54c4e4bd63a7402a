// grid-gen compat as a user runs it: real processes, real git repositories in
// temp folders, every --against form, every output format and exit code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const BIN = resolve("bin/grid-gen.js");
const CASES = "test/compat/cases";

function compat(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, "compat", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(cwd) },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function git(cwd: string, ...args: string[]) {
  const r = spawnSync("git", ["-c", "user.name=compat-test", "-c", "user.email=compat@test.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
}

const V1 = `package demo;

struct Req {
  Name: string;
  Size: int64;
}

service Demo {
  route "/demo/v1";
  rpc Get = 1 (Req) returns (Req);
}
`;
const V2 = V1.replace("  Size: int64;", '  Size: int64 [key = "size"];');

test("--against a directory: breaking change exits 1 and names both locations", () => {
  const r = compat(["--against", `${CASES}/field-key-renamed/old`, `${CASES}/field-key-renamed/new`]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /error\[FIELD_KEY_RENAMED\] Req\.Size: wire key "Size" -> "size"/);
  assert.match(r.out, /--> new: test\/compat\/cases\/field-key-renamed\/new\/main\.grid:5:3/);
  assert.match(r.out, /--> old: test\/compat\/cases\/field-key-renamed\/old\/main\.grid:5:3/);
  assert.match(r.out, /1 breaking error\(s\)/);
});

test("--against a directory laid out like the checkout maps each path into it", () => {
  const dir = mkdtempSync(join(tmpdir(), "compat-layout-"));
  try {
    mkdirSync(join(dir, "prev/schemas"), { recursive: true });
    mkdirSync(join(dir, "schemas"));
    writeFileSync(join(dir, "prev/schemas/demo.grid"), V1);
    writeFileSync(join(dir, "prev/schemas/gone.grid"), 'package gone;\n\nservice Gone {\n  route "/gone/v1";\n  rpc X = 1 (string) returns (string);\n}\n');
    writeFileSync(join(dir, "schemas/demo.grid"), V2);
    writeFileSync(join(dir, "unrelated.grid"), V1);
    const r = compat(["--against", "prev", "--format", "json", "schemas"], dir);
    assert.equal(r.code, 1, r.err);
    const doc = JSON.parse(r.out) as { findings: { rule: string; old: string | null; new: string | null }[] };
    assert.deepEqual(
      doc.findings.map((f) => [f.rule, f.old, f.new]),
      [
        ["SERVICE_REMOVED", "prev/schemas/gone.grid:3:9", null],
        ["FIELD_KEY_RENAMED", "prev/schemas/demo.grid:5:3", "schemas/demo.grid:5:3"],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--against a directory: a near miss exits 0 with no findings", () => {
  const r = compat(["--against", `${CASES}/field-ts-rename-key-kept/old`, `${CASES}/field-ts-rename-key-kept/new`]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /0 breaking error\(s\), 0 warning\(s\)/);
});

test("warnings alone exit 0", () => {
  const r = compat(["--against", `${CASES}/type-uint8-to-uint32/old`, `${CASES}/type-uint8-to-uint32/new`]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /warning\[FIELD_TYPE_WIDENED\]/);
});

test("--against a single file, --format json", () => {
  const r = compat(["--against", "schemas/dsync/lock.grid", "--format", "json", "schemas/dsync/lock-current.grid"]);
  assert.equal(r.code, 1, r.err);
  const doc = JSON.parse(r.out) as { findings: { rule: string; old: string; new: string; accepted: boolean }[]; summary: { errors: number } };
  assert.equal(doc.summary.errors, 1);
  assert.equal(doc.findings[0]!.rule, "FIELD_REQUIRED_TO_OPTIONAL");
  assert.match(doc.findings[0]!.old, /^schemas\/dsync\/lock\.grid:\d+:3$/);
  assert.match(doc.findings[0]!.new, /^schemas\/dsync\/lock-current\.grid:\d+:3$/);
});

test("--format github prints workflow annotation lines", () => {
  const r = compat(["--against", `${CASES}/handler-removed/old`, "--format=github", `${CASES}/handler-removed/new`]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^::error file=test\/compat\/cases\/handler-removed\/new\/main\.grid,line=\d+,col=\d+,title=HANDLER_REMOVED::S\.Put#2: /m);
});

test("allow-breaking comments and --allow accept a deliberate break (exit 0)", () => {
  const viaComment = compat(["--against", `${CASES}/field-key-renamed-allowed/old`, `${CASES}/field-key-renamed-allowed/new`]);
  assert.equal(viaComment.code, 0, viaComment.err);
  assert.match(viaComment.out, /accepted error\[FIELD_KEY_RENAMED\]/);
  const viaFlag = compat(["--against", `${CASES}/field-key-renamed/old`, "--allow", "FIELD_KEY_RENAMED", `${CASES}/field-key-renamed/new`]);
  assert.equal(viaFlag.code, 0, viaFlag.err);
  assert.match(viaFlag.out, /accepted by config/);
});

test("--against HEAD~1 in a git checkout reads the previous commit", () => {
  const dir = mkdtempSync(join(tmpdir(), "compat-git-"));
  try {
    mkdirSync(join(dir, "schemas"));
    git(dir, "init", "-q");
    writeFileSync(join(dir, "schemas/demo.grid"), V1);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "v1");
    writeFileSync(join(dir, "schemas/demo.grid"), V2);
    git(dir, "commit", "-q", "-am", "v2");
    const r = compat(["--against", "HEAD~1"], dir);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /--> old: HEAD~1:schemas\/demo\.grid:5:3/);
    assert.match(r.out, /--> new: schemas\/demo\.grid:5:3/);
    // Against HEAD itself nothing changed.
    const same = compat(["--against", "HEAD"], dir);
    assert.equal(same.code, 0, same.err);
    // An unknown revision is a usage error, not a crash.
    const bad = compat(["--against", "no-such-ref"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a directory, a file, or a git revision/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--against HEAD~1 follows imports into the old commit", () => {
  const dir = mkdtempSync(join(tmpdir(), "compat-git-imp-"));
  try {
    mkdirSync(join(dir, "schemas"));
    git(dir, "init", "-q");
    const src = `${CASES}/imported-struct-field-unsafe`;
    for (const f of ["main.grid", "common.grid"]) writeFileSync(join(dir, "schemas", f), readFileSync(join(src, "old", f), "utf8"));
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "v1");
    writeFileSync(join(dir, "schemas/common.grid"), readFileSync(join(src, "new", "common.grid"), "utf8"));
    git(dir, "commit", "-q", "-am", "v2");
    // Only main.grid is named: common.grid is reached through its import, in both versions.
    const r = compat(["--against", "HEAD~1", "--format", "json", "schemas/main.grid"], dir);
    assert.equal(r.code, 1, r.err);
    const doc = JSON.parse(r.out) as { findings: { rule: string; old: string; new: string }[] };
    assert.deepEqual(
      doc.findings.map((f) => [f.rule, f.old, f.new]),
      [["FIELD_TYPE_UNSAFE", "HEAD~1:schemas/common.grid:5:3", "schemas/common.grid:5:3"]],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--against a git ref outside a git checkout is a clear usage error", () => {
  const dir = mkdtempSync(join(tmpdir(), "compat-nogit-"));
  try {
    mkdirSync(join(dir, "schemas"));
    writeFileSync(join(dir, "schemas/demo.grid"), V1);
    const r = compat(["--against", "HEAD~1"], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /not inside a git checkout/);
    assert.equal(r.out, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("usage errors exit 2 with a reason", () => {
  assert.match(compat([]).err, /missing --against/);
  assert.equal(compat([]).code, 2);
  const fmt = compat(["--against", "HEAD", "--format", "xml"]);
  assert.equal(fmt.code, 2);
  assert.match(fmt.err, /--format must be human, json or github/);
  const allow = compat(["--against", "HEAD", "--allow", "NOT_A_RULE"]);
  assert.equal(allow.code, 2);
  assert.match(allow.err, /unknown rule ID 'NOT_A_RULE'/);
});

test("an unparsable new version exits 2 and points at the error", () => {
  const dir = mkdtempSync(join(tmpdir(), "compat-bad-"));
  try {
    writeFileSync(join(dir, "old.grid"), V1);
    writeFileSync(join(dir, "new.grid"), "package demo;\nstruct Req { Name string }\n");
    const r = compat(["--against", "old.grid", "new.grid"], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /new version .* does not load/);
    assert.match(r.err, /new\.grid:2:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
