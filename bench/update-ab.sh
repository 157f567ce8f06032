#!/usr/bin/env bash
# Compares two builds or settings of the update path on a machine whose speed drifts from minute to minute: both
# services run side by side (H2, rate limit off, PROCESSES processes each with one running step), and wrk loads one at
# a time in alternating rounds (A B, B A, A B, ...), so that each pair of rounds sees the same machine. Prints every
# round, the median updates/s, p50 and p99 of each side, and the median of the paired B/A ratios.
# Usage: [A_JAR=...] [A_ARGS=...] [B_JAR=...] [B_ARGS=...] bench/update-ab.sh [rounds] [seconds] [connections] [processes]
# (the jars default to target/process-ledger.jar; ARGS are extra service arguments, e.g. --ledger.group-commit.max-size=1)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
seconds=${2:-10}
connections=${3:-16}
processes=${4:-200}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -f target/process-ledger.jar ] || ./mvnw -B -q -DskipTests package
source bench/service.sh # create_running_processes
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # side jar port args...
  local side=$1 jar=$2 port=$3; shift 3
  mkdir -p "$work/$side"
  local token="htk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  LEDGER_BOOTSTRAP_TOKEN=$token java -Daxoniq.update-checker.disabled=true -jar "$jar" --server.port="$port" \
    --ledger.data-dir="$work/$side" --ledger.rate-limit.per-second=0 "$@" > "$work/$side.log" 2>&1 &
  pids+=($!)
  echo "$token" > "$work/$side.token"
  echo "http://127.0.0.1:$port" > "$work/$side.base"
}
prepare() { # side: waits for health, creates the processes
  local side=$1 token base
  token=$(cat "$work/$side.token"); base=$(cat "$work/$side.base")
  for _ in $(seq 1 240); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 0.5; done
  create_running_processes "$base" "$token" "$processes" "$work/$side.ids"
}
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
load() { # side seconds: prints "updates/s p50 p99 non-200"
  local side=$1
  IDS_FILE=$work/$side.ids TOKEN=$(cat "$work/$side.token") wrk -t 2 -c "$connections" -d "${2}s" --latency \
    -s bench/update-ratio.lua "$(cat "$work/$side.base")" > "$work/wrk.out"
  local bad
  bad=$(awk '/Non-2xx/{print $5}' "$work/wrk.out")
  echo "$(awk '/^Requests\/sec/{print $2}' "$work/wrk.out") $(awk '$1=="50%"{print $2}' "$work/wrk.out" | ms)" \
    "$(awk '$1=="99%"{print $2}' "$work/wrk.out" | ms) ${bad:-0}"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
echo "A: ${A_JAR:-target/process-ledger.jar} ${A_ARGS:-}"
echo "B: ${B_JAR:-target/process-ledger.jar} ${B_ARGS:-}"
# shellcheck disable=SC2086
start a "${A_JAR:-target/process-ledger.jar}" 18081 ${A_ARGS:-}
# shellcheck disable=SC2086
start b "${B_JAR:-target/process-ledger.jar}" 18082 ${B_ARGS:-}
prepare a
prepare b
# 30 s each, twice: with two services on the cores the JIT takes longer to finish compiling the update path
for _ in 1 2; do load a 15 > /dev/null; load b 15 > /dev/null; done
echo "load average before the rounds: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "round side updates/s p50_ms p99_ms non200" > "$work/rounds"
# the order alternates (A B, B A, ...) and each load waits 2 s for the other's background work (analytics, compaction)
for r in $(seq 1 "$rounds"); do
  order="a b"; [ $((r % 2)) = 0 ] && order="b a"
  for side in $order; do sleep 2; echo "$r $side $(load "$side" "$seconds")" >> "$work/rounds"; done
done
cat "$work/rounds"
awk 'NR > 1 { rate[$2, $1] = $3; p50[$2, $1] = $4; p99[$2, $1] = $5; n = $1 }
  function median(values, count,   i, j, t) {
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
    return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2 }
  END {
    for (s = 1; s <= 2; s++) { side = s == 1 ? "a" : "b"
      for (i = 1; i <= n; i++) { r[i] = rate[side, i]; q[i] = p50[side, i]; t[i] = p99[side, i] }
      printf "%s: median %.1f updates/s, p50 %.2f ms, p99 %.2f ms\n", toupper(side), median(r, n), median(q, n), median(t, n) }
    for (i = 1; i <= n; i++) ratio[i] = rate["b", i] / rate["a", i]
    printf "B/A updates/s, median of %d paired rounds: %.3f (", n, median(ratio, n)
    for (i = 1; i <= n; i++) printf "%s%.2f", (i > 1 ? " " : ""), rate["b", i] / rate["a", i]; print ")" }' "$work/rounds"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
