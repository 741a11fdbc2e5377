#!/usr/bin/env bash
# B1 with one reader per JVM: alternates a process that runs only the guest, one that runs only the Vert.x client
# and one that runs only the virtual-thread java.net.Socket reader (StreamOneReader), PAIRS times, then prints the
# pooled medians and the guest's ratio to each.
#   bench/run-b1-separate.sh [pairs, default 8] [MiB per stream, default 256] [rounds, default 16] [warm-up, default 16]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$(results_file b1-separate)"
for ((pair = 1; pair <= ${1:-8}; pair++)); do
  for reader in guest java vthread-socket; do
    echo "# pair=$pair reader=$reader" >>"$out"
    "$JAVA" -Xmx1g ${B1_JAVA_OPTS:-} -Dsockeye.guests.dir="$GUESTS_DIR" -cp "$CLASSPATH_BENCH" \
      dev.sockeye.bench.sockets.StreamOneReader "$reader" "${2:-256}" "${3:-16}" "${4:-16}" 2>&1 \
      | grep -E '^(reader|round|median)=?' | tee -a "$out" | grep '^median'
  done
done
# Pooled medians over every measured round of each reader, and per pair.
awk '
  /^round=[0-9]+ reader=/ { split($2, r, "="); split($3, v, "="); rates[r[2]] = rates[r[2]] " " v[2] }
  /^median reader=/ { split($2, r, "="); split($3, v, "="); last[r[2]] = v[2]; if (r[2] == "java") pairs = pairs sprintf(" %.3f", last["guest"] / v[2]) }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    g = median(rates["guest"]); j = median(rates["java"]); s = median(rates["vthread-socket"])
    printf "per_pair_ratios=%s\n", pairs
    printf "pooled guest_mib_s=%.1f java_mib_s=%.1f ratio=%.3f\n", g, j, g / j
    printf "pooled vthread_socket_mib_s=%.1f guest/vthread_socket=%.3f target=0.8 met=%s\n", s, g / s, (g / s >= 0.8 ? "true" : "false")
  }' "$out" | tee -a "$out"
finish_results "$out"
