#!/usr/bin/env bash
# Runs a command with the simulator listening on 127.0.0.1:$SIM_PORT, then stops it.
# Usage: SIM_PORT=8719 scripts/with-sim.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SIM_PORT:=8719}"
export SIM_PORT SIM_TASK_MS="${SIM_TASK_MS:-300}"
log=$(mktemp)
node sim/server.mjs >"$log" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  if curl -fsS "http://127.0.0.1:$SIM_PORT/__sim/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$sim_pid" 2>/dev/null; then echo "the simulator did not start:"; cat "$log"; exit 1; fi
  sleep 0.1
done
export HIFLY_SIM_URL="http://127.0.0.1:$SIM_PORT"
"$@"
