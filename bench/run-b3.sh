#!/usr/bin/env bash
# B3: per-request instantiate(+close) and full-run cost of hello_wagi, Sockeye's preview1 layer vs Chicory's
# WasiPreview1, JMH average time and allocation per op (-prof gc). Extra arguments go to JMH.
#   bench/run-b3.sh [jmh options...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$(results_file b3-instantiate)"
json="${out%.txt}.json"
"$JAVA" -Dsockeye.guests.dir="$GUESTS_DIR" -cp "$CLASSPATH_BENCH" org.openjdk.jmh.Main \
  -jvmArgsAppend "-Dsockeye.guests.dir=$GUESTS_DIR" -prof gc -rf json -rff "$json" "$@" \
  'dev.sockeye.bench.sockets.InstantiationBenchmark' 2>&1 | tee -a "$out"
python3 "$ROOT/bench/jmh_medians.py" "$json" | tee -a "$out"
finish_results "$out"
