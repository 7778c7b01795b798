// One parser's callback throughput, in a process of its own (so that no parser's JIT feedback
// affects another's): node callbacks/child.mjs <hifly|hand|zod> <roundMs> <rounds>
// First checks that the parser gives parseCallback's results on the three vendor examples and
// refuses the same bad bodies; then warms up and times rounds of parse + read-every-field.
// Prints one JSON line: {name, opsPerSec: [...], mismatches: [...]}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BAD, EXPECTED, HIFLY_ONLY, SEED_FILES } from "./cases.mjs";
import { SEEDS } from "../lib/util.mjs";

const [impl, roundMsArg, roundsArg] = process.argv.slice(2);
const { name, parse, unchecked = false } = await import(`./${impl}.mjs`);
const roundMs = Number(roundMsArg ?? 300);
const rounds = Number(roundsArg ?? 10);

const bodies = SEED_FILES.map((f) => readFileSync(join(SEEDS, f), "utf8"));

// Same results, same refusals (skipped for the unchecked ceiling).
const mismatches = [];
let acceptsDuplicates = [];
if (!unchecked) {
  bodies.forEach((b, i) => {
    let got;
    try {
      got = parse(b);
    } catch (e) {
      got = `threw ${e.message}`;
    }
    if (JSON.stringify(got) !== JSON.stringify(EXPECTED[i])) mismatches.push(`${SEED_FILES[i]}: got ${JSON.stringify(got)}`);
  });
  for (const [label, body] of BAD) {
    let accepted = false;
    try {
      parse(body);
      accepted = true;
    } catch {}
    if (accepted) mismatches.push(`accepted a bad body: ${label}`);
  }
  acceptsDuplicates = HIFLY_ONLY.map(([label, body]) => {
    try {
      parse(body);
      return label;
    } catch {
      return null;
    }
  }).filter(Boolean);
}

// Every field of the result is read and folded into a sink the JIT cannot drop.
let sink = 0;
function consume(c) {
  sink += c.type + c.status + c.code + c.task_id.length + c.message.length;
  switch (c.type) {
    case 1:
      sink += (c.video_url?.length ?? 0) + (c.duration ?? 0) + (c.title?.length ?? 0);
      break;
    case 2:
      sink += c.avatar?.length ?? 0;
      break;
    case 3:
      sink += (c.voice?.length ?? 0) + (c.demo_url?.length ?? 0);
      break;
  }
}

function batch(n) {
  for (let i = 0; i < n; i++) consume(parse(bodies[i % 3]));
}

// Warm-up: about a second of batches of 300, which also sizes a round to about roundMs.
let done = 0;
const t0 = performance.now();
while (performance.now() - t0 < 1000) {
  batch(300);
  done += 300;
}
const rate = done / (performance.now() - t0); // per ms
let n = Math.max(300, Math.round(rate * roundMs));
n -= n % 3;

function measure(k) {
  const c0 = process.cpuUsage();
  const s = performance.now();
  batch(k);
  const wall = performance.now() - s;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const opsPerSec = [];
const opsPerCpuSec = [];
for (let r = 0; r < rounds; r++) {
  const { wall, cpu } = measure(n);
  opsPerSec.push((n / wall) * 1000);
  opsPerCpuSec.push((n / cpu) * 1000);
}
console.log(JSON.stringify({ name, opsPerSec, opsPerCpuSec, mismatches, acceptsDuplicates, batch: n, sink: sink > 0 }));
