#!/usr/bin/env bash
# Measures updates/s through the HTTP API on the embedded H2 store: builds the jar, starts it on a fresh
# data directory, runs bench/UpdateLoop.java, stops it.
# Usage: bench/update-loop.sh [threads] [updates/thread] [updates/process]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-8}
per_thread=${2:-1000}
per_process=${3:-$per_thread}
max_events=$((per_thread + 200))

[ -f target/process-ledger.jar ] || ./mvnw -B -q -DskipTests package
data=$(mktemp -d)
token="htk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port=18080
LEDGER_BOOTSTRAP_TOKEN=$token java -Daxoniq.update-checker.disabled=true -jar target/process-ledger.jar \
  --server.port=$port --ledger.data-dir="$data" --ledger.max-events-per-process=$max_events \
  > "$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
java bench/UpdateLoop.java "http://127.0.0.1:$port" "$token" "$threads" "$per_thread" "$per_process"
