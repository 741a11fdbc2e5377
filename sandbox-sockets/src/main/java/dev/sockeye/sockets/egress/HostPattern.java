package dev.sockeye.sockets.egress;

import java.net.InetAddress;

/**
 * The host part of a rule. Names are compared in canonical form (lower case, no trailing dot, punycode); addresses
 * by value, with IPv4-mapped IPv6 addresses taken as the IPv4 address they map.
 */
public sealed interface HostPattern {

    /** Whether this pattern matches the canonical host name {@code name} (see {@link #canonicalName}). */
    boolean matchesName(String name);

    /** Whether this pattern names {@code address} directly (an IP or CIDR rule, or {@code *}). */
    boolean matchesAddress(InetAddress address);

    /**
     * {@code *}: any name and any address. The policy still refuses special ranges for it, as for name rules, so
     * only an explicit IP or CIDR rule reaches them.
     */
    record AnyHost() implements HostPattern {
        @Override
        public boolean matchesName(String name) {
            return true;
        }

        @Override
        public boolean matchesAddress(InetAddress address) {
            return true;
        }

        @Override
        public String toString() {
            return "*";
        }
    }

    /** One host name, in canonical form. */
    record ExactName(String name) implements HostPattern {
        @Override
        public boolean matchesName(String candidate) {
            return name.equals(candidate);
        }

        @Override
        public boolean matchesAddress(InetAddress address) {
            return false;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code *.parent}: every name below {@code parent}, at any depth, but not {@code parent} itself. */
    record Subdomains(String parent) implements HostPattern {
        @Override
        public boolean matchesName(String candidate) {
            return candidate.length() > parent.length() + 1
                    && candidate.endsWith(parent)
                    && candidate.charAt(candidate.length() - parent.length() - 1) == '.';
        }

        @Override
        public boolean matchesAddress(InetAddress address) {
            return false;
        }

        @Override
        public String toString() {
            return "*." + parent;
        }
    }

    /** An IP address or CIDR block. */
    record AddressBlock(IpBlock block) implements HostPattern {
        @Override
        public boolean matchesName(String name) {
            return false;
        }

        @Override
        public boolean matchesAddress(InetAddress address) {
            return block.contains(address);
        }

        @Override
        public String toString() {
            return block.isIpv6() ? "[" + block + "]" : block.toString();
        }
    }

    /**
     * Parses a rule's host: {@code *}, {@code *.name}, a name, an IPv4 address or block, or (when
     * {@code bracketed}) what stood between {@code [ ]}: an IPv6 address or block.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static HostPattern parse(String text, boolean bracketed) {
        if (bracketed) {
            if (text.indexOf(':') < 0) {
                throw new IllegalArgumentException("brackets are for IPv6 addresses, not \"" + text + "\"");
            }
            return new AddressBlock(IpBlock.parse(text));
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the host is missing");
        }
        if (text.equals("*")) {
            return new AnyHost();
        }
        if (text.startsWith("*.")) {
            String parent = text.substring(2);
            if (parent.indexOf('*') >= 0) {
                throw new IllegalArgumentException("only one wildcard is allowed, as the whole leading label");
            }
            String canonical = HostNames.canonicalName(parent);
            if (canonical == null) {
                throw new IllegalArgumentException("\"" + parent + "\" after \"*.\" is not a valid host name");
            }
            return new Subdomains(canonical);
        }
        if (text.startsWith("*")) {
            throw new IllegalArgumentException("a wildcard must be a whole leading label: write \"*."
                    + text.substring(1).replaceFirst("^\\.", "") + "\"");
        }
        if (text.indexOf('*') >= 0) {
            throw new IllegalArgumentException("a wildcard is allowed only as the leading label (\"*.example.com\")");
        }
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 addresses must be in brackets: [" + text + "]");
        }
        if (text.indexOf('/') >= 0 || HostNames.parseStrictIpv4(text) >= 0) {
            return new AddressBlock(IpBlock.parse(text));
        }
        if (HostNames.hasNumericLastLabel(text)) {
            throw new IllegalArgumentException("\"" + text + "\" is an ambiguous numeric spelling, not an IPv4 address;"
                    + " write four decimal numbers 0-255 without leading zeros");
        }
        String canonical = HostNames.canonicalName(text);
        if (canonical == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid host name");
        }
        return new ExactName(canonical);
    }

    /**
     * The canonical form of a host name a guest looks up, or null if it is not a canonical name (and so matches no
     * name rule): lower case, one trailing dot removed, punycode, no numeric last label.
     */
    static String canonicalName(String name) {
        return HostNames.canonicalName(name);
    }
}
