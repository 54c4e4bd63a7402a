// `npm run vectors -- <file.json>`: checks a file of msgp golden vectors
// (shared/spec/msgp.md §12) against the codecs generated from schemas/golden.
// One line per failing vector, then exactly `N passed, N failed`; exit 1 when
// any vector fails, 2 on usage errors.
import { existsSync } from "node:fs";
import { loadGoldenCodecs } from "../test/conformance/golden-codecs.js";
import { loadGoldenSchema } from "../test/conformance/golden-schema.js";
import { checkVectorFile } from "../test/conformance/vector-check.js";

async function main(argv: string[]): Promise<number> {
  const files = argv.filter((a) => a !== "--");
  if (files.length === 0 || files.includes("--help") || files.includes("-h")) {
    console.error(
      "usage: npm run vectors -- <vectors.json> [more.json ...]\n" +
        "  e.g. npm run vectors -- test/vectors/msgp-golden.json\n" +
        "checks every vector: encode(value) == hex (canonical map order when canonical_hex is given)\n" +
        "and decode(hex) == decoded (or value); exit 0 all passed, 1 some failed, 2 usage error",
    );
    return 2;
  }
  for (const f of files) {
    if (!existsSync(f)) {
      console.error(`vector file not found: ${f} (give the path to a msgp-golden-vectors/1 JSON file)`);
      return 2;
    }
  }
  const schema = loadGoldenSchema();
  const codecs = await loadGoldenCodecs();
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    const report = checkVectorFile(f, schema, codecs);
    for (const x of report.failures) console.log(`FAIL ${x.name}: ${x.reason}`);
    passed += report.passed;
    failed += report.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
