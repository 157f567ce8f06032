#!/usr/bin/env bash
# The README's walkthrough as a script: from the bootstrap token to a completed process.
# Usage: TOKEN=htk_... [BASE=http://localhost:8080] docs/examples.sh
# The process id is chosen by the client (allowed by the API), so nothing needs parsing.
set -euo pipefail
BASE=${BASE:-http://localhost:8080}
: "${TOKEN:?set TOKEN to the bootstrap admin token (see the service log)}"
PROCESS_ID=${PROCESS_ID:-$(cat /proc/sys/kernel/random/uuid)}
# every call prints its body, then its HTTP status on a line of its own
auth=(-w '\n%{http_code}\n' -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
read=(-w '\n%{http_code}\n' -H "Authorization: Bearer $TOKEN")

step() { echo; echo "# $*"; }

step "Create a process with three steps"
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes" -d '{
  "process_id": "'"$PROCESS_ID"'",
  "namespace": "deployments",
  "name": "Deploy v2.1.0 to production",
  "steps": [
    {"key": "build",  "label": "Build"},
    {"key": "test",   "label": "Test"},
    {"key": "review", "label": "Review", "human": true}
  ]
}'

step "Start, report progress on and complete the build"
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_started", "step": "build"}'
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "progress", "step": "build", "message": "Compiling...", "percent": 50}'
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_completed", "step": "build", "data": {"image_tag": "v2.1.0-abc123"}}'

step "A test run fails, then passes on its second attempt"
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_started", "step": "test"}'
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_failed", "step": "test", "error": "2 integration tests failed"}'
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_started", "step": "test"}'
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_completed", "step": "test"}'

step "Starting the completed build again is refused (409, nothing appended)"
curl -sS "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_started", "step": "build"}'

step "The reviewer approves; the process completes"
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "step_completed", "step": "review", "detail": "Approved by Ana"}'
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/processes/$PROCESS_ID/update" \
  -d '{"type": "completed", "summary": "v2.1.0 is live"}'

step "Read it back, and list the namespace"
curl -sS --fail-with-body "${read[@]}" "$BASE/api/v1/processes/$PROCESS_ID"
curl -sS --fail-with-body "${read[@]}" "$BASE/api/v1/processes?namespace=deployments&limit=5"

step "A read-only token for a dashboard"
curl -sS --fail-with-body "${auth[@]}" "$BASE/api/v1/tokens" -d '{"name": "dashboard", "scopes": ["processes:read"]}'
echo
