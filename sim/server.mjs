#!/usr/bin/env node
// `make sim`: the HiFly API V2 simulator in the foreground. Settings come from SIM_* env vars
// (see sim/README.md). Prints one line with the URL when it listens.

import { performance } from "node:perf_hooks";
import { optionsFromEnv, startSimulator } from "./lib/index.mjs";

let options;
try {
  options = { logRequests: true, ...optionsFromEnv() };
} catch (e) {
  console.error(`hifly-sim: ${e.message}`);
  process.exit(2);
}

let sim;
try {
  sim = await startSimulator(options);
} catch (e) {
  console.error(`hifly-sim: cannot start: ${e.message}`);
  process.exit(1);
}

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await sim.close();
    process.exit(0);
  });
}

const tokenNote = process.env.SIM_TOKEN ? "token from SIM_TOKEN" : `token ${sim.token}`;
console.log(`hifly-sim listening on ${sim.url} (${tokenNote}; ready in ${Math.round(performance.now())} ms since process start)`);
