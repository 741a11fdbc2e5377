#!/usr/bin/env bash
# B1: guest TCP stream (tcp_stream_reader --no-hash) vs a plain Vert.x NetClient and vs a virtual thread reading a
# java.net.Socket in 64 KiB reads (the B1 target: guest/vthread_socket >= 0.8), 256 MiB from a loopback server,
# with the CPU per GiB of each.
#   bench/run-b1.sh [MiB per stream, default 256] [rounds, default 16] [warm-up rounds, default 16]
#                   [guest receive buffer KiB, default: SandboxLimits'] [server write KiB, default 64]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$(results_file b1-stream)"
"$JAVA" -Xmx1g ${B1_JAVA_OPTS:-} -Dsockeye.guests.dir="$GUESTS_DIR" -cp "$CLASSPATH_BENCH" \
  dev.sockeye.bench.sockets.StreamThroughput "${1:-256}" "${2:-16}" "${3:-16}" "${4:-default}" "${5:-64}" 2>&1 | tee -a "$out"
finish_results "$out"
