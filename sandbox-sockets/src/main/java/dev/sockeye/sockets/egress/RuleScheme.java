package dev.sockeye.sockets.egress;

import java.util.Locale;

/** The scheme of a rule: which transports it allows and which port it implies when the rule names none. */
public enum RuleScheme {
    TCP("tcp", true, false, 0),
    UDP("udp", false, true, 0),
    /** {@code *}: TCP and UDP. */
    ANY("*", true, true, 0),
    HTTP("http", true, false, 80),
    HTTPS("https", true, false, 443),
    /**
     * {@code tls://}: TCP, but only with host TLS ({@code sock_tls_connect}) and a certificate valid for a name the
     * rule allows; port 443 unless the rule names one.
     */
    TLS("tls", true, false, 443),
    POSTGRES("postgres", true, false, 5432),
    MYSQL("mysql", true, false, 3306),
    REDIS("redis", true, false, 6379),
    AMQP("amqp", true, false, 5672),
    MQTT("mqtt", true, false, 1883),
    NATS("nats", true, false, 4222),
    /** {@code listen://}: bind, listen and accept on local ports (TCP and UDP). */
    LISTEN("listen", true, true, 0),
    /** Any other scheme: TCP, and the rule must name a port. */
    OTHER(null, true, false, 0);

    private final String label;
    private final boolean tcp;
    private final boolean udp;
    private final int defaultPort;

    RuleScheme(String label, boolean tcp, boolean udp, int defaultPort) {
        this.label = label;
        this.tcp = tcp;
        this.udp = udp;
        this.defaultPort = defaultPort;
    }

    /**
     * The scheme named {@code text} (case-insensitive); {@link #OTHER} for a well-formed unknown scheme.
     *
     * @throws IllegalArgumentException if {@code text} is not a scheme at all
     */
    public static RuleScheme parse(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        for (RuleScheme scheme : values()) {
            if (name.equals(scheme.label)) {
                return scheme;
            }
        }
        if (name.isEmpty()
                || !Character.isLetter(name.charAt(0))
                || !name.chars().allMatch(RuleScheme::isSchemeChar)) {
            throw new IllegalArgumentException("\"" + text + "\" is not a scheme (tcp, udp, *, listen, or an alias)");
        }
        return OTHER;
    }

    private static boolean isSchemeChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }

    /** Whether rules of this scheme allow {@code transport}. */
    public boolean allows(Transport transport) {
        return transport == Transport.TCP ? tcp : udp;
    }

    /** Whether a connection this scheme allows must be upgraded to host TLS before it carries data. */
    public boolean requiresHostTls() {
        return this == TLS;
    }

    /** The port implied when a rule names none, or 0 if a port is required. */
    public int defaultPort() {
        return defaultPort;
    }
}
