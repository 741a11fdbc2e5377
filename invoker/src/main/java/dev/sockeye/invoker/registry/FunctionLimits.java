package dev.sockeye.invoker.registry;

import java.time.Duration;

/**
 * Limits of one function; a null field means "the platform default" ({@link #orDefaults}).
 *
 * @param timeout wall-clock time a run may take; then the guest is interrupted and the client gets 504
 * @param maxMemoryPages the most 64 KiB pages the guest's memory may grow to
 * @param maxRequestBodyBytes request bodies above this get 413
 * @param maxConcurrency runs of this function at once; more wait in the invoker's queue
 * @param maxSockets sockets one run may hold open (EMFILE beyond); null = the invoker's sandbox limits
 * @param maxSocketBytes bytes one run may receive, and (separately) send, over sockets (ENOBUFS beyond); null =
 *     the invoker's sandbox limits
 * @param maxResponseBodyBytes response body bytes a run may write; beyond that the guest's write fails (EIO), the
 *     guest is stopped, and the client gets 502 (or a reset connection if the response had started)
 */
public record FunctionLimits(
        Duration timeout,
        Integer maxMemoryPages,
        Long maxRequestBodyBytes,
        Integer maxConcurrency,
        Integer maxSockets,
        Long maxSocketBytes,
        Long maxResponseBodyBytes) {

    /** No per-function limit: every field falls back to the platform default. */
    public static final FunctionLimits PLATFORM_DEFAULTS = new FunctionLimits(null, null, null, null, null, null, null);

    /** The limits every function has, the response body's left to the platform default; sockets as the sandbox's. */
    public FunctionLimits(Duration timeout, Integer maxMemoryPages, Long maxRequestBodyBytes, Integer maxConcurrency) {
        this(timeout, maxMemoryPages, maxRequestBodyBytes, maxConcurrency, null, null, null);
    }

    public FunctionLimits {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxMemoryPages != null && (maxMemoryPages < 1 || maxMemoryPages > 65536)) {
            throw new IllegalArgumentException("maxMemoryPages must be 1..65536: " + maxMemoryPages);
        }
        if (maxRequestBodyBytes != null && maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0: " + maxRequestBodyBytes);
        }
        if (maxResponseBodyBytes != null && maxResponseBodyBytes < 0) {
            throw new IllegalArgumentException("maxResponseBodyBytes must be >= 0: " + maxResponseBodyBytes);
        }
        if (maxSockets != null && maxSockets < 0 || maxSocketBytes != null && maxSocketBytes < 0) {
            throw new IllegalArgumentException("socket limits must be >= 0: " + maxSockets + ", " + maxSocketBytes);
        }
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1: " + maxConcurrency);
        }
    }

    /** These limits with every unset field taken from {@code defaults}. */
    public FunctionLimits orDefaults(FunctionLimits defaults) {
        return new FunctionLimits(
                timeout != null ? timeout : defaults.timeout,
                maxMemoryPages != null ? maxMemoryPages : defaults.maxMemoryPages,
                maxRequestBodyBytes != null ? maxRequestBodyBytes : defaults.maxRequestBodyBytes,
                maxConcurrency != null ? maxConcurrency : defaults.maxConcurrency,
                maxSockets != null ? maxSockets : defaults.maxSockets,
                maxSocketBytes != null ? maxSocketBytes : defaults.maxSocketBytes,
                maxResponseBodyBytes != null ? maxResponseBodyBytes : defaults.maxResponseBodyBytes);
    }

    /** The instance's sandbox limits: {@code base} with this function's memory and socket limits, if set. */
    public dev.sockeye.sockets.limits.SandboxLimits applyTo(dev.sockeye.sockets.limits.SandboxLimits base) {
        var limits = maxMemoryPages != null ? base.withMaxMemoryPages(maxMemoryPages) : base;
        limits = maxSockets != null ? limits.withMaxOpenSockets(maxSockets) : limits;
        return maxSocketBytes != null ? limits.withByteLimits(maxSocketBytes, maxSocketBytes) : limits;
    }

    public FunctionLimits withTimeout(Duration value) {
        return new FunctionLimits(
                value,
                maxMemoryPages,
                maxRequestBodyBytes,
                maxConcurrency,
                maxSockets,
                maxSocketBytes,
                maxResponseBodyBytes);
    }

    public FunctionLimits withMaxMemoryPages(Integer value) {
        return new FunctionLimits(
                timeout, value, maxRequestBodyBytes, maxConcurrency, maxSockets, maxSocketBytes, maxResponseBodyBytes);
    }

    public FunctionLimits withMaxRequestBodyBytes(Long value) {
        return new FunctionLimits(
                timeout, maxMemoryPages, value, maxConcurrency, maxSockets, maxSocketBytes, maxResponseBodyBytes);
    }

    public FunctionLimits withMaxConcurrency(Integer value) {
        return new FunctionLimits(
                timeout, maxMemoryPages, maxRequestBodyBytes, value, maxSockets, maxSocketBytes, maxResponseBodyBytes);
    }

    public FunctionLimits withMaxResponseBodyBytes(Long value) {
        return new FunctionLimits(
                timeout, maxMemoryPages, maxRequestBodyBytes, maxConcurrency, maxSockets, maxSocketBytes, value);
    }
}
