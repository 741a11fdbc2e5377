package dev.sockeye.api.console;

import dev.sockeye.api.observability.AuditViews;
import dev.sockeye.api.observability.LiveEgressEvent;
import java.time.Instant;

/**
 * One row of the denials feed.
 *
 * @param decision           {@code denied}, or {@code would_deny} for a function in learn mode
 * @param kind               what the guest did ({@code connect}, {@code lookup}...), or empty when the audit log
 *                           does not say
 * @param allowDestination   what "allow" admits (the destination, or {@code listen://...} for a bind or listen), or
 *                           null when no single rule admits exactly it (a lookup names no port; a reply from a stranger
 *                           is not a destination; the audit log's rows do not say what the guest did)
 */
public record DenialRow(
        String function,
        Instant occurredAt,
        String decision,
        String kind,
        String destination,
        String reason,
        String allowDestination) {

    static final String LEARN_PREFIX = "learn mode, would deny: ";

    /** {@code denied} or {@code would deny}, in words (the feed is readable without colour). */
    public String decisionLabel() {
        return decision.equals("would_deny") ? "would deny (learn mode)" : "denied";
    }

    static DenialRow of(LiveEgressEvent event) {
        String allow = switch (event.kind()) {
            case "connect", "send" -> event.destination();
            case "bind", "listen" -> "listen://" + event.destination().replaceFirst("^[a-z]+://", "");
            default -> null;
        };
        return new DenialRow(
                event.function(),
                event.occurredAt(),
                event.decision(),
                event.kind(),
                event.destination(),
                event.reason(),
                allow);
    }

    /** A denial from the audit log, which keeps a learn-mode one as a denial whose reason says so. */
    static DenialRow of(AuditViews.Egress stored) {
        String reason = stored.reason() == null ? "" : stored.reason();
        boolean learned = reason.startsWith(LEARN_PREFIX);
        return new DenialRow(
                stored.function(),
                stored.occurredAt(),
                learned ? "would_deny" : "denied",
                stored.destination().startsWith("dns:") ? "lookup" : "",
                stored.destination(),
                learned ? reason.substring(LEARN_PREFIX.length()) : reason,
                null);
    }
}
