#!/usr/bin/env bash
# Cost of signed digests: N audit rows (default 1,000,000) are seeded into a fresh H2 store with the service
# stopped; then the packaged service makes the organization's first digest over all of them (GET /audit/digest),
# serves inclusion proofs for the first, middle and last event (median time of 10 and size each), and makes an
# incremental digest after 1,000 more updates through the API.
# Usage: bench/audit-digest.sh [rows]
set -euo pipefail
[ -n "${BENCH_TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
rows=${1:-1000000}
[ -f target/process-ledger.jar ] || ./mvnw -B -q -DskipTests package
h2=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | sort -V | tail -1)
data=$(mktemp -d)
token="htk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port=${BENCH_PORT:-18085}
base="http://127.0.0.1:$port"
pid=
start() {
  LEDGER_BOOTSTRAP_TOKEN=$token java -Xmx512m -Daxoniq.update-checker.disabled=true -jar target/process-ledger.jar \
    --server.port="$port" --ledger.data-dir="$data" --ledger.audit.digest-settle=0s \
    --ledger.rate-limit.per-second=0 --ledger.rate-limit.per-organization-per-second=0 >> "$data/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do curl -sf "$base/actuator/health" >/dev/null && return; sleep 0.5; done
  echo "service did not start; see $data/service.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
now() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
auth=(-H "Authorization: Bearer $token")

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
start; stop
java -cp "$h2" bench/SeedAudit.java "$data/ledger" "$rows" > "$data/seed.txt"
start
t0=$(now); curl -sf "${auth[@]}" "$base/api/v1/audit/digest" > "$data/digest.json"; t1=$(now)
size=$(python3 -c "import json; print(json.load(open('$data/digest.json'))['size'])")
echo "first digest: $size events in $((t1 - t0)) ms"
grep '^prove ' "$data/seed.txt" | while read -r _ process sequence; do
  for _ in $(seq 1 10); do
    t0=$(now)
    bytes=$(curl -sf "${auth[@]}" -o "$data/proof.json" -w '%{size_download}' \
      "$base/api/v1/processes/$process/events/$sequence/proof")
    echo "$(( $(now) - t0 )) $bytes"
  done > "$data/times.txt"
  path=$(python3 -c "import json; p=json.load(open('$data/proof.json')); print(len(p['path']), p['leaf_index'])")
  echo "proof of leaf ${path#* }: $(cut -d' ' -f1 "$data/times.txt" | median) ms median of 10, $(head -1 "$data/times.txt" | cut -d' ' -f2) bytes, ${path% *} hashes in the path"
done
post() { # path body: prints the answer; fails loudly on anything but 2xx
  local code
  code=$(curl -s "${auth[@]}" -H "Content-Type: application/json" -o "$data/answer.json" -w '%{http_code}' "$base$1" -d "$2")
  case $code in 2??) cat "$data/answer.json" ;; *) echo "POST $1 answered $code: $(cat "$data/answer.json")" >&2; exit 1 ;; esac
}
id=$(post /api/v1/processes '{"namespace":"bench","name":"more","steps":[{"key":"a","label":"A"}]}' \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['process_id'])")
post "/api/v1/processes/$id/update" '{"type":"step_started","step":"a"}' > /dev/null
for i in $(seq 1 998); do
  post "/api/v1/processes/$id/update" "{\"type\":\"progress\",\"step\":\"a\",\"percent\":$((i / 10))}" > /dev/null
done
t0=$(now); curl -sf "${auth[@]}" "$base/api/v1/audit/digest" > "$data/digest2.json"; t1=$(now)
echo "incremental digest: $(python3 -c "import json; print(json.load(open('$data/digest2.json'))['size'])") events in $((t1 - t0)) ms"
