#!/usr/bin/env bash
# P4 end to end through the API: a ~1 MiB module uploaded (activate=true) to its first 200 from the trigger, and
# the p99 of 1,000 policy writes. Starts ./sockeye up on a fresh home and a free port, stops it at the end.
# Usage: bench/api/p4-api.sh [policy writes, default 1000] [functions in the generated guest, default 12200]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WRITES=${1:-1000}
FUNCTIONS=${2:-12200}
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]]; then kill -TERM "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$ROOT/bench/invoker/gen-big-guest.py" "$FUNCTIONS" >"$WORK/big.c"
clang --target=wasm32-wasi -O1 "$WORK/big.c" -Wl,--strip-debug -o "$WORK/big.wasm"

mkdir -p "$WORK/tmp"
SOCKEYE_HOME="$WORK/home" SOCKEYE_JAVA_OPTS="-Dquarkus.http.port=$PORT -Djava.io.tmpdir=$WORK/tmp" \
  "$ROOT/sockeye" up >"$WORK/up.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 240); do
  token=$(grep -o 'sockeye_[A-Za-z0-9_-]*' "$WORK/up.log" | head -1 || true)
  [[ -n "$token" ]] && break
  sleep 0.5
done
[[ -n "$token" ]] || { cat "$WORK/up.log" >&2; echo "p4-api: sockeye up did not start" >&2; exit 1; }
# Ready, and the engine warm-up done (it runs after the start, readiness does not wait for it; docs/api.md): the
# question is the first upload to a warm node.
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null &&
    grep -qs -e 'event=engine_warmed' -e 'event=engine_warm_up_' "$WORK/up.log" && break
  sleep 0.5
done

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" "$ROOT/bench/api/ApiBench.java" "http://127.0.0.1:$PORT" "$token" "$WORK/big.wasm" "$WRITES"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E 'event=(version_created|engine_warmed|invoker_embedded)' "$WORK/up.log" || true
