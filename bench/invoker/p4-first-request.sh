#!/usr/bin/env bash
# P4: first request after upload for a ~1 MiB module: compiled from scratch, then (new invoker, same disk
# cache) loaded from Chicory's compile cache on disk, and the requests after it (compiled module in memory).
# Usage: bench/invoker/p4-first-request.sh [functions in the generated guest, default 12200 (~1 MiB)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUNCTIONS=${1:-12200}
. "$ROOT/bench/invoker/big-guest.sh"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "$CP" dev.sockeye.bench.invoker.FirstRequest "$WORK/big.wasm" "$WORK/cache" \
  "$ROOT/guests/bin/hello_wagi.wasm" 2>&1 | grep -E '^(module_bytes|phase)='
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
