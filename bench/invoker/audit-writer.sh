#!/usr/bin/env bash
# Audit writer throughput: invocation rows a second the policy store's AuditWriter commits to one embedded Postgres
# (fsync and synchronous_commit on), for several batch sizes; ENTRIES entries recorded as fast as possible, timed
# until flush(). Run on a quiet machine.
# Usage: bench/invoker/audit-writer.sh [entries, default 50000] [batch sizes, default 500,2000,5000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/invoker/bench-classpath.sh"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -cp "$CP" dev.sockeye.bench.invoker.AuditWriterThroughput \
  "${1:-50000}" "${2:-500,2000,5000}" 2>/dev/null | grep -E '^batch_size='
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
