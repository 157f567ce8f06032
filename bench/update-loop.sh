#!/usr/bin/env bash
# Measures updates/s through the HTTP API on the embedded H2 store: starts the packaged service on a fresh data
# directory and runs bench/UpdateLoop.java against it (the client shares the machine's cores).
# Usage: bench/update-loop.sh [threads] [updates/thread] [updates/process]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-8}
per_thread=${2:-1000}
per_process=${3:-$per_thread}
source bench/service.sh
start_service --ledger.max-events-per-process=$((per_process + 200))
java bench/UpdateLoop.java "$base" "$token" "$threads" "$per_thread" "$per_process"
