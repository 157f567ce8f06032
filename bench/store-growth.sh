#!/usr/bin/env bash
# How large the embedded H2 file grows under sustained updates, against the size of the same data compacted.
# Starts the packaged service on a fresh data directory, posts updates at full speed with bench/UpdateLoop.java
# (spread over many processes, rate limits off) while sampling the file's size every second, leaves the service
# idle for a while, stops it, then compacts a copy of the file (H2's SHUTDOWN COMPACT) and compares.
# Usage: bench/store-growth.sh [updates] [threads] [updates/process] [extra service arguments...]
# (UpdateLoop posts 100 more per thread first, to warm up.) The settings before online compaction, for comparison:
#   bench/store-growth.sh 30000 8 1000 --ledger.store-compaction.interval=0 \
#     '--spring.datasource.url=jdbc:h2:file:${ledger.data-dir}/ledger;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE'
# STORE_GROWTH_IDLE (seconds, default 30) is the idle time after the run.
set -euo pipefail
cd "$(dirname "$0")/.."
updates=${1:-100000}
threads=${2:-8}
per_process=${3:-1000}
shift 3 || shift $#
idle=${STORE_GROWTH_IDLE:-30}
source bench/service.sh
start_service --ledger.max-events-per-process=$((per_process + 200)) --ledger.rate-limit.per-second=0 \
  --ledger.rate-limit.per-organization-per-second=0 "$@"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
echo "service arguments: ${*:-(none)}"
file="$data/ledger.mv.db"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size() { stat -c %s "$file"; }

# one line per second: phase and file size in bytes
( while kill -0 "$pid" 2>/dev/null; do echo "$(cat "$data/phase" 2>/dev/null || echo load) $(size)"; sleep 1; done ) \
  > "$data/sizes" 2>/dev/null &
sampler=$!
java bench/UpdateLoop.java "$base" "$token" "$threads" "$((updates / threads))" "$per_process"
end_of_run=$(size)
echo idle > "$data/phase"
sleep "$idle"
after_idle=$(size)
echo stop > "$data/phase"
kill "$pid"
wait "$pid" || true
wait "$sampler" || true
after_stop=$(size)
echo "load after: $(uptime | sed 's/.*load average/load average/')"

mkdir "$data/compacted"
cp "$file" "$data/compacted/"
echo "SHUTDOWN COMPACT;" > "$data/compact.sql"
java -cp target/process-ledger.jar -Dloader.main=org.h2.tools.RunScript \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  -url "jdbc:h2:file:$data/compacted/ledger" -user ledger -password "" -script "$data/compact.sql"
compacted=$(stat -c %s "$data/compacted/ledger.mv.db")

max_load=$(awk '$1 == "load" && $2 > m { m = $2 } END { print m + 0 }' "$data/sizes")
max_idle=$(awk '$1 == "idle" && $2 > m { m = $2 } END { print m + 0 }' "$data/sizes")
ratio() { awk -v a="$1" -v b="$compacted" 'BEGIN { printf "%.1fx", a / b }'; }
echo "store_mb max_during_run=$(mb "$max_load") end_of_run=$(mb "$end_of_run") max_while_idle=$(mb "$max_idle")" \
  "after_${idle}s_idle=$(mb "$after_idle") after_stop=$(mb "$after_stop") compacted=$(mb "$compacted")"
echo "versus_compacted max_during_run=$(ratio "$max_load") end_of_run=$(ratio "$end_of_run")" \
  "after_${idle}s_idle=$(ratio "$after_idle") after_stop=$(ratio "$after_stop")"
