#!/usr/bin/env bash
# P1: hello WAGI function (C) vs a raw Vert.x hello handler in the same JVM, wrk -c64 on loopback.
# Runs the pair ROUNDS times, alternating, and prints req/s, p99 and the ratio of each round.
# Usage: bench/invoker/p1-hello.sh [seconds per run, default 10] [rounds, default 3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DURATION=${1:-10}
ROUNDS=${2:-3}
RAW=18081
INV=18082
"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -Pbench -pl bench/invoker -am -DskipTests package >&2
CP="$ROOT/bench/invoker/target/classes:$(cat "$ROOT/bench/invoker/target/classpath.txt")"
LOG=$(mktemp)
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "$CP" dev.sockeye.bench.invoker.HelloServers \
  "$ROOT/guests/bin/hello_wagi.wasm" $RAW $INV >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
until grep -q '^ready' "$LOG"; do sleep 0.5; kill -0 $SERVER; done
grep '^instantiate_us' "$LOG"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { wrk -t2 -c64 -d"${DURATION}s" --latency "$1" | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99}'; }
# Warm-up: JIT both paths.
wrk -t2 -c64 -d5s "http://127.0.0.1:$RAW/" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$INV/fn/hello" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  read -r raw_rps raw_p99 < <(run "http://127.0.0.1:$RAW/")
  read -r inv_rps inv_p99 < <(run "http://127.0.0.1:$INV/fn/hello")
  ratio=$(awk -v a="$inv_rps" -v b="$raw_rps" 'BEGIN {printf "%.2f", a / b}')
  echo "round=$round raw_rps=$raw_rps raw_p99=$raw_p99 invoker_rps=$inv_rps invoker_p99=$inv_p99 ratio=$ratio"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
