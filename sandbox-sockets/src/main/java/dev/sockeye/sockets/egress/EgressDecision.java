package dev.sockeye.sockets.egress;

import java.util.Objects;

/**
 * The guard's answer to one {@link EgressRequest}.
 *
 * @param request what the guest asked for
 * @param verdict allowed, denied, or (in learn mode) allowed although the policy would deny it
 * @param rule the text of the rule that allowed it, or null
 * @param reason why it was denied (or would be), or a short note on what allowed it; never null
 * @param pinnedName for an address use allowed through an earlier lookup, the name the address was pinned for
 * @param hostTlsRequired for an allowed TCP connect: only a {@code tls://} rule allows it, so the connection may
 *     carry data only after a host TLS handshake ({@code sock_tls_connect}) that {@link EgressGuard#checkTls}
 *     allows
 */
public record EgressDecision(
        EgressRequest request,
        Verdict verdict,
        String rule,
        String reason,
        String pinnedName,
        boolean hostTlsRequired) {

    /** The outcome of a decision. */
    public enum Verdict {
        ALLOWED,
        DENIED,
        /** Learn mode: the guest may proceed, but enforce mode would have denied it. */
        WOULD_DENY
    }

    public EgressDecision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    /** A decision that asks for no host TLS. */
    public EgressDecision(EgressRequest request, Verdict verdict, String rule, String reason, String pinnedName) {
        this(request, verdict, rule, reason, pinnedName, false);
    }

    /** An allowed decision; {@code rule} is the text of the rule that allowed it, or null. */
    public static EgressDecision allowed(EgressRequest request, String rule, String reason) {
        return new EgressDecision(request, Verdict.ALLOWED, rule, reason, null);
    }

    /** A denial, saying why. */
    public static EgressDecision denied(EgressRequest request, String reason) {
        return new EgressDecision(request, Verdict.DENIED, null, reason, null);
    }

    /** The same decision in learn mode: a denial becomes {@link Verdict#WOULD_DENY}; anything else is unchanged. */
    public EgressDecision learned() {
        if (hostTlsRequired) {
            // Learn mode denies nothing, plaintext included; it says what enforce mode would ask for.
            return new EgressDecision(
                    request, verdict, rule, reason + " (enforce mode requires host TLS)", pinnedName, false);
        }
        return verdict == Verdict.DENIED
                ? new EgressDecision(request, Verdict.WOULD_DENY, rule, reason, pinnedName)
                : this;
    }

    /**
     * Whether this decision lets the socket accept inbound traffic from anyone: an ALLOWED BIND of a non-zero port
     * or LISTEN (only a listen rule allows those). A UDP socket whose explicit BIND does not grant inbound (an
     * ephemeral bind, port 0, or a bind merely let through in learn mode) must still ask RECEIVE for each datagram,
     * so that learn mode reports the strangers a listen rule would have to admit.
     */
    public boolean grantsInbound() {
        return verdict == Verdict.ALLOWED
                && (request.kind() == EgressRequest.Kind.BIND || request.kind() == EgressRequest.Kind.LISTEN)
                && request.port() != 0;
    }

    /** The name involved: the looked-up name, or the name the address was pinned for; null if none. */
    public String name() {
        return request.hostName() != null ? request.hostName() : pinnedName;
    }

    /**
     * One log line, key=value: {@code egress kind=connect verdict=denied protocol=tcp address=203.0.113.9 port=22
     * name=db.example.com rule="..." reason="..."}.
     */
    public String toLogLine() {
        var line = new StringBuilder("egress kind=")
                .append(request.kind().name().toLowerCase(java.util.Locale.ROOT))
                .append(" verdict=")
                .append(verdict.name().toLowerCase(java.util.Locale.ROOT))
                .append(" protocol=")
                .append(request.transport().label());
        if (request.address() != null) {
            line.append(" address=").append(request.address().getHostAddress());
        }
        line.append(" port=").append(request.port());
        if (name() != null) {
            line.append(" name=").append(name());
        }
        if (rule != null) {
            line.append(" rule=\"").append(rule).append('"');
        }
        return line.append(" reason=\"").append(reason).append('"').toString();
    }

    /** Whether the guest may go ahead (allowed, or only reported in learn mode). */
    public boolean permitsGuest() {
        return verdict != Verdict.DENIED;
    }
}
