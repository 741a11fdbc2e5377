package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a single address is a
 * block of one. Immutable; {@link #parse} rejects host bits set below the prefix, since that is almost always a
 * typo for a different block.
 */
public final class IpBlock {
    private final boolean v6;
    private final long hi;
    private final long lo;
    private final long hiMask;
    private final long loMask;
    private final int prefixLength;

    private IpBlock(Ip network, int prefixLength) {
        this.v6 = network.v6();
        this.prefixLength = prefixLength;
        if (v6) {
            hiMask = prefixLength == 0 ? 0 : -1L << (64 - Math.min(64, prefixLength));
            loMask = prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
        } else {
            hiMask = 0;
            loMask = prefixLength == 0 ? 0 : (0xffff_ffffL << (32 - prefixLength)) & 0xffff_ffffL;
        }
        this.hi = network.hi();
        this.lo = network.lo();
    }

    /**
     * Parses {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 address, or {@code ipv6/n} (no brackets). IPv4 must be
     * four decimal numbers without leading zeros.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IpBlock parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        Ip address = parseAddress(addressText);
        int maxLength = address.v6() ? 128 : 32;
        if (slash < 0) {
            return new IpBlock(address, maxLength);
        }
        String lengthText = text.substring(slash + 1);
        if (lengthText.isEmpty()
                || lengthText.length() > 3
                || !lengthText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad CIDR prefix length \"" + lengthText + "\"");
        }
        int length = Integer.parseInt(lengthText);
        if (length > maxLength) {
            throw new IllegalArgumentException("bad CIDR: prefix length " + length + " is longer than " + maxLength
                    + " for " + (address.v6() ? "IPv6" : "IPv4"));
        }
        var block = new IpBlock(address, length);
        if ((address.hi() & ~block.hiMask) != 0 || (address.lo() & ~block.loMask & block.fullMask()) != 0) {
            var network = new Ip(address.v6(), address.hi() & block.hiMask, address.lo() & block.loMask);
            throw new IllegalArgumentException(
                    "bad CIDR: " + text + " has host bits set; the block is " + network + "/" + length);
        }
        return block;
    }

    /** The block holding exactly {@code address}. */
    public static IpBlock of(InetAddress address) {
        Ip ip = Ip.of(address);
        return new IpBlock(ip, ip.v6() ? 128 : 32);
    }

    static IpBlock of(Ip ip, int prefixLength) {
        return new IpBlock(ip, prefixLength);
    }

    static Ip parseAddress(String text) {
        if (text.indexOf(':') >= 0) {
            if (text.indexOf('%') >= 0) {
                throw new IllegalArgumentException("IPv6 zone ids are not allowed: \"" + text + "\"");
            }
            try {
                return Ip.of(InetAddress.ofLiteral(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an IPv6 address: \"" + text + "\"");
            }
        }
        long v4 = HostNames.parseStrictIpv4(text);
        if (v4 < 0) {
            throw new IllegalArgumentException("not an IPv4 address (four decimal numbers 0-255): \"" + text + "\"");
        }
        return Ip.v4((int) v4);
    }

    /** Whether {@code address} (or, for an IPv4 block, its IPv4-mapped IPv6 form) lies in this block. */
    public boolean contains(InetAddress address) {
        return contains(Ip.of(address));
    }

    boolean contains(Ip ip) {
        return ip.v6() == v6 && (ip.hi() & hiMask) == hi && (ip.lo() & loMask) == lo;
    }

    /** Whether this block is one address. */
    public boolean isSingleAddress() {
        return prefixLength == (v6 ? 128 : 32);
    }

    /** Whether this is the unspecified address ({@code 0.0.0.0} or {@code ::}) alone. */
    public boolean isUnspecifiedAddress() {
        return isSingleAddress() && hi == 0 && lo == 0;
    }

    /** Whether {@code other} lies wholly inside this block. */
    boolean containsBlock(IpBlock other) {
        return other.v6 == v6 && prefixLength <= other.prefixLength && contains(new Ip(v6, other.hi, other.lo));
    }

    /**
     * Why a destination rule naming this block deserves a second look, or null: it names the unspecified address
     * (which reaches this host), covers more than a /8 of IPv4 or a /32 of IPv6, or covers special ranges.
     */
    String breadthWarning() {
        if (isUnspecifiedAddress()) {
            return "names " + this + ", which is this host: a connect to it is judged as " + (v6 ? "::1" : "127.0.0.1");
        }
        List<String> notes = new ArrayList<>();
        if (!v6 && prefixLength < 8) {
            notes.add("covers " + (1L << (32 - prefixLength)) + " IPv4 addresses (" + span() + "), more than a /8");
        }
        if (v6 && prefixLength < 32) {
            notes.add("covers more than a /32 of IPv6 (" + span() + ")");
        }
        List<String> special = SpecialAddresses.rangesWithin(this);
        if (!special.isEmpty()) {
            notes.add("covers special ranges " + String.join(", ", special));
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
    }

    /** The first and last address, as {@code 0.0.0.0 - 127.255.255.255}. */
    private String span() {
        var last = new Ip(v6, hi | ~hiMask & (v6 ? -1L : 0), lo | (~loMask & fullMask()));
        return new Ip(v6, hi, lo) + " - " + last;
    }

    /** Whether this is an IPv6 block. */
    public boolean isIpv6() {
        return v6;
    }

    /** The CIDR prefix length: 32 or 128 for a single address. */
    public int prefixLength() {
        return prefixLength;
    }

    private long fullMask() {
        return v6 ? -1L : 0xffff_ffffL;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpBlock block
                && block.v6 == v6
                && block.hi == hi
                && block.lo == lo
                && block.prefixLength == prefixLength;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo) * 17 + prefixLength + (v6 ? 1 : 0);
    }

    /** {@code a.b.c.d/n} or {@code ipv6/n}; a single address without the length. */
    @Override
    public String toString() {
        String address = new Ip(v6, hi, lo).toString();
        return isSingleAddress() ? address : address + "/" + prefixLength;
    }
}
