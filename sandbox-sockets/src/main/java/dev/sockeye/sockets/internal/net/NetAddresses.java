package dev.sockeye.sockets.internal.net;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Conversions of socket addresses between Vert.x and Java, always by IP, never by name. */
final class NetAddresses {
    private NetAddresses() {}

    static InetSocketAddress toInet(SocketAddress address) {
        if (address == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address.hostAddress()), address.port());
        } catch (UnknownHostException e) {
            // hostAddress() is always an IP literal, which getByName parses without a lookup.
            throw new IllegalStateException("not an IP literal: " + address.hostAddress(), e);
        }
    }

    static SocketAddress toVertx(InetSocketAddress address) {
        return SocketAddress.inetSocketAddress(
                address.getPort(), address.getAddress().getHostAddress());
    }
}
