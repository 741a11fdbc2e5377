#!/usr/bin/env bash
# P7: a module shaped like a scripting language's runtime (gen-runtime-guest.py: ~12 MB of code with four huge
# eval functions, 4 MiB of data segments, 16 MiB initial memory) run per request, sequentially: as a WAGI function
# on Sockeye's invoker (HTTP request to response, module compiled in memory) against Node 20 instantiating the
# same compiled module with a fresh WASI per request and running _start. ROUNDS alternated rounds of REQUESTS
# requests per engine; the median per-request ms per round and the ratio Sockeye/Node (target <= 2).
# Each engine first serves WARMUP unrecorded requests (env P7_WARMUP, default 50: the JVM's JIT reaches the module's
# split eval functions only after some 40 requests, Node's tiers after about 10).
# Usage: bench/p7/run.sh [ROUNDS, default 3] [REQUESTS, default 30] [SCALE of the module, default 1.0]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SKIP_BUILD=1 source "$ROOT/bench/common.sh"
ROUNDS=${1:-3}
REQUESTS=${2:-30}
SCALE=${3:-1.0}
NODE=${NODE:-node}
WARMUP=${P7_WARMUP:-50}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 "$ROOT/bench/p7/gen-runtime-guest.py" "$WORK/runtime.wat" "$SCALE"
wat2wasm "$WORK/runtime.wat" -o "$WORK/runtime.wasm"
rm -f "$WORK/runtime.wat"
"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -Pbench -pl bench/invoker -am -DskipTests package >&2
CP="$ROOT/bench/invoker/target/classes:$(cat "$ROOT/bench/invoker/target/classpath.txt")"

out=$(results_file p7-runtime-guest)
echo "# node=$("$NODE" --version) rounds=$ROUNDS requests=$REQUESTS warmup=$WARMUP scale=$SCALE module_bytes=$(stat -c %s "$WORK/runtime.wasm")" >>"$out"
sockeye() {
  # the JVM options ./sockeye gives the invoker: the split eval functions (~35 KB of bytecode each) are JIT-compiled
  "$JAVA" --sun-misc-unsafe-memory-access=allow -XX:-DontCompileHugeMethods -cp "$CP" dev.sockeye.bench.invoker.RuntimeGuestRequests \
    "$WORK/runtime.wasm" "$WORK/compile-cache" "$1" "${2:-$WARMUP}"
}
node_() { "$NODE" --no-warnings "$ROOT/bench/p7/node-requests.mjs" "$WORK/runtime.wasm" "$1" "$WARMUP"; }
# unrecorded: fills the compile cache, so each recorded round loads the compiled classes from disk
sockeye 1 0 | grep -v '^request_ms' >&2

for round in $(seq 1 "$ROUNDS"); do
  engines=(sockeye node)
  ((round % 2 == 0)) && engines=(node sockeye)
  for engine in "${engines[@]}"; do
    if [[ $engine == sockeye ]]; then lines=$(sockeye "$REQUESTS"); else lines=$(node_ "$REQUESTS"); fi
    grep -v '^request_ms' <<<"$lines" | sed "s/^/# $engine round $round: /" >>"$out"
    grep '^request_ms' <<<"$lines" | sed "s/^request_ms=/$round $engine /" >>"$out"
  done
done

python3 - "$out" <<'PY' | tee -a "$out"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')]
ratios = []
for r in sorted({int(x[0]) for x in rows}):
    med = {e: statistics.median(float(x[2]) for x in rows if int(x[0]) == r and x[1] == e) for e in ('sockeye', 'node')}
    ratios.append(med['sockeye'] / med['node'])
    print(f'round {r}: sockeye {med["sockeye"]:.1f} ms/request  node {med["node"]:.1f} ms/request  ratio {ratios[-1]:.2f}')
print(f'ratio sockeye/node per request (median of rounds) {statistics.median(ratios):.2f}  (target <= 2)')
PY
finish_results "$out"
