#!/usr/bin/env bash
# Export throughput: 100,000 events with a valid hash chain are written into a fresh H2 store, then exported
# through GET /api/v1/audit/export by the packaged service with a 64 MB heap, and verified with
# docs/verify-export.py. The measurement lives in ExportAtScaleIT; this runs it alone and prints its line.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests package
./mvnw -B -Dit.test=ExportAtScaleIT failsafe:integration-test failsafe:verify | grep -E '^export:|Tests run:|FAIL'
