# Sourced by the bench scripts: builds the jar if needed and starts it on a fresh H2 directory with a generated
# bootstrap token ($token, $base); it is stopped and its directory removed when the script exits.
# Extra arguments are passed to the service, then BENCH_SERVICE_ARGS (a setting to compare, e.g.
# --ledger.group-commit.max-size=1). BENCH_JAR runs another jar (e.g. a build of an older commit, to compare).
jar=${BENCH_JAR:-target/process-ledger.jar}
start_service() {
  [ -f "$jar" ] || ./mvnw -B -q -DskipTests package
  data=$(mktemp -d)
  token="htk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  port=${BENCH_PORT:-18080}
  base="http://127.0.0.1:$port"
  LEDGER_BOOTSTRAP_TOKEN=$token java -Daxoniq.update-checker.disabled=true -jar "$jar" \
    --server.port="$port" --ledger.data-dir="$data" "$@" ${BENCH_SERVICE_ARGS:-} > "$data/service.log" 2>&1 &
  pid=$!
  # under set -e a failing step would end the trap before rm: the service may be gone, wait returns its status
  trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 120); do curl -sf "$base/actuator/health" >/dev/null && break; sleep 0.5; done
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
}
# Creates COUNT processes on BASE as TOKEN, each with its step "work" running, and writes their ids to FILE, one a line
# (the processes bench/update-ratio.lua sends progress updates to).
create_running_processes() { # base token count file
  : > "$4"
  local id
  for _ in $(seq 1 "$3"); do
    id=$(curl -sf -H "Authorization: Bearer $2" -H 'Content-Type: application/json' "$1/api/v1/processes" \
      -d '{"namespace":"bench","name":"ratio","steps":[{"key":"work","label":"Work"}]}' | sed 's/.*"process_id":"\([^"]*\)".*/\1/')
    curl -sf -o /dev/null -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      "$1/api/v1/processes/$id/update" -d '{"type":"step_started","step":"work"}'
    echo "$id" >> "$4"
  done
}
