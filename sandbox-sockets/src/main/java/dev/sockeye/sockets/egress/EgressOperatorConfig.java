package dev.sockeye.sockets.egress;

import java.util.List;

/**
 * What the operator of a Sockeye installation sets for every function, above any function's rules.
 *
 * @param denyList addresses no rule can allow, listen rules included; an IPv4 entry also covers the
 *     IPv4-mapped, IPv4-compatible and NAT64 forms of its addresses. Default: {@link #DEFAULT_DENY_LIST}.
 * @param allowSpecialRangesForNames whether name rules (and {@code *}) may reach special ranges
 *     ({@link SpecialAddresses}). Default false: only explicit IP or CIDR rules reach them.
 * @param maxPinnedAddresses how many addresses one instance may have pinned; past that, lookups return no new
 *     addresses (reported as denied), so a guest cannot grow the pin table without end.
 *     Default {@link #DEFAULT_MAX_PINNED_ADDRESSES}.
 */
public record EgressOperatorConfig(List<IpBlock> denyList, boolean allowSpecialRangesForNames, int maxPinnedAddresses) {

    /** Enough for any sane function: 4096 addresses. */
    public static final int DEFAULT_MAX_PINNED_ADDRESSES = 4096;

    /** The cloud metadata services: AWS/GCP/Azure/OpenStack's IPv4 one and AWS's IPv6 one. */
    public static final List<String> DEFAULT_DENY_LIST = List.of("169.254.169.254/32", "fd00:ec2::254/128");

    public EgressOperatorConfig {
        denyList = List.copyOf(denyList);
        if (maxPinnedAddresses < 1) {
            throw new IllegalArgumentException("maxPinnedAddresses must be at least 1, not " + maxPinnedAddresses);
        }
    }

    /** The defaults: {@link #DEFAULT_DENY_LIST}, special ranges refused for names. */
    public static EgressOperatorConfig defaults() {
        return of(DEFAULT_DENY_LIST, false);
    }

    /** This config with another deny list, given as text (see {@link #of}). */
    public EgressOperatorConfig withDenyList(List<String> entries) {
        return new EgressOperatorConfig(of(entries, false).denyList(), allowSpecialRangesForNames, maxPinnedAddresses);
    }

    /** This config with special ranges allowed (or not) for name rules. */
    public EgressOperatorConfig withSpecialRangesForNames(boolean allowed) {
        return new EgressOperatorConfig(denyList, allowed, maxPinnedAddresses);
    }

    /** This config with another cap on pinned addresses. */
    public EgressOperatorConfig withMaxPinnedAddresses(int max) {
        return new EgressOperatorConfig(denyList, allowSpecialRangesForNames, max);
    }

    /**
     * A config from text, with the default pin cap: each deny-list entry an address or CIDR block ({@code 169.254.169.254},
     * {@code fd00:ec2::/64}), IPv6 with or without brackets.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static EgressOperatorConfig of(List<String> denyList, boolean allowSpecialRangesForNames) {
        var blocks = denyList.stream().map(EgressOperatorConfig::parseEntry).toList();
        return new EgressOperatorConfig(blocks, allowSpecialRangesForNames, DEFAULT_MAX_PINNED_ADDRESSES);
    }

    private static IpBlock parseEntry(String entry) {
        String text = entry.strip().replace("[", "").replace("]", "");
        try {
            return IpBlock.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("egress deny-list entry \"" + entry + "\": " + e.getMessage(), e);
        }
    }

    /** The deny-list entry covering {@code ip} (or an IPv4 address it embeds), or null. */
    IpBlock denyEntryFor(Ip ip) {
        List<Ip> embedded = ip.embeddedIpv4s();
        for (IpBlock block : denyList) {
            if (block.contains(ip) || embedded.stream().anyMatch(block::contains)) {
                return block;
            }
        }
        return null;
    }
}
