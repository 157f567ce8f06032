#!/usr/bin/env bash
# The update path against the store's raw commit rate, in one run on one machine (docs/performance.md):
#  1. the raw rate: single-row INSERT + COMMIT into the same store with the same durability (bench/RawCommit.java),
#     on 1 connection (the reference of the ratio) and on CONNECTIONS connections;
#  2. the packaged service on that store (rate limit off), PROCESSES processes each with one running step, then wrk
#     posting progress updates spread over them (bench/update-ratio.lua) on CONNECTIONS connections for SECONDS, and
#     on 1 connection for the single-client latency.
# Prints updates/s, p50 and p99, and the ratio of updates/s to the raw 1-connection commits/s.
# Usage: [BENCH_JAR=...] [BENCH_SERVICE_ARGS=...] bench/update-ratio.sh [h2|postgres] [seconds] [connections] [processes]
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-h2}
seconds=${2:-30}
connections=${3:-16}
processes=${4:-200}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
h2=$(ls ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar)
pg=$(ls ~/.m2/repository/org/postgresql/postgresql/42.*/postgresql-42.*.jar | sort -V | tail -n 1)
source bench/service.sh

if [ "$store" = postgres ]; then
  db=ledger_ratio_bench
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres >/dev/null
  raw_url="jdbc:postgresql://127.0.0.1:5432/$db"
  raw_user=postgres
  driver=$pg
  service_args=(--spring.profiles.active=postgres --spring.datasource.url="$raw_url"
    --spring.datasource.username=postgres --spring.datasource.password=)
else
  raw_dir=$(mktemp -d)
  # the service's own URL settings (application.properties): WRITE_DELAY=0 makes every commit durable
  raw_url="jdbc:h2:file:$raw_dir/raw;WRITE_DELAY=0;RETENTION_TIME=0;COMPRESS=TRUE;ANALYZE_AUTO=0"
  raw_user=ledger
  driver=$h2
  service_args=()
fi

echo "store: $store; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
raw1=$(java -cp "$driver" bench/RawCommit.java "$raw_url" "$raw_user" 1 10 | awk '{print $3}')
rawn=$(java -cp "$driver" bench/RawCommit.java "$raw_url" "$raw_user" "$connections" 10 | awk '{print $3}')
[ "$store" = h2 ] && rm -rf "$raw_dir"
echo "raw INSERT+COMMIT: $raw1/s on 1 connection, $rawn/s on $connections"

start_service --ledger.rate-limit.per-second=0 "${service_args[@]}"
if [ "$store" = postgres ]; then
  trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"
        psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" postgres >/dev/null || true' EXIT
fi
ids="$data/ids"
create_running_processes "$base" "$token" "$processes" "$ids"

# wrk prints latencies as 812.00us, 3.21ms or 1.02s: in milliseconds
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
run() { # connections seconds
  IDS_FILE=$ids TOKEN=$token wrk -t "$(( $1 < 2 ? 1 : 2 ))" -c "$1" -d "${2}s" --latency -s bench/update-ratio.lua "$base" > "$data/wrk.out"
  rate=$(awk '/^Requests\/sec/{print $2}' "$data/wrk.out")
  p50=$(awk '$1=="50%"{print $2}' "$data/wrk.out" | ms)
  p99=$(awk '$1=="99%"{print $2}' "$data/wrk.out" | ms)
  bad=$(awk '/Non-2xx/{print $5}' "$data/wrk.out")
  echo "$1 connection(s), ${2} s: ${rate} updates/s, p50 ${p50} ms, p99 ${p99} ms, non-200: ${bad:-0}"
}
# commands per committed transaction (group commit), from the service's metrics: "count sum"
groups() { curl -sf -H "Authorization: Bearer $token" "$base/actuator/prometheus" |
  awk '/^ledger_group_commit_size_count/{c=$2} /^ledger_group_commit_size_sum/{s=$2} END{print c+0, s+0}'; }
# CPU time the service's process has used so far, in clock ticks (utime + stime of /proc/<pid>/stat)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# 15 s: after 5 s the JIT was still compiling the update path (a third of a core)
run "$connections" 15 > /dev/null # warm-up
echo "load average before the measured runs: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r count0 sum0 <<< "$(groups)"
cpu0=$(cpu_ticks)
run "$connections" "$seconds"
cpu1=$(cpu_ticks)
read -r count1 sum1 <<< "$(groups)"
# the service's CPU time (user + system, all its threads) per update: less sensitive to a noisy neighbour than the rate
awk -v t="$(( cpu1 - cpu0 ))" -v hz="$(getconf CLK_TCK)" -v r="$rate" -v s="$seconds" \
  'BEGIN{ printf "service CPU: %.2f ms per update (%.0f %% of one core)\n", t * 1000 / hz / (r * s), t * 100 / hz / s }'
awk -v c0="$count0" -v c1="$count1" -v s0="$sum0" -v s1="$sum1" \
  'BEGIN{ c = c1 - c0; s = s1 - s0; if (c > 0) printf "group commit: %d transactions, %.1f updates each on average\n", c, s/c;
          else print "group commit: off (every update in a transaction of its own)" }'
ratio=$(awk -v a="$rate" -v b="$raw1" 'BEGIN{printf "%.3f", a/b}')
run 1 "$seconds"
echo "ratio (updates/s at $connections connections / raw commits/s on 1 connection): $ratio"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
