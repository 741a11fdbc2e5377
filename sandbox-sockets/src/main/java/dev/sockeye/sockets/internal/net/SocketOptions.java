package dev.sockeye.sockets.internal.net;

/**
 * The SOL_SOCKET options a guest set on one socket. Buffer sizes also bound how much the host buffers for the
 * socket (receive side) and queues for it (send side).
 */
final class SocketOptions {
    /** Smallest buffer a guest may ask for; the largest is the sandbox's larger buffer, so SO_RCVBUF cannot hoard. */
    static final int MIN_BUFFER_BYTES = 1024;

    boolean reuseAddress;
    boolean keepAlive;
    boolean broadcast;
    int receiveBufferBytes;
    int sendBufferBytes;
    long receiveTimeoutMillis;
    long sendTimeoutMillis;
    int lingerSeconds = -1;
    private final int maxBufferBytes;

    SocketOptions(int receiveBufferBytes, int sendBufferBytes) {
        this.receiveBufferBytes = receiveBufferBytes;
        this.sendBufferBytes = sendBufferBytes;
        this.maxBufferBytes = Math.max(receiveBufferBytes, sendBufferBytes);
    }

    /** A buffer size request clamped to what the host allows. */
    int clampBuffer(int requested) {
        return Math.max(MIN_BUFFER_BYTES, Math.min(requested, maxBufferBytes));
    }
}
