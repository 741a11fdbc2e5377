#!/usr/bin/env bash
# P10: start-up, whole-process wall time.
#  1. `./sockeye run hello_wagi.wasm` (a new JVM each time, the module already in the compile cache) with the
#     launcher's AOT cache and without it (SOCKEYE_AOT=off), against Node's WASI running the same module
#     (bench/p10/node-wasi-run.mjs), alternated PAIRS times: every run, the medians and the ratios to Node.
#  2. `./sockeye up` to healthy (GET /q/health/ready answers 200) on a home whose data exists (a first start made
#     it, and its background training the launcher's AOT cache for up), UP_RUNS pairs: with the cache and without
#     (SOCKEYE_AOT=off), each stopped with SIGTERM before the next.
#   bench/p10/p10-start.sh [pairs, default 10] [up runs, default 3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PAIRS=${1:-10}
UP_RUNS=${2:-3}
HELLO="$ROOT/guests/bin/hello_wagi.wasm"
WORK=$(mktemp -d)
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/p10-start-$(date -u +%Y%m%dT%H%M%SZ).txt"
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]]; then kill -TERM "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export SOCKEYE_HOME="$WORK/home" SOCKEYE_AOT_DIR="$WORK/aot"
log() { echo "$*" | tee -a "$OUT"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

log "# p10-start $(date -u +%FT%TZ) commit=$(git -C "$ROOT" rev-parse --short HEAD) cores=$(nproc) node=$(node --version)"
log "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The first run builds sandbox-sockets if needed, fills the compile cache and starts the AOT training.
"$ROOT/sockeye" run "$HELLO" >/dev/null
for _ in $(seq 1 600); do
  grep -qs -e ' wrote ' -e ' training failed' "$SOCKEYE_AOT_DIR/train.log" && break
  sleep 0.5
done
grep -qs ' wrote ' "$SOCKEYE_AOT_DIR/train.log" || { cat "$SOCKEYE_AOT_DIR/train.log" >&2; echo "p10: no AOT cache" >&2; exit 1; }

timed() { # timed COMMAND...: runs it with its output discarded and prints its wall time in ms
  local started
  started=$(now_ms)
  "$@" >/dev/null 2>&1
  echo $(($(now_ms) - started))
}
aots="" offs="" nodes=""
for pair in $(seq 1 "$PAIRS"); do
  aot=$(timed "$ROOT/sockeye" run "$HELLO")
  off=$(SOCKEYE_AOT=off timed "$ROOT/sockeye" run "$HELLO")
  nd=$(timed node --no-warnings "$ROOT/bench/p10/node-wasi-run.mjs" "$HELLO")
  aots+="$aot " offs+="$off " nodes+="$nd "
  log "pair=$pair sockeye_run_aot_ms=$aot sockeye_run_no_aot_ms=$off node_ms=$nd load=$(cut -d' ' -f1 /proc/loadavg)"
done
m_aot=$(tr ' ' '\n' <<<"$aots" | grep . | median)
m_off=$(tr ' ' '\n' <<<"$offs" | grep . | median)
m_node=$(tr ' ' '\n' <<<"$nodes" | grep . | median)
log "$(awk -v a="$m_aot" -v o="$m_off" -v n="$m_node" 'BEGIN {
  printf "median sockeye_run_aot_ms=%s sockeye_run_no_aot_ms=%s node_ms=%s aot/node=%.2f no_aot/node=%.2f aot_target_ms<=400 met=%s",
    a, o, n, a / n, o / n, (a <= 400 ? "true" : "false") }')"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
up_once() { # starts ./sockeye up, prints ms to ready, stops it
  local started ready=""
  started=$(now_ms)
  SOCKEYE_HOME="$WORK/up-home" SOCKEYE_JAVA_OPTS="-Dquarkus.http.port=$PORT" "$ROOT/sockeye" up >>"$WORK/up.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 1800); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; then ready=$(($(now_ms) - started)); break; fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
  [[ -n "$ready" ]] || { tail -20 "$WORK/up.log" >&2; echo "p10: sockeye up did not get ready" >&2; exit 1; }
  echo "$ready"
}
first=$(up_once)
log "up_first_start_ms=$first (creates the home's data and starts the up AOT training; not counted)"
for _ in $(seq 1 1200); do
  grep -qs -e ' wrote .*/up-' -e ' training failed' "$SOCKEYE_AOT_DIR/train.log" && break
  sleep 0.5
done
grep -qs ' wrote .*/up-' "$SOCKEYE_AOT_DIR/train.log" || { cat "$SOCKEYE_AOT_DIR/train.log" >&2; echo "p10: no up AOT cache" >&2; exit 1; }
ups="" up_offs=""
for run in $(seq 1 "$UP_RUNS"); do
  ms=$(up_once)
  off=$(SOCKEYE_AOT=off up_once)
  ups+="$ms " up_offs+="$off "
  log "up_run=$run up_to_ready_ms=$ms up_no_aot_to_ready_ms=$off load=$(cut -d' ' -f1 /proc/loadavg)"
done
m_up=$(tr ' ' '\n' <<<"$ups" | grep . | median)
m_up_off=$(tr ' ' '\n' <<<"$up_offs" | grep . | median)
log "median up_to_ready_ms=$m_up up_no_aot_to_ready_ms=$m_up_off target_ms<5000 met=$(awk -v u="$m_up" 'BEGIN { print (u < 5000 ? "true" : "false") }')"
log "# phases of the last runs (ms in each process's log): $(grep -o 'event=\(embedded_postgres_started\|policy_store_opened\|engine_warmed\)[^"]*' "$WORK/up.log" | tail -6 | tr '\n' ';')"
log "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $OUT" >&2
