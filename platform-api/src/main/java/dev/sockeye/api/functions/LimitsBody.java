package dev.sockeye.api.functions;

import dev.sockeye.store.functions.FunctionLimits;
import java.time.Duration;

/**
 * A function's limits in JSON. In a request every field is optional: a create takes the defaults for missing
 * fields, an update keeps the current values.
 */
public record LimitsBody(
        Long timeoutMs,
        Integer memoryPages,
        Integer maxConcurrency,
        Integer maxSockets,
        Long maxRequestBytes,
        Long maxResponseBytes,
        Long maxEgressBytes) {

    public static LimitsBody of(FunctionLimits limits) {
        return new LimitsBody(
                limits.timeout().toMillis(),
                limits.memoryPages(),
                limits.maxConcurrency(),
                limits.maxSockets(),
                limits.maxRequestBytes(),
                limits.maxResponseBytes(),
                limits.maxEgressBytes());
    }

    /** These fields over {@code base}; the store's {@link FunctionLimits} checks ranges and names the bad one. */
    public FunctionLimits over(FunctionLimits base) {
        return new FunctionLimits(
                timeoutMs == null ? base.timeout() : Duration.ofMillis(timeoutMs),
                memoryPages == null ? base.memoryPages() : memoryPages,
                maxConcurrency == null ? base.maxConcurrency() : maxConcurrency,
                maxSockets == null ? base.maxSockets() : maxSockets,
                maxRequestBytes == null ? base.maxRequestBytes() : maxRequestBytes,
                maxResponseBytes == null ? base.maxResponseBytes() : maxResponseBytes,
                maxEgressBytes == null ? base.maxEgressBytes() : maxEgressBytes);
    }
}
