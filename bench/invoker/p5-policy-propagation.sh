#!/usr/bin/env bash
# P5 (issue 16) / running-guest enforcement (issue 18 #1): time from a committed policy write to every invoker's
# registry holding it (which is what new and running invocations' guards read at each decision), over WRITES writes
# with INVOKERS invokers fed by the store's change feed, one embedded Postgres. Run on a quiet machine.
# Usage: bench/invoker/p5-policy-propagation.sh [writes, default 1000] [invokers, default 3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/invoker/bench-classpath.sh"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -cp "$CP" dev.sockeye.bench.invoker.PolicyPropagation \
  "$ROOT/guests/bin/wagi_probe.wasm" "${1:-1000}" "${2:-3}" 2>/dev/null | grep -E '^(all_invokers|per_invoker) '
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
