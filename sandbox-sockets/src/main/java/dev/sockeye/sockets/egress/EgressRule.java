package dev.sockeye.sockets.egress;

import java.util.List;
import java.util.Objects;

/**
 * One parsed allowlist rule: {@code [scheme://]host[:ports]} or {@code listen://[address]:ports}. See
 * docs/egress-policy.md for the language. Immutable; {@link #toString()} is the rule's text.
 */
public final class EgressRule {
    private final String text;
    private final RuleScheme scheme;
    private final HostPattern host;
    private final PortRange ports;

    private EgressRule(String text, RuleScheme scheme, HostPattern host, PortRange ports) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.ports = ports;
    }

    /**
     * Parses one rule.
     *
     * @throws InvalidEgressRuleException quoting the rule and saying what is wrong
     */
    public static EgressRule parse(String rule) {
        Objects.requireNonNull(rule, "rule");
        String text = rule.strip();
        try {
            return parseStripped(text);
        } catch (InvalidEgressRuleException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidEgressRuleException(text, e.getMessage());
        }
    }

    private static EgressRule parseStripped(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty rule allows nothing");
        }
        if (text.equals("*")) {
            throw new IllegalArgumentException("a bare * has no scheme and no port; write *://*:* to allow everything");
        }
        int schemeEnd = text.indexOf("://");
        RuleScheme scheme = schemeEnd < 0 ? RuleScheme.TCP : RuleScheme.parse(text.substring(0, schemeEnd));
        String authority = schemeEnd < 0 ? text : text.substring(schemeEnd + 3);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("userinfo (user@) has no meaning for a socket");
        }
        if (authority.indexOf('?') >= 0 || authority.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a query or fragment has no meaning for a socket");
        }

        String hostText;
        String rest;
        boolean bracketed = authority.startsWith("[");
        if (bracketed) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("\"[\" without \"]\"");
            }
            hostText = authority.substring(1, close);
            rest = authority.substring(close + 1);
            if (rest.startsWith("/") && !hostText.contains("/")) {
                int lengthEnd = rest.indexOf(':') < 0 ? rest.length() : rest.indexOf(':');
                String length = rest.substring(1, lengthEnd);
                if (!length.isEmpty() && length.chars().allMatch(Character::isDigit)) {
                    hostText = hostText + "/" + length;
                    rest = rest.substring(lengthEnd);
                }
            }
        } else {
            if (authority.indexOf(':') != authority.lastIndexOf(':')) {
                throw new IllegalArgumentException(
                        looksLikeIpv6(authority)
                                ? "IPv6 addresses must be in brackets, as in [2001:db8::1]:443"
                                : "more than one \":\" (the port is one number, a range like 8000-8999, or *)");
            }
            int colon = authority.indexOf(':');
            hostText = colon < 0 ? authority : authority.substring(0, colon);
            rest = colon < 0 ? "" : authority.substring(colon);
            int slash = hostText.indexOf('/');
            if (slash >= 0 && HostNames.parseStrictIpv4(hostText.substring(0, slash)) < 0) {
                throw new IllegalArgumentException(
                        "a path (\"" + hostText.substring(slash) + "\") has no meaning for a socket");
            }
        }
        String portText = null;
        if (!rest.isEmpty()) {
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException(
                        rest.startsWith("/")
                                ? "a path (\"" + rest + "\") has no meaning for a socket"
                                : "unexpected \"" + rest + "\" after the host");
            }
            portText = rest.substring(1);
            int slash = portText.indexOf('/');
            if (slash >= 0) {
                throw new IllegalArgumentException(
                        "a path (\"" + portText.substring(slash) + "\") has no meaning for a socket");
            }
        }

        HostPattern host = scheme == RuleScheme.LISTEN
                ? parseListenAddress(hostText, bracketed)
                : HostPattern.parse(hostText, bracketed);
        if (scheme.requiresHostTls() && host instanceof HostPattern.AddressBlock) {
            throw new IllegalArgumentException(
                    "a tls:// rule names a host name (the certificate is verified against it), not an address");
        }
        PortRange ports = parsePorts(portText, scheme, schemeEnd < 0 ? "tcp" : text.substring(0, schemeEnd));
        return new EgressRule(text, scheme, host, ports);
    }

    /** Whether {@code authority}, perhaps with a trailing {@code :port} or {@code /length}, is IPv6 text. */
    private static boolean looksLikeIpv6(String authority) {
        String withoutLength = authority.replaceFirst("/\\d*(:[^:]*)?$", "");
        for (String candidate : List.of(withoutLength, withoutLength.replaceFirst(":[^:]*$", ""))) {
            try {
                IpBlock.parseAddress(candidate);
                return true;
            } catch (IllegalArgumentException notIpv6) {
                // try the next reading
            }
        }
        return false;
    }

    private static HostPattern parseListenAddress(String hostText, boolean bracketed) {
        if (!bracketed && (hostText.isEmpty() || hostText.equals("*"))) {
            return new HostPattern.AnyHost();
        }
        HostPattern pattern;
        try {
            pattern = HostPattern.parse(hostText, bracketed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a listen rule takes a local IP address, not \"" + hostText + "\"");
        }
        if (!(pattern instanceof HostPattern.AddressBlock(IpBlock block)) || !block.isSingleAddress()) {
            throw new IllegalArgumentException("a listen rule takes a local IP address, not \"" + hostText + "\"");
        }
        return block.isUnspecifiedAddress() ? new HostPattern.AnyHost() : pattern;
    }

    private static PortRange parsePorts(String portText, RuleScheme scheme, String schemeText) {
        if (portText == null) {
            if (scheme.defaultPort() == 0) {
                throw new IllegalArgumentException("a port is required: scheme \"" + schemeText
                        + "\" implies none (add :PORT, :FIRST-LAST or :*)");
            }
            return PortRange.of(scheme.defaultPort());
        }
        if (portText.isEmpty()) {
            throw new IllegalArgumentException("the port after \":\" is missing");
        }
        return PortRange.parse(portText);
    }

    /** Whether this rule allows using {@code transport} to {@code port} (host aside); never for listen rules. */
    public boolean allowsService(Transport transport, int port) {
        return scheme != RuleScheme.LISTEN && ports.allows(port) && scheme.allows(transport);
    }

    /** Whether this is a {@code listen://} rule. */
    public boolean isListen() {
        return scheme == RuleScheme.LISTEN;
    }

    /** Whether this rule's host is {@code *}: allowed, but shown as a warning by the API and console. */
    public boolean isBroad() {
        return !isListen() && host instanceof HostPattern.AnyHost;
    }

    /**
     * Why a person should look twice at this rule, or null: it allows any host, names the unspecified address,
     * or names a block wider than a /8 of IPv4 or a /32 of IPv6 or covering special ranges. Such rules are allowed;
     * the API, console and CLI show the warning.
     */
    public String warning() {
        if (isBroad()) {
            return "allows any host";
        }
        return !isListen() && host instanceof HostPattern.AddressBlock(IpBlock block) ? block.breadthWarning() : null;
    }

    /** The rule as written (surrounding whitespace removed). */
    public String text() {
        return text;
    }

    /** The scheme: transports and default port. */
    public RuleScheme scheme() {
        return scheme;
    }

    /** The host pattern (for a listen rule: {@code *} or one local address). */
    public HostPattern host() {
        return host;
    }

    /** The ports, with the scheme's default filled in. */
    public PortRange ports() {
        return ports;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EgressRule rule && rule.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
