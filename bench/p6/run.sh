#!/usr/bin/env bash
# P6: CPU-bound guests (guests/cpu) on `./sockeye run` against Node 20's WASI (node-wasi.mjs), same .wasm.
# Each guest runs once per engine unrecorded (Sockeye's compile cache is filled then), then in PAIRS alternated
# pairs. Per guest: the median ratio Sockeye/Node of the compute time the guest prints (clock_gettime around the
# work) and of the whole-process wall time; then the geometric mean of the medians. The two engines must print the
# same checksum, else the script stops.
# Usage: bench/p6/run.sh [PAIRS, default 5] [GUEST[:COUNT]...]   (default: every guest at its default count)
#   e.g. bench/p6/run.sh 3 fnv1a:100 sort     (COUNT scales the guest's work: rounds, MiB, ...)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SKIP_BUILD=1 source "$ROOT/bench/common.sh"
PAIRS=${1:-5}
shift || true
GUESTS=("$@")
[[ ${#GUESTS[@]} -gt 0 ]] || GUESTS=(fnv1a sha256 json interp sort)
NODE=${NODE:-node}
"$NODE" --version | grep -q '^v20\.' || echo "p6: warning: $("$NODE" --version) is not Node 20" >&2

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOCKEYE_HOME="$WORK/home"   # a compile cache of its own, filled by the unrecorded first run

out=$(results_file p6-cpu)
{
  echo "# node=$("$NODE" --version) pairs=$PAIRS guests=${GUESTS[*]}"
  echo "# columns: guest pair engine compute_ms wall_ms checksum"
} >>"$out"

# run ENGINE GUEST COUNT: prints "compute_ms wall_ms checksum" of one whole process.
run() {
  local engine=$1 wasm="$ROOT/guests/bin/p6_$2.wasm" count=$3 line start end
  local args=("$wasm")
  [[ -n "$count" ]] && args+=("$count")
  start=$(date +%s%N)
  if [[ $engine == sockeye ]]; then
    line=$("$ROOT/sockeye" run "${args[@]}")
  else
    line=$("$NODE" --no-warnings "$ROOT/bench/p6/node-wasi.mjs" "${args[@]}")
  fi
  end=$(date +%s%N)
  local checksum=${line#*checksum=}
  checksum=${checksum%% *}
  echo "${line##*compute_ms=} $(((end - start) / 1000000)) $checksum"
}

"$ROOT/sockeye" run "$ROOT/guests/bin/p6_interp.wasm" 1 >/dev/null   # builds sandbox-sockets if needed
for spec in "${GUESTS[@]}"; do
  guest=${spec%%:*}
  count=""
  [[ $spec == *:* ]] && count=${spec#*:}
  run sockeye "$guest" "$count" >/dev/null
  run node "$guest" "$count" >/dev/null
  for pair in $(seq 1 "$PAIRS"); do
    # alternate which engine goes first, so a drift in the machine's load hits both alike
    engines=(sockeye node)
    ((pair % 2 == 0)) && engines=(node sockeye)
    for engine in "${engines[@]}"; do
      echo "$guest $pair $engine $(run "$engine" "$guest" "$count")" | tee -a "$out" >&2
    done
  done
done

python3 - "$out" <<'PY' | tee -a "$out"
import math, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')]
guests = list(dict.fromkeys(r[0] for r in rows))
compute_ratios, wall_ratios = [], []
print('# guest  compute sockeye/node (median, min-max)  whole process sockeye/node (median, min-max)  node compute_ms')
for g in guests:
    by = {}
    for guest, pair, engine, compute, wall, checksum in (r for r in rows if r[0] == g):
        by.setdefault(pair, {})[engine] = (float(compute), float(wall), checksum)
    sums = {v[e][2] for v in by.values() for e in v}
    if len(sums) != 1:
        sys.exit(f'p6: {g}: the engines printed different checksums: {sorted(sums)}')
    c = [v['sockeye'][0] / v['node'][0] for v in by.values()]
    w = [v['sockeye'][1] / v['node'][1] for v in by.values()]
    compute_ratios.append(statistics.median(c))
    wall_ratios.append(statistics.median(w))
    node_ms = statistics.median(v['node'][0] for v in by.values())
    print(f'{g:8s} compute {statistics.median(c):.2f} ({min(c):.2f}-{max(c):.2f})  '
          f'whole {statistics.median(w):.2f} ({min(w):.2f}-{max(w):.2f})  node_compute_ms={node_ms:.0f}')
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
print(f'geomean  compute {geo(compute_ratios):.2f}  whole {geo(wall_ratios):.2f}  (target <= 1.1)')
PY
finish_results "$out"
