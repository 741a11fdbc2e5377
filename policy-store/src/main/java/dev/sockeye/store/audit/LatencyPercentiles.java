package dev.sockeye.store.audit;

/**
 * The median and the 99th percentile of invocation durations, in milliseconds (Postgres' {@code percentile_cont}:
 * interpolated between the two nearest durations, so it may have a fraction).
 */
public record LatencyPercentiles(double p50Ms, double p99Ms) {}
