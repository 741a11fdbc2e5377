package dev.sockeye.sockets;

import dev.sockeye.sockets.internal.net.SocketCounters;

/**
 * Sandbox-wide socket gauges and counters: open sockets, bytes buffered for guests, bytes moved. They let operators
 * (metrics) and tests (leak checks) see that finished instances left nothing behind. A live view: every call reads
 * the current value.
 */
public final class NetworkStats {
    private final SocketCounters counters;

    NetworkStats(SocketCounters counters) {
        this.counters = counters;
    }

    /** Guest sockets currently open (TCP connections, listeners, UDP sockets, sockets not yet connected). */
    public long openSockets() {
        return counters.openSockets();
    }

    /** Bytes received from the network and not yet read by their guest. */
    public long bufferedBytes() {
        return counters.bufferedBytes();
    }

    /** Bytes guests have read from sockets since the sandbox started. */
    public long bytesIn() {
        return counters.bytesIn();
    }

    /** Bytes guests have sent on sockets since the sandbox started. */
    public long bytesOut() {
        return counters.bytesOut();
    }

    /** UDP datagrams dropped on arrival because their socket's receive buffer was full, since the sandbox started. */
    public long datagramsDropped() {
        return counters.datagramsDropped();
    }
}
