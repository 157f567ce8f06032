#!/usr/bin/env bash
# Export throughput on the embedded H2 store, two ways:
#  1. ExportAtScaleIT: 100,000 events with a valid hash chain are written into a fresh store, then exported once
#     through GET /api/v1/audit/export by the packaged service with a 64 MB heap (the export is larger than the
#     heap), and verified with docs/verify-export.py; it prints its line.
#  2. The same store, the packaged service with its default heap, exported ROUNDS times in a row with curl
#     (the first right after start-up, the others warm): seconds and events/s of each, and the median.
# Usage: bench/export-throughput.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests package
./mvnw -B -Dit.test=ExportAtScaleIT failsafe:integration-test failsafe:verify | grep -E '^export:|Tests run:|FAIL'

seeded=$(ls -dt target/export-scale-* | head -1)
data=$(mktemp -d)
cp "$seeded/ledger.mv.db" "$data/"
port=${BENCH_PORT:-18098}
token=$(java -Daxoniq.update-checker.disabled=true -jar target/process-ledger.jar admin issue-token --org default \
  --name bench --ledger.data-dir="$data" 2>&1 | grep -o 'htk_[0-9a-f]*' | head -1)
java -Daxoniq.update-checker.disabled=true -jar target/process-ledger.jar --server.port="$port" \
  --ledger.data-dir="$data" > "$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
echo "load average before the exports: $(cut -d' ' -f1-3 /proc/loadavg)"
times=()
for round in $(seq 1 "$rounds"); do
  out=$(curl -s -o "$data/export.ndjson" -w '%{time_total} %{http_code}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/audit/export")
  lines=$(wc -l < "$data/export.ndjson")
  read -r seconds status <<< "$out"
  [ "$status" = 200 ] || { echo "export answered $status"; exit 1; }
  printf 'export %d (default heap): events=%d seconds=%s events_per_second=%.0f\n' "$round" "$lines" "$seconds" \
    "$(echo "$lines / $seconds" | bc -l)"
  times+=("$seconds")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median of %d exports: %s s, %.0f events/s; load average after: %s\n' "$rounds" "$median" \
  "$(echo "$lines / $median" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
