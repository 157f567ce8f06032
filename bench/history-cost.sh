#!/usr/bin/env bash
# Cost of an update to a process with a long history versus a fresh one (snapshots, cache).
# Usage: bench/history-cost.sh [history events] [samples] [extra service arguments...]
# e.g. bench/history-cost.sh 10000 400 --ledger.cache-size=1   (no cache: every load starts from a snapshot)
set -euo pipefail
cd "$(dirname "$0")/.."
history=${1:-10000}
samples=${2:-400}
shift 2 || true
source bench/service.sh
start_service --ledger.max-events-per-process=$((history + 5000)) "$@"
java bench/HistoryCost.java "$base" "$token" "$history" "$samples"
