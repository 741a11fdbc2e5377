#!/usr/bin/env bash
# P1's request path on one thread: bytes allocated per sandbox run of hello_wagi (instantiate + _start + close) and
# per sequential HTTP request (invoker minus a raw Vert.x handler, same JVM). Allocation is robust on a shared
# machine; the µs figures it prints are indicative only. P1_JAVA_OPTS passes JVM options, e.g. a JFR recording:
#   P1_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/p1.jfr,settings=profile bench/invoker/p1-request-cost.sh
#   bench/invoker/p1-request-cost.sh [sandbox runs, default 200000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ -z "${SKIP_BUILD:-}" ]]; then
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -Pbench -pl bench/invoker -am -DskipTests package >&2
fi
CP="$ROOT/bench/invoker/target/classes:$(cat "$ROOT/bench/invoker/target/classpath.txt")"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${P1_JAVA_OPTS:-} -cp "$CP" dev.sockeye.bench.invoker.RequestPathCost \
  "$ROOT/guests/bin/hello_wagi.wasm" "${1:-200000}" | grep -E '^(sandbox|http)_'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
