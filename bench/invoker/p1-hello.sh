#!/usr/bin/env bash
# P1: hello WAGI function (C) vs a raw Vert.x hello handler in the same JVM, wrk -c64 on loopback.
# Runs the pair ROUNDS times, alternating, and prints req/s, p99 and the ratio of each round, and the bytes the JVM
# allocated per invoker request in the round (all threads, from the raw server's /allocated-bytes).
#   bench/invoker/p1-hello.sh [seconds per run, default 10] [rounds, default 3]
# Warm-up from a cold start: a fresh server JVM (no instantiation measurement, no warm-up run) and 1 s wrk runs
# back to back at /fn/hello for SECONDS seconds, req/s of each second; the steady rate is the median of the last
# five seconds, and the script names the first second at 90% of it.
#   bench/invoker/p1-hello.sh --per-second [seconds, default 30]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PER_SECOND=false
if [[ "${1:-}" == --per-second ]]; then
  PER_SECOND=true
  shift
fi
DURATION=${1:-10}
ROUNDS=${2:-3}
RAW=18081
INV=18082
"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -Pbench -pl bench/invoker -am -DskipTests package >&2
CP="$ROOT/bench/invoker/target/classes:$(cat "$ROOT/bench/invoker/target/classpath.txt")"
LOG=$(mktemp)
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${P1_JAVA_OPTS:-} -cp "$CP" dev.sockeye.bench.invoker.HelloServers \
  "$ROOT/guests/bin/hello_wagi.wasm" $RAW $INV $($PER_SECOND && echo cold) >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
until grep -q '^ready' "$LOG"; do sleep 0.5; kill -0 $SERVER; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if $PER_SECOND; then
  # Each second is its own wrk run (64 fresh connections); the first request of the first second is the JVM's
  # first for the function.
  # The server JVM's CPU time (user + system, all threads: the JIT's too) in clock ticks, from /proc.
  cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
  ticks_per_second=$(getconf CLK_TCK)
  rates=()
  for second in $(seq 1 "$DURATION"); do
    ticks_before=$(cpu_ticks)
    read -r rps requests < <(wrk -t2 -c64 -d1s "http://127.0.0.1:$INV/fn/hello" |
      awk '/requests in/ {n=$1} /Requests\/sec/ {rps=$2} END {print rps, n}')
    cpu_us=$(awk -v a="$ticks_before" -v b="$(cpu_ticks)" -v n="$requests" -v hz="$ticks_per_second" \
      'BEGIN {printf "%.0f", (n > 0 ? (b - a) * 1e6 / hz / n : 0)}')
    rates+=("$rps")
    echo "second=$second invoker_rps=$rps server_cpu_us_per_request=$cpu_us"
  done
  printf '%s\n' "${rates[@]}" | awk '
    { rate[NR] = $1 }
    END {
      n = 0; for (i = NR - 4; i <= NR; i++) if (i >= 1) last[++n] = rate[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (last[j] < last[i]) { t = last[i]; last[i] = last[j]; last[j] = t }
      steady = last[int((n + 1) / 2)]
      for (i = 1; i <= NR; i++) if (rate[i] >= 0.9 * steady) { reached = i; break }
      printf "steady_rps=%.0f (median of the last %d s) first_second_at_90pct=%s target<=5\n", steady, n, reached
    }'
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
grep '^instantiate_us' "$LOG"
run() {
  wrk -t2 -c64 -d"${DURATION}s" --latency "$1" |
    awk '/requests in/ {n=$1} /Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99, n}'
}
allocated() { curl -sf "http://127.0.0.1:$RAW/allocated-bytes"; }
# Warm-up: JIT both paths.
wrk -t2 -c64 -d5s "http://127.0.0.1:$RAW/" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$INV/fn/hello" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  read -r raw_rps raw_p99 _ < <(run "http://127.0.0.1:$RAW/")
  before=$(allocated)
  read -r inv_rps inv_p99 inv_requests < <(run "http://127.0.0.1:$INV/fn/hello")
  after=$(allocated)
  ratio=$(awk -v a="$inv_rps" -v b="$raw_rps" 'BEGIN {printf "%.2f", a / b}')
  per_request=$(awk -v a="$before" -v b="$after" -v n="$inv_requests" 'BEGIN {printf "%.0f", (b - a) / n}')
  echo "round=$round raw_rps=$raw_rps raw_p99=$raw_p99 invoker_rps=$inv_rps invoker_p99=$inv_p99 ratio=$ratio" \
    "invoker_allocated_bytes_per_request=$per_request"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
