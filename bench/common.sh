# Sourced by bench/run-*.sh: JDK 25, one build of the bench/sockets module (and what it depends on), the class path,
# and a results file per run under bench/results/ that records the date and the machine's load.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  build_log="$(mktemp)"
  if ! "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -Pbench -pl bench/sockets -am -DskipTests package >"$build_log" 2>&1; then
    grep -v '^WARNING' "$build_log" >&2
    echo "bench: build failed" >&2
    exit 1
  fi
  rm -f "$build_log"
fi
CLASSPATH_BENCH="$ROOT/bench/sockets/target/classes:$ROOT/bench/sockets/target/lib/*"
GUESTS_DIR="$ROOT/guests/bin"
mkdir -p "$ROOT/bench/results"

# results_file NAME: a fresh file bench/results/NAME-<UTC time>.txt headed with the date, JDK, cores and uptime.
results_file() {
  local file="$ROOT/bench/results/$1-$(date -u +%Y%m%dT%H%M%SZ).txt"
  {
    echo "# $1 $(date -u +%Y-%m-%dT%H:%M:%SZ) commit=$(git -C "$ROOT" rev-parse --short HEAD)"
    echo "# jdk=$("$JAVA" -version 2>&1 | head -1) cores=$(nproc) ulimit_n=$(ulimit -n)"
    echo "# uptime:$(uptime)"
  } >"$file"
  echo "$file"
}

# finish_results FILE: appends the load at the end and says where the results are.
finish_results() {
  echo "# uptime at end:$(uptime)" >>"$1"
  echo "results: $1" >&2
}
