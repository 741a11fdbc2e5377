package dev.sockeye.store.functions;

import dev.sockeye.store.errors.StoreException;
import java.time.Duration;

/**
 * What one function may use.
 *
 * @param timeout          wall-clock limit of one invocation
 * @param memoryPages      Wasm linear memory cap in 64 KiB pages (1..65536)
 * @param maxConcurrency   invocations running at once per invoker
 * @param maxSockets       sockets open at once per invocation (0 = no network)
 * @param maxRequestBytes  request body size limit
 * @param maxResponseBytes response body size limit
 * @param maxEgressBytes   bytes sent plus received over sockets per invocation (0 = no network)
 */
public record Limits(
        Duration timeout,
        int memoryPages,
        int maxConcurrency,
        int maxSockets,
        long maxRequestBytes,
        long maxResponseBytes,
        long maxEgressBytes) {

    public static final int MAX_MEMORY_PAGES = 65_536;

    public Limits {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new StoreException.Invalid("timeout must be a positive duration, was " + timeout);
        }
        requireInRange("memoryPages", memoryPages, 1, MAX_MEMORY_PAGES);
        requireInRange("maxConcurrency", maxConcurrency, 1, Integer.MAX_VALUE);
        requireInRange("maxSockets", maxSockets, 0, Integer.MAX_VALUE);
        requireInRange("maxRequestBytes", maxRequestBytes, 1, Long.MAX_VALUE);
        requireInRange("maxResponseBytes", maxResponseBytes, 1, Long.MAX_VALUE);
        requireInRange("maxEgressBytes", maxEgressBytes, 0, Long.MAX_VALUE);
    }

    /** 10 s, 16 MiB of memory, 10 at once, 4 sockets, 1 MiB bodies, 10 MiB of egress. */
    public static Limits defaults() {
        return new Limits(Duration.ofSeconds(10), 256, 10, 4, 1 << 20, 1 << 20, 10L << 20);
    }

    private static void requireInRange(String limit, long value, long min, long max) {
        if (value < min || value > max) {
            throw new StoreException.Invalid(limit + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
