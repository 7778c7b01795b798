// 3. Callbacks: parseCallback's throughput on the vendor's three payloads, every field read,
// against JSON.parse + hand-written checks, a zod 4 schema, and JSON.parse alone (the ceiling).
import { join } from "node:path";
import { BENCH, lastJson, median, min, max, note, ops, ratio, runNode, table } from "./lib/util.mjs";
import { BAD } from "./callbacks/cases.mjs";

const IMPLS = ["hifly", "hand", "zod", "jsonparse"];

export async function run({ quick = false } = {}) {
  const roundMs = 200;
  const rounds = quick ? 5 : 12;
  const passes = 2;
  const results = Object.fromEntries(IMPLS.map((i) => [i, { ops: [], cpuOps: [] }]));
  // Each parser runs in a process of its own, twice, in opposite orders, so that a slow spell of
  // the machine does not land on one parser only.
  for (let p = 0; p < passes; p++) {
    for (const impl of p % 2 ? [...IMPLS].reverse() : IMPLS) {
      const { stdout } = await runNode([join(BENCH, "callbacks", "child.mjs"), impl, String(roundMs), String(rounds)]);
      const r = lastJson(stdout);
      Object.assign(results[impl], { name: r.name, mismatches: r.mismatches, acceptsDuplicates: r.acceptsDuplicates });
      results[impl].ops.push(...r.opsPerSec);
      results[impl].cpuOps.push(...r.opsPerCpuSec);
    }
  }
  for (const impl of IMPLS) {
    results[impl].median = median(results[impl].ops);
    results[impl].cpuMedian = median(results[impl].cpuOps);
  }
  const h = results.hifly.median;
  console.log(
    `Parse + read every field, cycling the three vendor examples (type 1 work, type 2 avatar, type 3 voice),\n` +
      `string bodies; each parser in its own Node ${process.version} process, 1 s warm-up, ${passes} x ${rounds} rounds of ~${roundMs} ms:`,
  );
  table([
    ["parser", "median", "min", "max", "hifly-sdk / it", "per CPU-s", "hifly-sdk / it"],
    ...IMPLS.map((i) => {
      const r = results[i];
      const self = i === "hifly";
      return [r.name, ops(r.median), ops(min(r.ops)), ops(max(r.ops)), self ? "" : ratio(h / r.median), ops(r.cpuMedian), self ? "" : ratio(results.hifly.cpuMedian / r.cpuMedian)];
    }),
  ]);
  note(`ops/s of wall time; "per CPU-s" divides by the process's CPU time instead (all threads, GC included),
which a busy machine disturbs less.`);
  const problems = IMPLS.flatMap((i) => results[i].mismatches.map((m) => `${results[i].name}: ${m}`));
  console.log("");
  table([
    ["goal", "hifly-sdk", "target", "ratio", ""],
    ["at least zod's throughput", ops(h), ops(results.zod.median), ratio(h / results.zod.median), h >= results.zod.median ? "met" : "not met"],
    ["ceiling: JSON.parse alone", ops(h), ops(results.jsonparse.median), ratio(h / results.jsonparse.median), ""],
  ]);
  note(`
Same strictness, checked before timing: the three checked parsers give parseCallback's exact result
objects for the three examples and all refuse the same ${BAD.length} bad bodies (wrong types, missing or
blank task_id, status other than 3/4, type other than 1/2/3, a finished callback without its result,
a negative duration, a body over 64 KiB, ...).${problems.length ? `\nMISMATCHES: ${problems.join("; ")}` : " No mismatch."}
Not equal: parseCallback also refuses a duplicated key (accepted by: ${IMPLS.filter((i) => results[i].acceptsDuplicates?.length).map((i) => results[i].name).join(", ")}),
which JSON.parse cannot see. Its cost: the string is copied into wasm memory (UTF-8) for the size,
UTF-8 and duplicate-key checks, parsed by JSON.parse, read field by field into the Rust type through
serde-wasm-bindgen (a call into JS per field, each string copied into wasm memory), checked by the
Rust core (built for size, -Oz), and written back as a new JS object (each string copied out).
"JSON.parse alone" does no checks.`);
  const cpu = Object.fromEntries(IMPLS.map((i) => [i, results[i].cpuMedian]));
  return { hifly: h, hand: results.hand.median, zod: results.zod.median, json: results.jsonparse.median, cpu, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run({ quick: process.argv.includes("--quick") });
}
