#!/usr/bin/env bash
# Issue 15 #4, large modules: (1) upload validation of a ~13 MB module (Sandbox.inspect, what an upload runs;
# target < 2 s) and (2) `sockeye run` of the same module once its classes are in the compile cache (target: whole
# run < 2 s). The module is gen-big-guest.py's WAGI guest padded with FUNCTIONS distinct functions (160000 give
# ~13 MB); the first `sockeye run` starts it interpreted and fills the cache (its time is printed too), the next
# RUNS start from the cache. Run it on a quiet machine: generating and compiling the C takes minutes.
# Usage: bench/invoker/large-module.sh [functions, default 160000] [cached runs, default 3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUNCTIONS=${1:-160000}
RUNS=${2:-3}
. "$ROOT/bench/invoker/big-guest.sh"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# upload validation (Sandbox.inspect)"
# The platform's JVM options (./sockeye's JVM_OPTIONS): the validator is JIT-compiled there.
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -XX:-DontCompileHugeMethods -cp "$CP" \
  dev.sockeye.bench.invoker.LargeModule "$WORK/big.wasm" \
  "$ROOT/guests/bin/hello_wagi.wasm" 5
echo "# sockeye run, SOCKEYE_HOME=$WORK/home (its own compile cache)"
"$ROOT/sockeye" run "$ROOT/guests/bin/hello_wagi.wasm" >/dev/null # builds sockeye run once, outside the timings
for ((i = 0; i <= RUNS; i++)); do
  start=$(date +%s%N)
  SOCKEYE_HOME="$WORK/home" "$ROOT/sockeye" run "$WORK/big.wasm" >/dev/null
  end=$(date +%s%N)
  echo "run=$([[ $i == 0 ]] && echo uncached || echo cached) wall_ms=$(( (end - start) / 1000000 ))"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
