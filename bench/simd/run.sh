#!/usr/bin/env bash
# SIMD benchmark (issue 15 #1): the same C loop (guests/c/simd_sum.c: sum 16 MiB of bytes, PASSES times) built
# with -msimd128 (guests/bin/simd_sum.wasm: its summing function is rewritten without v128 and compiled) and without
# (simd_sum_scalar.wasm: compiled), each run on `./sockeye run` RUNS times, alternating. The guest times its own
# summing loop (sum_ms), so JVM start and compile are not in it; wall_ms is the whole `sockeye run` as a user
# waits for it. Prints one line per run, then the medians and the ratio SIMD/scalar (target: at most 3).
# Usage: bench/simd/run.sh [passes, default 8] [runs per build, default 5]. Run it on a quiet machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PASSES=${1:-8}
RUNS=${2:-5}
SIMD="$ROOT/guests/bin/simd_sum.wasm"
SCALAR="$ROOT/guests/bin/simd_sum_scalar.wasm"

# run_once WASM: prints "sum=... fill_ms=... sum_ms=... wall_ms=..." for one `sockeye run`.
run_once() {
  local start end out
  start=$(date +%s%N)
  out=$("$ROOT/sockeye" run "$1" "$PASSES")
  end=$(date +%s%N)
  echo "$out wall_ms=$(( (end - start) / 1000000 ))"
}

# median FIELD FILE: the median of FIELD=<n> over the lines of FILE.
median() {
  grep -o "$1=[0-9]*" "$2" | cut -d= -f2 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ROOT/sockeye" run "$SCALAR" 1 >/dev/null # builds sockeye run once and warms the compile cache for both
"$ROOT/sockeye" run "$SIMD" 1 >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= RUNS; i++)); do
  run_once "$SCALAR" | tee -a "$work/scalar" | sed 's/^/scalar /'
  run_once "$SIMD" | tee -a "$work/simd" | sed 's/^/simd   /'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$(grep -o 'sum=[0-9]*' "$work/scalar" | sort -u)" != "$(grep -o 'sum=[0-9]*' "$work/simd" | sort -u)" ]]; then
  echo "simd bench: the two builds disagree on the sum" >&2
  exit 1
fi
scalar_ms=$(median sum_ms "$work/scalar")
simd_ms=$(median sum_ms "$work/simd")
echo "median sum_ms: scalar=$scalar_ms simd=$simd_ms ratio=$(awk -v a="$simd_ms" -v b="$scalar_ms" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }') (target <= 3)"
echo "median wall_ms: scalar=$(median wall_ms "$work/scalar") simd=$(median wall_ms "$work/simd")"
