package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A guest's socket descriptor: what TCP and UDP sockets share (family, non-blocking flag, options, deadlines) and
 * the operations the socket calls dispatch to. An operation a kind does not support fails with EOPNOTSUPP
 * (WASI NOTSUP).
 */
public abstract sealed class GuestSocket implements Descriptor permits TcpSocket, UdpSocket {
    /** Result flag of sock_recv / sock_recv_from: the datagram was longer than the buffers. */
    public static final int RO_DATA_TRUNCATED = 1;
    /** sock_recv flags. */
    public static final int RI_RECV_PEEK = 1;

    public static final int RI_RECV_WAITALL = 2;

    protected final GuestNetwork network;
    protected final Handoff handoff;
    protected final AddressFamily family;
    protected final SocketOptions options;
    private int fdFlags;
    private boolean closed;

    GuestSocket(GuestNetwork network, AddressFamily family) {
        this.network = network;
        this.handoff = network.handoff();
        this.family = family;
        this.options = new SocketOptions(
                network.limits().receiveBufferBytes(), network.limits().sendBufferBytes());
    }

    public abstract Transport transport();

    public AddressFamily family() {
        return family;
    }

    @Override
    public final long rightsBase() {
        return Rights.SOCKET;
    }

    @Override
    public final long rightsInheriting() {
        return Rights.SOCKET;
    }

    @Override
    public final int fdFlags() {
        return fdFlags;
    }

    /** Sockets keep only NONBLOCK (and tolerate APPEND, which means nothing for them). */
    @Override
    public final void setFdFlags(int flags) {
        if ((flags & ~(FDFLAG_NONBLOCK | FDFLAG_APPEND)) != 0) {
            throw new WasiException(Errno.NOTSUP, "socket flags " + flags);
        }
        fdFlags = flags;
    }

    public final boolean nonBlocking() {
        return (fdFlags & FDFLAG_NONBLOCK) != 0;
    }

    /** When a receive must give up: now for non-blocking sockets, after SO_RCVTIMEO if set, else never. */
    protected final long receiveDeadline() {
        return nonBlocking() ? System.nanoTime() : Handoff.deadlineAfterMillis(options.receiveTimeoutMillis);
    }

    /** When a send must give up: now for non-blocking sockets, after SO_SNDTIMEO if set, else never. */
    protected final long sendDeadline() {
        return nonBlocking() ? System.nanoTime() : Handoff.deadlineAfterMillis(options.sendTimeoutMillis);
    }

    SocketOptions options() {
        return options;
    }

    /** Applies changed options to the live channel, where the kind has one. */
    void optionsChanged() {}

    // Operations; each kind overrides what it supports.

    public void bind(InetSocketAddress local) {
        throw unsupported("bind");
    }

    public void listen(int backlog) {
        throw unsupported("listen");
    }

    public GuestSocket accept() {
        throw unsupported("accept");
    }

    public void connect(InetSocketAddress remote) {
        throw unsupported("connect");
    }

    /** Receives into the buffers; returns the byte count in the low 32 bits and RO flags in the high 32. */
    public abstract long receive(GuestMemory memory, IoVecs into, int riFlags);

    /** Receives one datagram (UDP) or stream bytes (TCP), reporting the peer. */
    public abstract Received receiveFrom(GuestMemory memory, IoVecs into, int riFlags);

    public abstract int send(GuestMemory memory, IoVecs from);

    public int sendTo(GuestMemory memory, IoVecs from, InetSocketAddress destination) {
        throw unsupported("send_to");
    }

    /** shutdown(2): how is 1 (read), 2 (write) or 3 (both). */
    public abstract void shutdown(int how);

    /** The local address: the bound or connected one, the wildcard with port 0 before either. */
    public abstract InetSocketAddress localAddress();

    /** The peer; ENOTCONN when there is none. */
    public abstract InetSocketAddress peerAddress();

    /**
     * sock_tls_connect: upgrades the connection to host TLS naming {@code serverName} (SNI, and the name the
     * certificate must be valid for), offering {@code alpn}; blocks until the handshake ends.
     */
    public void startTls(String serverName, List<String> alpn) {
        throw unsupported("host TLS");
    }

    /** The application protocol host TLS negotiated: null if none; EINVAL if the socket is not host TLS. */
    public String negotiatedAlpn() {
        throw new WasiException(Errno.INVAL, "not a host TLS connection");
    }

    /** SO_ERROR: the pending error, cleared by reading it. */
    public int takeSocketError() {
        return 0;
    }

    /** SO_ACCEPTCONN. */
    public boolean listening() {
        return false;
    }

    /** The outcome of a receive that reports its source. */
    public record Received(int bytes, int roFlags, InetSocketAddress peer) {}

    @Override
    public final int read(GuestMemory memory, IoVecs into) {
        return (int) receive(memory, into, 0);
    }

    @Override
    public final int write(GuestMemory memory, IoVecs from) {
        return send(memory, from);
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
            network.forget(this);
        }
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Frees the socket's channel and buffers; runs once. */
    protected abstract void release();

    protected final WasiException unsupported(String operation) {
        return new WasiException(
                Errno.NOTSUP, operation + " on a " + transport().label() + " socket");
    }

    /** The wait ran out: EAGAIN, as POSIX reports both non-blocking misses and SO_RCVTIMEO/SO_SNDTIMEO expiry. */
    protected static WasiException wouldBlock(String what) {
        return new WasiException(Errno.AGAIN, what + " would block");
    }
}
