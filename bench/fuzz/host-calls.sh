#!/usr/bin/env bash
# Fuzzes every preview1/socket host call with Jazzer for a set time (HostCallFuzzTest's @FuzzTest): any call, any
# arguments, any memory must give an errno or a clean trap, never a host failure, hang or leaked socket.
# Findings (crashing inputs) land in sandbox-sockets/src/test/resources/.../HostCallFuzzTestInputs/, where every
# build replays them. Usage: bench/fuzz/host-calls.sh [duration, default 5m]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
JAZZER_FUZZ=1 "$ROOT/mvnw" -B -o -f "$ROOT/pom.xml" verify -pl sandbox-sockets -DskipITs \
  -Dtest='HostCallFuzzTest#anyHostCallSequenceLeavesTheHostIntact' -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.max_duration="${1:-5m}" 2>&1 | grep -E '^#[0-9]+|Tests run:|==|FAIL|BUILD' | tail -6
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
