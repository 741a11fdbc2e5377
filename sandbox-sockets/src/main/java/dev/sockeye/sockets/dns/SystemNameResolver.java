package dev.sockeye.sockets.dns;

import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves through the host's hosts file, then the DNS servers of /etc/resolv.conf, with Netty's asynchronous
 * resolver running on one of Vert.x's event loops. Returns IPv4 and IPv6 addresses, IPv4 first.
 *
 * <p>The name asked is exactly the name the guard judged, as a fully qualified name: resolv.conf's {@code search}
 * list and {@code ndots} are not applied, or an allowed {@code api.test} could be answered for
 * {@code api.test.corp.example} and that address pinned as if it were api.test's.
 */
public final class SystemNameResolver implements NameResolver {
    private final DnsNameResolver resolver;

    public SystemNameResolver(Vertx vertx) {
        this(vertx, DnsServerAddressStreamProviders.platformDefault());
    }

    /** Asks the given name servers instead of resolv.conf's (tests use a loopback server). */
    SystemNameResolver(Vertx vertx, DnsServerAddressStreamProvider nameServers) {
        var loop = ((VertxInternal) vertx).nettyEventLoopGroup().next();
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                .hostsFileEntriesResolver(HostsFileEntriesResolver.DEFAULT)
                .nameServerProvider(nameServers)
                .searchDomains(List.of())
                .ndots(0)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .build();
    }

    @Override
    public Future<List<InetAddress>> resolve(String hostName) {
        Promise<List<InetAddress>> promise = Promise.promise();
        resolver.resolveAll(hostName).addListener(result -> {
            if (result.isSuccess()) {
                @SuppressWarnings("unchecked")
                var addresses = (List<InetAddress>) result.getNow();
                promise.complete(List.copyOf(addresses));
            } else {
                var failure = new UnknownHostException(
                        hostName + ": " + result.cause().getMessage());
                failure.initCause(result.cause());
                promise.fail(failure);
            }
        });
        return promise.future();
    }

    @Override
    public void close() {
        resolver.close();
    }
}
