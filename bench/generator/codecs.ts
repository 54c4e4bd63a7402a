// Throughput of generated codecs (dsync LockArgs, golden Scalars) against
// msgpackr's schemaless pack/unpack of the same values, measured in one run.
// msgpackr does not produce msgp's bytes (it picks formats from JS values);
// it is only a speed baseline. Run: npx tsx bench/generator/codecs.ts
import { pack, unpack } from "msgpackr";
import * as dsync from "../../generated/dsync/lock.js";
import * as golden from "../../generated/golden/golden.js";

function rate(fn: () => void, ms = 500): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  return (n / ms) * 1000;
}

const cases: [string, () => void, () => void, () => void, () => void][] = [];
{
  const v = { UID: "0d5a3d26-9f3e-4f4b-9c5c-7b0a2c1f3e4d", Resources: ["bucket/object"], Source: "[1234] cmd/erasure-object.go:100:cmd.lock()", Owner: "node-owner-id", Quorum: 3 };
  const b = dsync.LockArgsCodec.encode(v);
  const p = pack(v);
  cases.push(["LockArgs", () => dsync.LockArgsCodec.encode(v), () => dsync.LockArgsCodec.decode(b), () => pack(v), () => unpack(p)]);
}
{
  const v = { ...golden.createScalars(), I: 123456789n, U64: 2n ** 40n, S: "hello world", F64: 1.5, F32: 0.5 };
  const b = golden.ScalarsCodec.encode(v);
  const p = pack(v);
  cases.push(["Scalars", () => golden.ScalarsCodec.encode(v), () => golden.ScalarsCodec.decode(b), () => pack(v), () => unpack(p)]);
}
for (const [name, enc, dec, menc, mdec] of cases) {
  const e = rate(enc), d = rate(dec), me = rate(menc), md = rate(mdec);
  const k = (x: number) => `${(x / 1000).toFixed(0)}k/s`;
  console.log(`${name}: encode ${k(e)} (x${(e / me).toFixed(2)} vs msgpackr ${k(me)}), decode ${k(d)} (x${(d / md).toFixed(2)} vs msgpackr ${k(md)})`);
}
