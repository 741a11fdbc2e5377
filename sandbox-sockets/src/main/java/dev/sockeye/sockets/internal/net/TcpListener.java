package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.internal.fd.Descriptor;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A listening TCP socket: a Vert.x {@link NetServer} whose new connections wait, paused, in a queue bounded by
 * the backlog until the guest accepts them. Connections beyond the backlog are closed, as a full kernel queue
 * would refuse them.
 */
final class TcpListener {
    private final Handoff handoff;
    private final int backlog;
    private final ArrayDeque<NetSocket> pending = new ArrayDeque<>(); // (locked)
    private boolean closed; // (locked)
    private NetServer server;
    private InetSocketAddress local;

    private TcpListener(Handoff handoff, int backlog) {
        this.handoff = handoff;
        this.backlog = backlog;
    }

    /** Binds and listens; runs on the event loop. */
    static Future<TcpListener> start(
            GuestNetwork network, InetSocketAddress address, int backlog, SocketOptions socketOptions) {
        var listener = new TcpListener(network.handoff(), backlog);
        var options = new NetServerOptions()
                .setHost(address.getAddress().getHostAddress())
                .setPort(address.getPort())
                .setAcceptBacklog(backlog)
                .setReuseAddress(socketOptions.reuseAddress)
                .setIdleTimeout((int) network.limits().idleTimeout().toMillis())
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
        listener.server = network.vertx().createNetServer(options).connectHandler(listener::onConnection);
        return listener.server.listen().map(server -> {
            listener.local = new InetSocketAddress(address.getAddress(), server.actualPort());
            return listener;
        });
    }

    private void onConnection(NetSocket socket) {
        TcpConnection.stopReading(socket);
        handoff.signal(() -> {
            if (closed || pending.size() >= backlog) {
                socket.close();
            } else {
                pending.add(socket);
            }
        });
    }

    InetSocketAddress local() {
        return local;
    }

    /** Whether a connection waits; guest thread, under the lock. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Takes the oldest waiting connection, or null; under the lock. */
    NetSocket poll() {
        return pending.poll();
    }

    int readiness() {
        return pending.isEmpty() ? 0 : Descriptor.READABLE;
    }

    /** Stops listening and closes connections nobody accepted. */
    void close() {
        handoff.underLock(() -> {
            closed = true;
            return null;
        });
        handoff.onLoop(() -> {
            handoff.signal(() -> {
                pending.forEach(NetSocket::close);
                pending.clear();
            });
            server.close();
        });
    }
}
