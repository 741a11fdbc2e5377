#!/usr/bin/env bash
# B3, paired: the operations of B3's JMH benchmark in alternating short batches in one JVM (steadier ratios on a
# shared machine), with allocation per op from the thread's allocation counter.
#   bench/run-b3-paired.sh [pairs, default 40] [ops per batch, default 500] [warm-up pairs, default 20]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$(results_file b3-paired)"
"$JAVA" -Xmx1g -Dsockeye.guests.dir="$GUESTS_DIR" -cp "$CLASSPATH_BENCH" \
  dev.sockeye.bench.sockets.PairedInstantiation "${1:-40}" "${2:-500}" "${3:-20}" 2>&1 | tee -a "$out"
finish_results "$out"
