package dev.sockeye.store.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * What happened in one time bucket, from {@code start} (inclusive) for the bucket's length.
 *
 * @param errors  invocations whose status is not {@code ok} (error, timeout)
 * @param denials egress attempts denied (or, in learn mode, that enforce would deny)
 * @param latency p50 and p99 of the bucket's invocation durations; empty without invocations
 */
public record ActivityBucket(
        Instant start, long invocations, long errors, long denials, Optional<LatencyPercentiles> latency) {}
