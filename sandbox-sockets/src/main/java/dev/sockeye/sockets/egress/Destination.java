package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Something a guest might want to reach (or a local port it might listen on), for the dry
 * {@link EgressPolicy#check(Destination)} of the API and the console.
 *
 * @param kind connect to a destination, or listen on a local port
 * @param transport TCP or UDP
 * @param hostName the destination's name, or null when it is given as an address
 * @param address the destination's address (or the local address for LISTEN, null meaning any); null with a name
 * @param port 1-65535
 */
public record Destination(Kind kind, Transport transport, String hostName, InetAddress address, int port) {

    /** Whether the guest would connect (or send) to the destination, or listen on it. */
    public enum Kind {
        CONNECT,
        LISTEN
    }

    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(transport, "transport");
        if (kind == Kind.CONNECT && (hostName == null) == (address == null)) {
            throw new IllegalArgumentException("a destination has either a name or an address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A named destination, as the guest would look it up. */
    public static Destination name(Transport transport, String hostName, int port) {
        return new Destination(Kind.CONNECT, transport, hostName, null, port);
    }

    /** A destination given as an IP address. */
    public static Destination address(Transport transport, InetAddress address, int port) {
        return new Destination(Kind.CONNECT, transport, null, address, port);
    }

    /** Listening on {@code port} of {@code localAddress} (null: any local address). */
    public static Destination listen(Transport transport, InetAddress localAddress, int port) {
        return new Destination(Kind.LISTEN, transport, null, localAddress, port);
    }

    /**
     * Parses a destination written like a rule naming one host and one port: {@code tcp://db.example.com:5432},
     * {@code udp://[2001:db8::1]:53}, {@code https://api.example.com}, {@code listen://:8080}.
     *
     * @throws InvalidEgressRuleException if it does not parse, or names several hosts, ports or protocols
     */
    public static Destination parse(String text) {
        EgressRule rule = EgressRule.parse(text);
        if (rule.ports().first() != rule.ports().last()) {
            throw new InvalidEgressRuleException(rule.text(), "a destination has one port, not " + rule.ports());
        }
        int port = rule.ports().first();
        if (rule.isListen()) {
            InetAddress local = rule.host() instanceof HostPattern.AddressBlock(IpBlock block)
                    ? InetAddress.ofLiteral(block.toString())
                    : null;
            return listen(Transport.TCP, local, port);
        }
        if (rule.scheme() == RuleScheme.ANY) {
            throw new InvalidEgressRuleException(rule.text(), "a destination names one protocol: tcp or udp");
        }
        Transport transport = rule.scheme() == RuleScheme.UDP ? Transport.UDP : Transport.TCP;
        return switch (rule.host()) {
            case HostPattern.ExactName(String name) -> name(transport, name, port);
            case HostPattern.AddressBlock(IpBlock block)
            when block.isSingleAddress() -> address(transport, InetAddress.ofLiteral(block.toString()), port);
            default -> throw new InvalidEgressRuleException(rule.text(), "a destination names one host or address");
        };
    }

    @Override
    public String toString() {
        String host = hostName != null
                ? hostName
                : address == null
                        ? ""
                        : address.getHostAddress().indexOf(':') >= 0
                                ? "[" + address.getHostAddress() + "]"
                                : address.getHostAddress();
        return (kind == Kind.LISTEN ? "listen" : transport.label()) + "://" + host + ":" + port;
    }
}
