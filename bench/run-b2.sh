#!/usr/bin/env bash
# B2: 10,000 park_recv guests parked at once in a blocking recv; heap and platform threads while parked and
# after release. The loopback server is a child process, so each process holds ~10,000 sockets (ulimit -n).
#   bench/run-b2.sh [guests, default 10000]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
guests="${1:-10000}"
if (( $(ulimit -n) < guests + 1000 )); then
  ulimit -n "$(ulimit -Hn)"
fi
out="$(results_file b2-parked)"
"$JAVA" -Xmx4g ${B2_JAVA_OPTS:-} -Dsockeye.guests.dir="$GUESTS_DIR" -cp "$CLASSPATH_BENCH" \
  dev.sockeye.bench.sockets.ParkedGuests "$guests" 2>&1 | tee -a "$out"
finish_results "$out"
