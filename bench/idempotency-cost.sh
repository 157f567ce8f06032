#!/usr/bin/env bash
# Cost of Idempotency-Key on updates: one service (embedded H2), rounds of bench/UpdateLoop.java alternating
# without and with a key on every update, so both modes see the same machine state. Compare the medians.
# The first rounds warm the service up (its throughput still climbs for a few rounds) and are printed as warmup.
# Usage: bench/idempotency-cost.sh [rounds per mode] [threads] [updates/thread] [warm-up rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-4}
per_thread=${3:-500}
warmup=${4:-3}
source bench/service.sh
start_service --ledger.max-events-per-process=$((per_thread + 500))
for round in $(seq $((1 - warmup)) "$rounds"); do
  label=$([ "$round" -ge 1 ] && echo "round=$round" || echo "warmup")
  for mode in plain keyed; do
    java bench/UpdateLoop.java "$base" "$token" "$threads" "$per_thread" "$per_thread" "$mode" | sed "s/^/$label /"
  done
done
