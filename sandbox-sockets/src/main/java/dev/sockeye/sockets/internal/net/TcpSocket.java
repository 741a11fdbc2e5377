package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.egress.TlsHandshake;
import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.WasiException;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A guest's TCP socket through its life: fresh, connecting, connected (a {@link TcpConnection}) or listening
 * (a {@link TcpListener}). Connects and listens ask the egress guard first.
 */
public final class TcpSocket extends GuestSocket {
    private enum State {
        FRESH,
        CONNECTING,
        CONNECTED,
        LISTENING,
        FAILED
    }

    /** Default backlog when the guest passes 0 or less, and the most it may ask for. */
    private static final int DEFAULT_BACKLOG = 128;

    private static final int MAX_BACKLOG = 1024;

    private State state = State.FRESH; // (locked)
    private Errno pendingError; // (locked) SO_ERROR
    private TcpConnection connection; // (locked) set on the loop when a connect succeeds
    private boolean released; // (locked)
    private TcpListener listener;
    private InetSocketAddress boundLocal;
    private boolean accepted;
    /** Only a tls:// rule allowed the connect: no data may move before host TLS. */
    private boolean hostTlsRequired;
    /** What host TLS established, once the guest upgraded; null before. */
    private TlsHandshake hostTls;
    /** A non-blocking upgrade not judged yet (its handshake may still run); null otherwise. Guest thread only. */
    private HostTlsUpgrade tlsUnderWay;
    /** A non-blocking upgrade failed: its errno waits in SO_ERROR for the next call on the socket to report it. */
    private boolean tlsFailed;

    TcpSocket(GuestNetwork network, AddressFamily family) {
        super(network, family);
    }

