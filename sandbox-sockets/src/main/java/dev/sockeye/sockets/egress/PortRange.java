package dev.sockeye.sockets.egress;

/**
 * The ports part of a rule: one port, an inclusive range, or any port. Port 0 is never a destination.
 *
 * @param first the lowest port allowed, at least 1
 * @param last the highest port allowed, at most 65535
 */
public record PortRange(int first, int last) {
    /** Any port, written {@code *}. */
    public static final PortRange ANY = new PortRange(1, 65535);

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
    }

    /** One port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /**
     * Parses {@code 443}, {@code 8000-8999} or {@code *}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PortRange parse(String text) {
        if (text.equals("*")) {
            return ANY;
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            return of(parsePort(text));
        }
        int first = parsePort(text.substring(0, dash));
        int last = parsePort(text.substring(dash + 1));
        if (first > last) {
            throw new IllegalArgumentException("port range " + text + " is reversed; write " + last + "-" + first);
        }
        return new PortRange(first, last);
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port \"" + text + "\" is not a number, a range like 8000-8999, or *");
        }
        if (text.length() > 5 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("port " + text + " is above 65535");
        }
        int port = Integer.parseInt(text);
        if (port == 0) {
            throw new IllegalArgumentException("port 0 is not a destination (ports are 1-65535)");
        }
        return port;
    }

    /** Whether {@code port} is in this range. */
    public boolean allows(int port) {
        return port >= first && port <= last;
    }

    /** Whether this is {@link #ANY}. */
    public boolean isAny() {
        return first == 1 && last == 65535;
    }

    /** {@code *}, {@code 443} or {@code 8000-8999}. */
    @Override
    public String toString() {
        return isAny() ? "*" : first == last ? Integer.toString(first) : first + "-" + last;
    }
}
