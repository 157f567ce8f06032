#!/usr/bin/env bash
# Measures the console's processes list with 100,000 processes in the store (docs/console.md):
#  1. starts the packaged service once on a fresh directory (Flyway makes the schema), stops it;
#  2. writes PROCESSES processes straight into its read model (bench/SeedProcessList.java), what the list reads;
#  3. starts it again and loads the list LOADS times per variant in headless Chromium (bench/ConsoleListBench.java):
#     navigation to rows rendered and clickable, and the API requests each load made.
# Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver).
# Usage: bench/console-list.sh [processes] [loads]
set -euo pipefail
cd "$(dirname "$0")/.."
processes=${1:-100000}
loads=${2:-7}
h2=$(ls ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar)
classpath=target/bench-selenium.classpath
[ -f "$classpath" ] || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
source bench/service.sh
# the start-up integrity read of every row is not what this measures
start_service --ledger.store-check-on-start=false --ledger.rate-limit.per-second=0
kill $pid; wait $pid 2>/dev/null || true
java -cp "$h2" bench/SeedProcessList.java "jdbc:h2:file:$data/ledger" ledger "$processes"
LEDGER_BOOTSTRAP_TOKEN=$token java -Daxoniq.update-checker.disabled=true -jar "$jar" \
  --server.port="$port" --ledger.data-dir="$data" --ledger.store-check-on-start=false \
  --ledger.rate-limit.per-second=0 > "$data/service2.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 0.5; done
echo "total in the list: $(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/processes?limit=1" | grep -o '"total":[0-9]*')"
echo "load average before loading: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$(cat "$classpath")" bench/ConsoleListBench.java "$base" "$token" "$loads"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
