package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.dns.NameResolver;
import dev.sockeye.sockets.internal.tls.HostTrust;
import dev.sockeye.sockets.limits.SandboxLimits;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What all guest instances of one sandbox share for networking: Vert.x, the resolver, the Vert.x clients (one per
 * timeout setting, since NetClient options are client-wide), what host TLS trusts, the listening addresses, and the
 * socket counters. Vert.x and the resolver are made on the first use of the network, so a sandbox whose guests never
 * touch it (most {@code sockeye run}s) does not start event loops and a DNS resolver it does not need.
 * Thread-safe.
 */
public final class SocketRuntime {
    private record ClientSettings(Duration connectTimeout, Duration idleTimeout) {}

    /** Vert.x and the resolver on it, made together on first use. */
    private record Network(Vertx vertx, NameResolver resolver) {}

    private final Supplier<Vertx> vertxFactory;
    private final Function<Vertx, NameResolver> resolverFactory;
    private volatile Network network;
    private final List<X509Certificate> trustedCertificates;
    private HostTrust hostTrust; // built on first use: copying the JDK's CAs costs a few milliseconds
    private final SocketCounters counters = new SocketCounters();
    private final Map<ClientSettings, NetClient> clients = new ConcurrentHashMap<>();
    /**
     * Addresses guests listen on. Vert.x shares one server among listeners of the same host and port in one
     * Vert.x instance; a guest must instead get EADDRINUSE, as it would from the kernel.
     */
    private final Set<InetSocketAddress> listening = ConcurrentHashMap.newKeySet();

    /**
     * {@code vertxFactory} and {@code resolverFactory} (given that Vert.x) are called once, on the network's first
     * use; {@code trustedCertificates}: CAs host TLS trusts beyond the JDK's.
     */
    public SocketRuntime(
            Supplier<Vertx> vertxFactory,
            Function<Vertx, NameResolver> resolverFactory,
            List<X509Certificate> trustedCertificates) {
        this.vertxFactory = vertxFactory;
        this.resolverFactory = resolverFactory;
        this.trustedCertificates = List.copyOf(trustedCertificates);
    }

    public Vertx vertx() {
        return network().vertx();
    }

    public NameResolver resolver() {
        return network().resolver();
    }

    /** The Vert.x in use, empty while no guest has used the network. */
    public Optional<Vertx> startedVertx() {
        Network started = network;
        return started == null ? Optional.empty() : Optional.of(started.vertx());
    }

    /** The resolver in use, empty while no guest has used the network. */
    public Optional<NameResolver> startedResolver() {
        Network started = network;
        return started == null ? Optional.empty() : Optional.of(started.resolver());
    }

    private Network network() {
        Network started = network;
        if (started == null) {
            synchronized (this) {
                started = network;
                if (started == null) {
                    Vertx vertx = vertxFactory.get();
                    started = new Network(vertx, resolverFactory.apply(vertx));
                    network = started;
                }
            }
        }
        return started;
    }

    /** The trust host TLS verifies servers against: the JDK's CAs plus the sandbox's extra ones. */
    public synchronized HostTrust hostTrust() {
        if (hostTrust == null) {
            hostTrust = HostTrust.of(trustedCertificates);
        }
        return hostTrust;
    }

    public SocketCounters counters() {
        return counters;
    }

    NetClient client(SandboxLimits limits) {
        return clients.computeIfAbsent(
                new ClientSettings(limits.connectTimeout(), limits.idleTimeout()),
                settings -> vertx().createNetClient(new NetClientOptions()
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
