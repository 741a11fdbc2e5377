#!/usr/bin/env bash
# Host TLS vs plain TCP for the same guest (tls_stream, the Rust SDK's TlsStream): throughput of one stream from a
# loopback server in each mode, alternated round by round (target: TLS/plain >= 0.7), and the cost of a handshake
# (N sequential TLS connections vs N plain ones, microseconds per connection). Results: bench/results/tls-<time>.txt.
#   bench/tls/run.sh [MiB per stream, default 256] [rounds, default 5] [warm-up rounds, default 3]
#                    [connections per handshake round, default 200]
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
out="$(results_file tls)"
"$JAVA" -Xmx1g ${TLS_JAVA_OPTS:-} -Dsockeye.guests.dir="$GUESTS_DIR" -cp "$CLASSPATH_BENCH" \
  dev.sockeye.bench.sockets.HostTlsBenchmark "${1:-256}" "${2:-5}" "${3:-3}" "${4:-200}" 2>&1 | tee -a "$out"
finish_results "$out"
