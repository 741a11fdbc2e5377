package dev.sockeye.store.functions;

import dev.sockeye.store.errors.StoreException;
import java.time.Duration;

/**
 * What one function may use: the one limits model of Sockeye. The store keeps it per function, the API shows and
 * patches it, the invoker enforces it (the sandbox's per-instance limits take memory, sockets and egress bytes
 * from it). {@link #DEFAULTS} is the only place defaults are written down; docs/api.md documents them.
 *
 * @param timeout wall-clock limit of one invocation; then the guest is interrupted and the client gets 504
 * @param memoryPages Wasm linear memory cap in 64 KiB pages (1..65536); memory.grow fails beyond it
 * @param maxConcurrency invocations running at once per invoker; more wait in the invoker's queue
 * @param maxSockets sockets open at once per invocation; EMFILE beyond (0 = no network)
 * @param maxRequestBytes request bodies above this get 413
 * @param maxResponseBytes response body bytes a run may write; beyond, the guest's write fails (EIO), the guest is
 *     stopped and the client gets 502 (or a reset connection if the response had started)
 * @param maxEgressBytes bytes one invocation may receive over sockets, and separately bytes it may send; ENOBUFS
 *     beyond (0 = no network)
 */
public record FunctionLimits(
        Duration timeout,
        int memoryPages,
        int maxConcurrency,
        int maxSockets,
        long maxRequestBytes,
        long maxResponseBytes,
        long maxEgressBytes) {

    public static final int MAX_MEMORY_PAGES = 65_536;

    /** 10 s, 16 MiB of memory, 10 at once, 4 sockets, 1 MiB request and response bodies, 10 MiB of egress. */
    public static final FunctionLimits DEFAULTS =
            new FunctionLimits(Duration.ofSeconds(10), 256, 10, 4, 1 << 20, 1 << 20, 10L << 20);

    public FunctionLimits {
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

    /** A builder starting from these limits, to change a few of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireInRange(String limit, long value, long min, long max) {
        if (value < min || value > max) {
            throw new StoreException.Invalid(limit + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** Changes some limits of a base; {@link #build} checks every range and names the bad one. */
    public static final class Builder {
        private Duration timeout;
        private int memoryPages;
        private int maxConcurrency;
        private int maxSockets;
        private long maxRequestBytes;
        private long maxResponseBytes;
        private long maxEgressBytes;

        private Builder(FunctionLimits base) {
            timeout = base.timeout;
            memoryPages = base.memoryPages;
            maxConcurrency = base.maxConcurrency;
            maxSockets = base.maxSockets;
            maxRequestBytes = base.maxRequestBytes;
            maxResponseBytes = base.maxResponseBytes;
            maxEgressBytes = base.maxEgressBytes;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder memoryPages(int value) {
            memoryPages = value;
            return this;
        }

        public Builder maxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        public Builder maxSockets(int value) {
            maxSockets = value;
            return this;
        }

        public Builder maxRequestBytes(long value) {
            maxRequestBytes = value;
            return this;
        }

        public Builder maxResponseBytes(long value) {
            maxResponseBytes = value;
            return this;
        }

        public Builder maxEgressBytes(long value) {
            maxEgressBytes = value;
            return this;
        }

        public FunctionLimits build() {
            return new FunctionLimits(
                    timeout,
                    memoryPages,
                    maxConcurrency,
                    maxSockets,
                    maxRequestBytes,
                    maxResponseBytes,
                    maxEgressBytes);
        }
    }
}
