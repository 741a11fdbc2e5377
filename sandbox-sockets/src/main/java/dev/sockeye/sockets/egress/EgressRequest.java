package dev.sockeye.sockets.egress;

import dev.sockeye.sockets.text.GuestText;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One address use by a guest, as presented to the {@link EgressGuard}.
 *
 * @param kind what the guest is doing
 * @param transport TCP or UDP; always TCP for {@link Kind#LOOKUP}, since a name is allowed whatever the transport
 * @param hostName the name being looked up ({@link Kind#LOOKUP}) or the server name of a host TLS handshake
 *     ({@link Kind#TLS}), control characters escaped; otherwise null
 * @param address the IP address involved (for {@link Kind#TLS}, the connection's peer); null only for
 *     {@link Kind#LOOKUP}
 * @param port the port involved; 0 for lookups and ephemeral binds
 */
public record EgressRequest(Kind kind, Transport transport, String hostName, InetAddress address, int port) {

    /** What the guest does with the address. */
    public enum Kind {
        /** sock_getaddrinfo of a host name. */
        LOOKUP,
        /** TCP connect, or UDP connect (which fixes the datagram peer). */
        CONNECT,
        /** An explicit bind of a local address and port. */
        BIND,
        /** listen() on a bound TCP socket: accepting inbound connections. */
        LISTEN,
        /** A UDP datagram sent to a destination. */
        SEND,
        /** A UDP datagram arriving from a peer, before it is delivered to the guest. */
        RECEIVE,
        /**
         * A host TLS handshake on a connected TCP socket ({@code sock_tls_connect}), judged with its outcome by
         * {@link EgressGuard#checkTls}: the server name the guest asked for, and the connection's peer.
         */
        TLS
    }

    public EgressRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(transport, "transport");
        if (kind == Kind.LOOKUP || kind == Kind.TLS) {
            Objects.requireNonNull(hostName, "hostName of a " + kind);
        }
        if (kind != Kind.LOOKUP) {
            Objects.requireNonNull(address, "address of a " + kind);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        // Escaped once here, so that every report of the request is safe to print; a name with control
        // characters is no host name either way.
        hostName = GuestText.escape(hostName);
    }

    /** A lookup of {@code hostName} as the guest spelled it (control characters escaped, {@link GuestText}). */
    public static EgressRequest lookup(String hostName) {
        return new EgressRequest(Kind.LOOKUP, Transport.TCP, hostName, null, 0);
    }

    /** A host TLS handshake naming {@code serverName} on a connection to {@code address} and {@code port}. */
    public static EgressRequest tls(String serverName, InetAddress address, int port) {
        return new EgressRequest(Kind.TLS, Transport.TCP, serverName, address, port);
    }

    /** A use of {@code address} and {@code port} (anything but a lookup). */
    public static EgressRequest of(Kind kind, Transport transport, InetAddress address, int port) {
        return new EgressRequest(kind, transport, null, address, port);
    }
}