    /** An accepted connection, still paused: it starts receiving once its owner is registered. */
    private TcpSocket(GuestNetwork network, AddressFamily family, NetSocket accepted) {
        super(network, family);
        this.connection = new TcpConnection(accepted, handoff, network, options);
        this.state = State.CONNECTED;
        this.accepted = true;
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public FileType fileType() {
        return FileType.SOCKET_STREAM;
    }

    @Override
    public void bind(InetSocketAddress local) {
        if (boundLocal != null || handoff.underLock(() -> state) != State.FRESH) {
            throw new WasiException(Errno.INVAL, "socket is already bound or in use");
        }
        requireFamily(local);
        network.requireAllowed(Kind.BIND, Transport.TCP, local);
        boundLocal = local;
    }

    @Override
    public void connect(InetSocketAddress remote) {
        State current = handoff.underLock(() -> state);
        switch (current) {
            case CONNECTED -> throw new WasiException(Errno.ISCONN, "already connected");
            case CONNECTING -> throw new WasiException(Errno.ALREADY, "connect in progress");
            case LISTENING -> throw new WasiException(Errno.INVAL, "socket is listening");
            default -> {}
        }
        requireFamily(remote);
        hostTlsRequired =
                network.requireAllowed(Kind.CONNECT, Transport.TCP, remote).hostTlsRequired();
        handoff.underLock(() -> {
            state = State.CONNECTING;
            pendingError = null;
            return null;
        });
        handoff.onLoop(() -> network.netClient()
                .connect(NetAddresses.toVertx(remote))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        onConnected(result.result());
                    } else {
                        handoff.signal(() -> {
                            state = State.FAILED;
                            pendingError = NetworkErrnos.of(result.cause());
                        });
                    }
                }));
        if (nonBlocking()) {
            throw new WasiException(Errno.INPROGRESS, "connect in progress");
        }
        handoff.await(() -> state != State.CONNECTING, Long.MAX_VALUE);
        Errno error = handoff.underLock(() -> {
            Errno taken = pendingError;
            pendingError = null;
            return taken;
        });
        if (error != null) {
            throw new WasiException(error, "connect to " + remote + " failed");
        }
    }

    /** On the event loop: wires the new connection, unless the guest closed the socket meanwhile. */
    private void onConnected(NetSocket socket) {
        handoff.signal(() -> {
            if (released) {
                socket.close();
                return;
            }
            connection = new TcpConnection(socket, handoff, network, options);
            connection.attach();
            state = State.CONNECTED;
        });
    }

    @Override
    public void listen(int backlog) {
        if (handoff.underLock(() -> state) != State.FRESH) {
            throw new WasiException(Errno.INVAL, "socket is connected or already listening");
        }
        InetSocketAddress address = boundLocal != null ? boundLocal : new InetSocketAddress(family.wildcard(), 0);
        network.requireAllowed(Kind.LISTEN, Transport.TCP, address);
        int queueLength = backlog <= 0 ? DEFAULT_BACKLOG : Math.min(backlog, MAX_BACKLOG);
        var started = network.listen(address, () -> TcpListener.start(network, address, queueLength, options));
        listener = started;
        boundLocal = started.local();
        handoff.underLock(() -> state = State.LISTENING);
    }

    @Override
    public GuestSocket accept() {
        if (listener == null) {
            throw new WasiException(Errno.INVAL, "accept on a socket that is not listening");
        }
        network.requireSocketRoom();
        if (!handoff.await(listener::hasPending, receiveDeadline())) {
            throw wouldBlock("accept");
        }
        NetSocket accepted = handoff.underLock(listener::poll);
        var socket = network.adopt(new TcpSocket(network, family, accepted));
        TcpConnection established = socket.connection;
        handoff.onLoop(established::attach);
        return socket;
    }

    @Override
    public void startTls(String serverName, List<String> alpn) {
        if (accepted) {
            throw new WasiException(Errno.NOTSUP, "host TLS is for connections the guest opened, not accepted ones");
        }
        if (!tlsSettled()) {
            throw new WasiException(Errno.ALREADY, "host TLS handshake in progress");
        }
        TcpConnection established = requireConnectionAfterTls();
        if (hostTls != null) {
            throw new WasiException(Errno.ISCONN, "already upgraded to host TLS");
        }
        if (nonBlocking()) {
            tlsUnderWay = HostTlsUpgrade.begin(network, established, serverName, alpn);
            throw new WasiException(Errno.INPROGRESS, "host TLS handshake in progress");
        }
        try {
            hostTls = HostTlsUpgrade.run(network, established, serverName, alpn);
        } catch (WasiException failed) {
            // The upgrade closed the connection: later calls see a socket that is no longer connected.
            markTlsFailed(null);
            throw failed;
        }
    }

    /**
     * Judges a non-blocking upgrade whose handshake ended (the guard's TLS decision, on the guest thread); false
     * while the handshake still runs. A failure leaves its errno in SO_ERROR.
     */
    private boolean tlsSettled() {
        HostTlsUpgrade upgrade = tlsUnderWay;
        if (upgrade == null) {
            return true;
        }
        if (!handoff.underLock(upgrade::ended)) {
            return false;
        }
        tlsUnderWay = null;
        try {
            hostTls = upgrade.settle();
        } catch (WasiException failed) {
            tlsFailed = true;
            markTlsFailed(failed.errno());
        }
        return true;
    }

    /** After a failed upgrade: no connection any more; {@code error} (if any) is the socket's SO_ERROR. */
    private void markTlsFailed(Errno error) {
        handoff.underLock(() -> {
            connection = null;
            state = State.FAILED;
            pendingError = error;
            return null;
        });
    }

    /** The connection; after a failed non-blocking upgrade the first call gets its errno, later ones ENOTCONN. */
    private TcpConnection requireConnectionAfterTls() {
        if (tlsFailed) {
            int error = takeSocketError();
            if (error != 0) {
                throw new WasiException(Errno.of(error), "host TLS handshake failed");
            }
        }
        return requireConnection();
    }

    @Override
    public String negotiatedAlpn() {
        if (!tlsSettled()) {
            throw wouldBlock("host TLS handshake in progress: sock_tls_alpn");
        }
        if (tlsFailed) {
            requireConnectionAfterTls();
        }
        if (hostTls == null) {
            throw new WasiException(Errno.INVAL, "not a host TLS connection");
        }
        return hostTls.alpn();
    }

    /** The connection, once it may carry data: a tls:// rule's connection only after host TLS. */
    private TcpConnection requireDataConnection() {
        if (!tlsSettled()) {
            throw wouldBlock("host TLS handshake in progress: data");
        }
        TcpConnection established = requireConnectionAfterTls();
        if (hostTlsRequired && hostTls == null) {
            throw new WasiException(
                    Errno.of(EgressGuard.ACCESS_DENIED_ERRNO),
                    "only a tls:// rule allows this connection: upgrade with sock_tls_connect before any data");
        }
        return established;
    }

    @Override
    public long receive(GuestMemory memory, IoVecs into, int riFlags) {
        TcpConnection established = requireDataConnection();
        boolean peek = (riFlags & RI_RECV_PEEK) != 0;
        long deadline = receiveDeadline();
        int total = established.receive(memory, into, peek, deadline);
        if ((riFlags & RI_RECV_WAITALL) == 0 || peek || nonBlocking()) {
            return total;
        }
        // MSG_WAITALL: keep receiving until the buffers are full, the stream ends, or an error or timeout comes
        // after some data (which the guest then gets, as from POSIX).
        while (total > 0 && total < into.totalLength()) {
            int more;
            try {
                more = established.receive(memory, into.after(total), false, deadline);
            } catch (WasiException stop) {
                break;
            }
            if (more == 0) {
                break;
            }
            total += more;
        }
        return total;
    }

    @Override
    public Received receiveFrom(GuestMemory memory, IoVecs into, int riFlags) {
        TcpConnection established = requireDataConnection();
        int count = established.receive(memory, into, (riFlags & RI_RECV_PEEK) != 0, receiveDeadline());
        return new Received(count, 0, established.peer());
    }

    /**
     * A non-blocking send queues what fits; a blocking one queues everything, as POSIX does for stream sockets,
     * unless SO_SNDTIMEO or an error stops it after some bytes (the guest then learns how many went).
     */
    @Override
    public int send(GuestMemory memory, IoVecs from) {
        TcpConnection established = requireDataConnection();
        long deadline = sendDeadline();
        int total = established.send(memory, from, deadline);
        if (nonBlocking()) {
            return total;
        }
        while (total < from.totalLength()) {
            try {
                total += established.send(memory, from.after(total), deadline);
            } catch (WasiException stop) {
                return total;
            }
        }
        return total;
    }

    @Override
    public int sendTo(GuestMemory memory, IoVecs from, InetSocketAddress destination) {
        // TCP ignores the destination of sendto on a connected socket, as POSIX does.
        return send(memory, from);
    }

    @Override
    public void shutdown(int how) {
        if (how < 1 || how > 3) {
            throw new WasiException(Errno.INVAL, "shutdown how " + how);
        }
        requireConnection().shutdown((how & 1) != 0, (how & 2) != 0);
    }

    private TcpConnection requireConnection() {
        TcpConnection established = handoff.underLock(() -> connection);
        if (established == null) {
            throw new WasiException(Errno.NOTCONN, "socket is not connected");
        }
        return established;
    }

    @Override
    public InetSocketAddress localAddress() {
        TcpConnection established = handoff.underLock(() -> connection);
        if (established != null) {
            return established.local();
        }
        return boundLocal != null ? boundLocal : new InetSocketAddress(family.wildcard(), 0);
    }

    @Override
    public InetSocketAddress peerAddress() {
        return requireConnection().peer();
    }

    @Override
    public int takeSocketError() {
        tlsSettled();
        return handoff.underLock(() -> {
            Errno taken = pendingError;
            pendingError = null;
            return taken == null ? 0 : taken.code();
        });
    }

    @Override
    public boolean listening() {
        return listener != null;
    }

    @Override
    public int readiness() {
        if (listener != null) {
            return handoff.underLock(listener::readiness);
        }
        return handoff.underLock(() -> switch (state) {
            case CONNECTED -> tlsUnderWay != null ? tlsUnderWay.readiness() : connection.readiness();
            case FAILED -> WRITABLE | HANGUP;
            case CONNECTING -> 0;
            default -> WRITABLE | HANGUP; // as Linux reports an unconnected stream socket
        });
    }

    @Override
    void optionsChanged() {
        TcpConnection established = handoff.underLock(() -> connection);
        if (established != null) {
            handoff.onLoop(established::applyChannelOptions);
        }
    }

    @Override
    public long readableBytes() {
        TcpConnection established = handoff.underLock(() -> connection);
        return established == null ? 0 : established.readableBytes();
    }

    private void requireFamily(InetSocketAddress address) {
        if (!family.accepts(address.getAddress())) {
            throw new WasiException(Errno.AFNOSUPPORT, address + " on an " + family + " socket");
        }
    }

    @Override
    protected void release() {
        TcpConnection established = handoff.underLock(() -> {
            released = true;
            return connection;
        });
        if (established != null) {
            established.close();
        }
        if (listener != null) {
            network.stopListening(listener);
        }
    }
}
