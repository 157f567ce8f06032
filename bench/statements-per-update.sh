#!/usr/bin/env bash
# Counts the SQL statements one progress update costs on the embedded H2 store (docs/performance.md): starts the
# packaged service with H2's statement trace on (TRACE_LEVEL_FILE=2), creates one process and starts its step, then
# sends UPDATES progress updates one after another, and prints the statements the trace recorded during them, per
# update, by table and kind. Background work (the analytics processor, the scheduler's polls) is in the trace too:
# it shows under its own tables.
# Usage: bench/statements-per-update.sh [updates]
set -euo pipefail
cd "$(dirname "$0")/.."
updates=${1:-200}
source bench/service.sh
dir=$(mktemp -d)
start_service --ledger.rate-limit.per-second=0 --ledger.store-check-on-start=false \
  --spring.datasource.url="jdbc:h2:file:$dir/ledger;WRITE_DELAY=0;RETENTION_TIME=0;COMPRESS=TRUE;ANALYZE_AUTO=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=2;TRACE_MAX_FILE_SIZE=1024"
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data" "$dir"' EXIT
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
id=$(curl -sf "${auth[@]}" "$base/api/v1/processes" \
  -d '{"namespace":"bench","name":"statements","steps":[{"key":"work","label":"Work"}]}' | sed 's/.*"process_id":"\([^"]*\)".*/\1/')
curl -sf -o /dev/null "${auth[@]}" "$base/api/v1/processes/$id/update" -d '{"type":"step_started","step":"work"}'
for _ in $(seq 1 20); do # warm-up: caches, prepared statements
  curl -sf -o /dev/null "${auth[@]}" "$base/api/v1/processes/$id/update" -d '{"type":"progress","step":"work","percent":1}'
done
sleep 1
trace="$dir/ledger.trace.db"
before=$(wc -l < "$trace")
for _ in $(seq 1 "$updates"); do
  curl -sf -o /dev/null "${auth[@]}" "$base/api/v1/processes/$id/update" -d '{"type":"progress","step":"work","percent":50}'
done
tail -n +"$((before + 1))" "$trace" > "$dir/during"
[ -n "${KEEP_TRACE:-}" ] && cp "$dir/during" "$KEEP_TRACE"
echo "statements during $updates updates, per update (kind, table):"
grep -oiE '^[^/]*/\*SQL[^*]*\*/ *(SELECT|INSERT INTO|UPDATE|DELETE FROM|MERGE INTO|COMMIT|ROLLBACK)[^;]*' "$dir/during" \
  | sed -E 's#.*\*/ *##' \
  | awk -v n="$updates" '{
      kind=toupper($1); if (kind=="INSERT"||kind=="DELETE"||kind=="MERGE") {table=$3} else if (kind=="UPDATE") {table=$2}
      else { table="?"; for (i=2;i<=NF;i++) if (toupper($i)=="FROM") { table=$(i+1); break } }
      gsub(/[^A-Za-z0-9_.]/,"",table); count[kind" "tolower(table)]++; total++ }
    END { for (k in count) printf "  %6.2f  %s\n", count[k]/n, k; printf "  %6.2f  all\n", total/n }' | sort -k2
