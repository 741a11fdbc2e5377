package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges that name rules never reach by default: unspecified, loopback, private, CGNAT, link-local
 * (with the cloud metadata address), multicast, reserved, their IPv6 counterparts, and every IPv6 form of the
 * IPv4 ones (mapped, compatible, translated, NAT64, 6to4, Teredo). A resolved address in one of them is refused unless an
 * explicit IP or CIDR rule allows it or the operator lets names reach them.
 */
public final class SpecialAddresses {

    private record Range(IpBlock block, String label) {}

    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0/8", "this network"),
            range("127.0.0.0/8", "loopback"),
            range("10.0.0.0/8", "private"),
            range("172.16.0.0/12", "private"),
            range("192.168.0.0/16", "private"),
            range("100.64.0.0/10", "shared address space (CGNAT)"),
            range("169.254.0.0/16", "link-local, cloud metadata"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved, broadcast"));

    private static final List<Range> IPV6 = List.of(
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("fc00::/7", "unique local"),
            range("fe80::/10", "link-local"),
            range("ff00::/8", "multicast"),
            // Local-use NAT64: the operator chooses where the IPv4 address sits, so it cannot be checked.
            range("64:ff9b:1::/48", "local-use NAT64"));

    private SpecialAddresses() {}

    /** The special range {@code address} lies in, as {@code "127.0.0.0/8 (loopback)"}, or empty. */
    public static Optional<String> rangeOf(InetAddress address) {
        return Optional.ofNullable(rangeOf(Ip.of(address)));
    }

    /** Whether {@code address} lies in a special range. */
    public static boolean isSpecial(InetAddress address) {
        return rangeOf(Ip.of(address)) != null;
    }

    static String rangeOf(Ip ip) {
        if (!ip.v6()) {
            return find(IPV4, ip);
        }
        String v6 = find(IPV6, ip);
        if (v6 != null) {
            return v6;
        }
        for (Ip embedded : ip.embeddedIpv4s()) {
            String v4 = find(IPV4, embedded);
            if (v4 != null) {
                return "IPv6 form of " + v4;
            }
        }
        return null;
    }

    /** The special ranges, as {@code "127.0.0.0/8 (loopback)"}, that lie wholly inside {@code block}. */
    static List<String> rangesWithin(IpBlock block) {
        return (block.isIpv6() ? IPV6 : IPV4)
                .stream()
                        .filter(range -> block.containsBlock(range.block()))
                        .map(range -> range.block() + " (" + range.label() + ")")
                        .toList();
    }

    private static String find(List<Range> ranges, Ip ip) {
        for (Range range : ranges) {
            if (range.block().contains(ip)) {
                return range.block() + " (" + range.label() + ")";
            }
        }
        return null;
    }

    private static Range range(String block, String label) {
        return new Range(IpBlock.parse(block), label);
    }
}
