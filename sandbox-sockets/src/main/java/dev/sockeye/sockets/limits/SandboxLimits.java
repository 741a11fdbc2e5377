package dev.sockeye.sockets.limits;

import java.time.Duration;

/**
 * Per-instance resource limits. Going over any of them gives the guest an errno, never a host exception.
 *
 * @param maxOpenSockets sockets (TCP, UDP, listeners) one instance may hold at once; EMFILE beyond (default 64)
 * @param maxDescriptors entries of the fd table in all; EMFILE beyond (default 1024)
 * @param connectTimeout how long a TCP connect may take before ETIMEDOUT (default 10 s)
 * @param idleTimeout a TCP connection with no traffic either way for this long is closed (default 5 min)
 * @param maxBytesIn bytes all of the instance's sockets may receive in total; ENOBUFS beyond (default 1 GiB)
 * @param maxBytesOut bytes all of the instance's sockets may send in total; ENOBUFS beyond (default 1 GiB)
 * @param receiveBufferBytes bytes buffered per socket before the socket stops reading (default 1 MiB: with less, one
 *     read of a fast stream fills the buffer and the event loop and the guest take turns instead of overlapping)
 * @param sendBufferBytes bytes queued per socket before send would block (default 256 KiB)
 * @param maxMemoryPages 64 KiB pages the guest's memory may grow to, below the module's own maximum; memory.grow
 *     fails beyond it (default 4096, 256 MiB). Also bounds what the runtime reserves per instance up front.
 */
public record SandboxLimits(
        int maxOpenSockets,
        int maxDescriptors,
        Duration connectTimeout,
        Duration idleTimeout,
        long maxBytesIn,
        long maxBytesOut,
        int receiveBufferBytes,
        int sendBufferBytes,
        int maxMemoryPages) {

    public static final SandboxLimits DEFAULTS = new SandboxLimits(
            64, 1024, Duration.ofSeconds(10), Duration.ofMinutes(5), 1L << 30, 1L << 30, 1024 * 1024, 256 * 1024, 4096);

    public SandboxLimits {
        if (maxOpenSockets < 0
                || maxDescriptors < 3
                || receiveBufferBytes < 1
                || sendBufferBytes < 1
                || maxBytesIn < 0
                || maxBytesOut < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxOpenSockets + ", " + maxDescriptors
                    + ", " + receiveBufferBytes + ", " + sendBufferBytes);
        }
        if (maxMemoryPages < 1 || maxMemoryPages > 65536) {
            throw new IllegalArgumentException("maxMemoryPages must be 1..65536: " + maxMemoryPages);
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public SandboxLimits withMaxOpenSockets(int value) {
        return new SandboxLimits(
                value,
                maxDescriptors,
                connectTimeout,
                idleTimeout,
                maxBytesIn,
                maxBytesOut,
                receiveBufferBytes,
                sendBufferBytes,
                maxMemoryPages);
    }

    public SandboxLimits withConnectTimeout(Duration value) {
        return new SandboxLimits(
                maxOpenSockets,
                maxDescriptors,
                value,
                idleTimeout,
                maxBytesIn,
                maxBytesOut,
                receiveBufferBytes,
                sendBufferBytes,
                maxMemoryPages);
    }

    public SandboxLimits withIdleTimeout(Duration value) {
        return new SandboxLimits(
                maxOpenSockets,
                maxDescriptors,
                connectTimeout,
                value,
                maxBytesIn,
                maxBytesOut,
                receiveBufferBytes,
                sendBufferBytes,
                maxMemoryPages);
    }

    public SandboxLimits withByteLimits(long in, long out) {
        return new SandboxLimits(
                maxOpenSockets,
                maxDescriptors,
                connectTimeout,
                idleTimeout,
                in,
                out,
                receiveBufferBytes,
                sendBufferBytes,
                maxMemoryPages);
    }

    public SandboxLimits withBufferBytes(int receive, int send) {
        return new SandboxLimits(
                maxOpenSockets,
                maxDescriptors,
                connectTimeout,
                idleTimeout,
                maxBytesIn,
                maxBytesOut,
                receive,
                send,
                maxMemoryPages);
    }

    public SandboxLimits withMaxMemoryPages(int value) {
        return new SandboxLimits(
                maxOpenSockets,
                maxDescriptors,
                connectTimeout,
                idleTimeout,
                maxBytesIn,
                maxBytesOut,
                receiveBufferBytes,
                sendBufferBytes,
                value);
    }
}
