// The committed vector copies must stay byte-identical to the ground truth in ../shared/vectors.
// Where shared/ is not beside the clone there is nothing to compare against: the test says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { VECTOR_FILES } from "./index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const SHARED = resolve(here, "../../../shared/vectors");

for (const name of VECTOR_FILES) {
  test(`test/vectors/${name} is a verbatim copy of shared/vectors/${name}`, { skip: existsSync(join(SHARED, name)) ? false : `no ${SHARED} beside this clone` }, () => {
    assert.ok(readFileSync(join(here, name)).equals(readFileSync(join(SHARED, name))), `refresh it: cp ${join(SHARED, name)} test/vectors/`);
  });
}
