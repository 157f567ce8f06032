#!/usr/bin/env bash
# Updates/s through 1 and through 2 instances sharing one fresh PostgreSQL database (127.0.0.1:5432, user
# postgres). Each run uses its own database. The client and the instances share the machine's cores.
# Usage: [BENCH_JAR=...] [BENCH_SERVICE_ARGS=...] bench/cluster-throughput.sh [threads] [updates/thread]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-8}
per_thread=${2:-500}
jar=${BENCH_JAR:-target/process-ledger.jar}
[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for instances in 1 2; do
  db="ledger_bench_$(date +%s)_$instances"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
  token="htk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  bases=()
  for i in $(seq 1 "$instances"); do
    port=$((18180 + i))
    LEDGER_BOOTSTRAP_TOKEN=$token java -Daxoniq.update-checker.disabled=true -jar "$jar" \
      --spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" \
      --server.port=$port --ledger.max-events-per-process=$((per_thread + 500)) ${BENCH_SERVICE_ARGS:-} \
      > "/tmp/$db-$i.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
    bases+=("http://127.0.0.1:$port")
  done
  echo "instances=$instances"
  java bench/UpdateLoop.java "$(IFS=,; echo "${bases[*]}")" "$token" "$threads" "$per_thread"
  cleanup; pids=()
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db WITH (FORCE)"
done
