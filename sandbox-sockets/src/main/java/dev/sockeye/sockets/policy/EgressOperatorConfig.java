package dev.sockeye.sockets.policy;

import java.util.List;

/**
 * What the operator of a Sockeye installation sets for every function, above any function's rules.
 *
 * @param denyList addresses no rule can allow, listen rules included; an IPv4 entry also covers the
 *     IPv4-mapped, IPv4-compatible and NAT64 forms of its addresses. Default: {@link #DEFAULT_DENY_LIST}.
 * @param allowSpecialRangesForNames whether name rules (and {@code *}) may reach special ranges
 *     ({@link SpecialAddresses}). Default false: only explicit IP or CIDR rules reach them.
 */
public record EgressOperatorConfig(List<IpBlock> denyList, boolean allowSpecialRangesForNames) {

    /** The cloud metadata services: AWS/GCP/Azure/OpenStack's IPv4 one and AWS's IPv6 one. */
    public static final List<String> DEFAULT_DENY_LIST = List.of("169.254.169.254/32", "fd00:ec2::254/128");

    public EgressOperatorConfig {
        denyList = List.copyOf(denyList);
    }

    /** The defaults: {@link #DEFAULT_DENY_LIST}, special ranges refused for names. */
    public static EgressOperatorConfig defaults() {
        return of(DEFAULT_DENY_LIST, false);
    }

    /**
     * A config from text: each deny-list entry an address or CIDR block ({@code 169.254.169.254},
     * {@code fd00:ec2::/64}), IPv6 with or without brackets.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static EgressOperatorConfig of(List<String> denyList, boolean allowSpecialRangesForNames) {
        var blocks = denyList.stream().map(EgressOperatorConfig::parseEntry).toList();
        return new EgressOperatorConfig(blocks, allowSpecialRangesForNames);
    }

    private static IpBlock parseEntry(String entry) {
        String text = entry.strip().replace("[", "").replace("]", "");
        try {
            return IpBlock.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("egress deny-list entry \"" + entry + "\": " + e.getMessage(), e);
        }
    }

    /** The deny-list entry covering {@code ip} (or the IPv4 address it embeds), or null. */
    IpBlock denyEntryFor(Ip ip) {
        Ip embedded = ip.embeddedIpv4();
        for (IpBlock block : denyList) {
            if (block.contains(ip) || (embedded != null && block.contains(embedded))) {
                return block;
            }
        }
        return null;
    }
}
