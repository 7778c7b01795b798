#!/usr/bin/env bash
# Runs a command with the simulator listening on 127.0.0.1:$SIM_PORT, then stops it.
# Usage: SIM_PORT=8719 scripts/with-sim.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SIM_PORT:=8719}"
export SIM_PORT SIM_TASK_MS="${SIM_TASK_MS:-300}"
# `answers URL [ok-only]`: whether anything (or, with ok-only, a 2xx) answers at URL. Node, not
# curl, because node is certain to be on the machine.
answers() {
  node -e 'fetch(process.argv[1]).then(r => process.exit(process.argv[2] && !r.ok ? 1 : 0), () => process.exit(1))' "$@"
}
# Another run's simulator on this port would answer our health checks and vanish mid-test.
if answers "http://127.0.0.1:$SIM_PORT/"; then
  echo "with-sim: port $SIM_PORT is already in use (another test run?); set SIM_PORT to a free port" >&2
  exit 1
fi
log=$(mktemp)
node sim/server.mjs >"$log" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -f "$log"' EXIT
ready=
for _ in $(seq 100); do
  if ! kill -0 "$sim_pid" 2>/dev/null; then echo "with-sim: the simulator did not start:" >&2; cat "$log" >&2; exit 1; fi
  if answers "http://127.0.0.1:$SIM_PORT/__sim/health" ok-only; then ready=1; break; fi
  sleep 0.1
done
[ -n "$ready" ] || { echo "with-sim: the simulator did not answer in 10 s:" >&2; cat "$log" >&2; exit 1; }
export HIFLY_SIM_URL="http://127.0.0.1:$SIM_PORT"
"$@"
