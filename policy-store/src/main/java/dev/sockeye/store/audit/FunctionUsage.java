package dev.sockeye.store.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a function used since {@code since}.
 *
 * @param invocationsByStatus invocation counts by status ({@code ok}, {@code error}, {@code timeout} ...)
 * @param totalDuration       summed wall-clock time of those invocations
 * @param allowedEgress       allowed connections (per-minute counts summed)
 * @param latency             p50 and p99 of those invocations' durations; empty without invocations
 */
public record FunctionUsage(
        String functionName,
        Instant since,
        long invocations,
        Map<String, Long> invocationsByStatus,
        Duration totalDuration,
        long bytesIn,
        long bytesOut,
        long denials,
        long allowedEgress,
        Optional<LatencyPercentiles> latency) {}
