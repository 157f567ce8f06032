#!/usr/bin/env bash
# Measures the analytics projection on the embedded H2 store (docs/analytics.md):
#  1. starts the packaged service once on a fresh directory (Flyway makes the schema), stops it;
#  2. writes PROCESSES processes (~10.2 events each) straight into its event store (bench/SeedAnalytics.java);
#  3. starts it again: the analytics processor replays them all (events/s until lag_events is 0); then rebuilds the
#     model once more through POST /api/v1/analytics/replay, the operator's replay (events/s likewise);
#  4. times every endpoint over that history (QUERIES requests each);
#  5. sends RATE updates/s for SECONDS and times how long a new process takes to be counted.
# Usage: bench/analytics.sh [processes] [queries] [rate] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
processes=${1:-100000}
queries=${2:-200}
rate=${3:-300}
seconds=${4:-60}
h2=$(ls ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar)
source bench/service.sh
# the start-up integrity read of every row would compete with the replay for the cores
start_service --ledger.store-check-on-start=false --ledger.rate-limit.per-second=0
kill $pid; wait $pid 2>/dev/null || true
echo "load average before seeding: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$h2" bench/SeedAnalytics.java "jdbc:h2:file:$data/ledger" ledger "$processes"
LEDGER_BOOTSTRAP_TOKEN=$token java -Daxoniq.update-checker.disabled=true -jar "$jar" \
  --server.port="$port" --ledger.data-dir="$data" --ledger.store-check-on-start=false \
  --ledger.rate-limit.per-second=0 ${BENCH_SERVICE_ARGS:-} > "$data/service2.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 0.5; done
echo "load average at replay start: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/AnalyticsBench.java replay "$base" "$token"
echo "load average after the start-up replay: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/AnalyticsBench.java rebuild "$base" "$token"
echo "load average after the operator's replay: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/AnalyticsBench.java queries "$base" "$token" "$queries"
echo "load average after queries: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/AnalyticsBench.java lag "$base" "$token" "$rate" "$seconds"
echo "load average after the lag run: $(cut -d' ' -f1-3 /proc/loadavg)"
