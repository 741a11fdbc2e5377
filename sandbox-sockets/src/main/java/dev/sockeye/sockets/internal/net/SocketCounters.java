package dev.sockeye.sockets.internal.net;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sandbox's socket counters, updated by the event loops and guest threads; read through
 * the API's NetworkStats.
 */
public final class SocketCounters {
    private final AtomicLong openSockets = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder datagramsDropped = new LongAdder();

    /** Guest sockets currently open (TCP connections, listeners, UDP sockets, sockets not yet connected). */
    public long openSockets() {
        return openSockets.get();
    }

    /** Bytes received from the network and not yet read by their guest. */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Bytes guests have read from sockets since the sandbox started. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes guests have sent on sockets since the sandbox started. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** UDP datagrams dropped on arrival because their socket's receive buffer was full. */
    public long datagramsDropped() {
        return datagramsDropped.sum();
    }

    void datagramDropped() {
        datagramsDropped.increment();
    }

    void opened() {
        openSockets.incrementAndGet();
    }

    void closed() {
        openSockets.decrementAndGet();
    }

    void buffered(long delta) {
        bufferedBytes.addAndGet(delta);
    }

    void received(long count) {
        bytesIn.add(count);
    }

    void sent(long count) {
        bytesOut.add(count);
    }
}
