package dev.sockeye.sockets.dns;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;

/**
 * Resolves host names for guests' sock_getaddrinfo. Called only after the egress guard allowed the lookup;
 * completes on a Vert.x event loop, never blocking it.
 */
public interface NameResolver {

    /**
     * All addresses of {@code hostName} (IPv4 and IPv6, in resolver order). Fails with
     * {@link java.net.UnknownHostException} when the name does not exist.
     */
    Future<List<InetAddress>> resolve(String hostName);

    /** Releases what the resolver holds (sockets, caches). */
    default void close() {}
}
