#!/usr/bin/env bash
# P4: first request after upload for a ~1 MiB module: compiled from scratch, then (new invoker, same disk
# cache) loaded from Chicory's compile cache on disk, and the requests after it (compiled module in memory).
# Usage: bench/invoker/p4-first-request.sh [functions in the generated guest, default 12200 (~1 MiB)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
FUNCTIONS=${1:-12200}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/bench/invoker/gen-big-guest.py" "$FUNCTIONS" >"$WORK/big.c"
clang --target=wasm32-wasi -O1 "$WORK/big.c" -Wl,--strip-debug -o "$WORK/big.wasm"
"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -Pbench -pl bench/invoker -am -DskipTests package >&2
CP="$ROOT/bench/invoker/target/classes:$(cat "$ROOT/bench/invoker/target/classpath.txt")"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "$CP" dev.sockeye.bench.invoker.FirstRequest "$WORK/big.wasm" "$WORK/cache" \
  "$ROOT/guests/bin/hello_wagi.wasm" 2>&1 | grep -E '^(module_bytes|phase)='
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
