package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.dns.NameResolver;
import dev.sockeye.sockets.limits.SandboxLimits;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What all guest instances of one sandbox share for networking: Vert.x, the resolver, the Vert.x clients (one per
 * timeout setting, since NetClient options are client-wide), the listening addresses, and the socket counters.
 * Thread-safe.
 */
public final class SocketRuntime {
    private record ClientSettings(Duration connectTimeout, Duration idleTimeout) {}

    private final Vertx vertx;
    private final NameResolver resolver;
    private final SocketCounters counters = new SocketCounters();
    private final Map<ClientSettings, NetClient> clients = new ConcurrentHashMap<>();
    /**
     * Addresses guests listen on. Vert.x shares one server among listeners of the same host and port in one
     * Vert.x instance; a guest must instead get EADDRINUSE, as it would from the kernel.
     */
    private final Set<InetSocketAddress> listening = ConcurrentHashMap.newKeySet();

    public SocketRuntime(Vertx vertx, NameResolver resolver) {
        this.vertx = vertx;
        this.resolver = resolver;
    }

    public Vertx vertx() {
        return vertx;
    }

    public NameResolver resolver() {
        return resolver;
    }

    public SocketCounters counters() {
        return counters;
    }

    NetClient client(SandboxLimits limits) {
        return clients.computeIfAbsent(
                new ClientSettings(limits.connectTimeout(), limits.idleTimeout()),
                settings -> vertx.createNetClient(new NetClientOptions()
                        .setConnectTimeout((int) Math.min(
                                Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                        .setIdleTimeout((int) Math.min(
                                Integer.MAX_VALUE, settings.idleTimeout().toMillis()))
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)));
    }

    /** Claims a listening address; false if another guest of this sandbox holds it. Port 0 always works. */
    boolean claimListenAddress(InetSocketAddress address) {
        return address.getPort() == 0 || listening.add(address);
    }

    /** Records the port the kernel chose for a listener on port 0, so later fixed-port listeners see it. */
    void recordListenAddress(InetSocketAddress actual) {
        listening.add(actual);
    }

    void releaseListenAddress(InetSocketAddress address) {
        listening.remove(address);
    }

    /** Closes the shared clients; the sandbox is shutting down. */
    public void close() {
        clients.values().forEach(NetClient::close);
        clients.clear();
    }
}
