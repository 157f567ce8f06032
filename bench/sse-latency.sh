#!/usr/bin/env bash
# Measures SSE delivery latency (POST sent to process_update received) on the embedded H2 store.
# Usage: bench/sse-latency.sh [updates]
set -euo pipefail
cd "$(dirname "$0")/.."
updates=${1:-1000}
source bench/service.sh
start_service --ledger.max-events-per-process=$((updates + 200))
java bench/SseLatency.java "$base" "$token" "$updates"
