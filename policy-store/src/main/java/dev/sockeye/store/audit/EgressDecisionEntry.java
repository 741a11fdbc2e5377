package dev.sockeye.store.audit;

import dev.sockeye.store.errors.StoreException;
import java.time.Instant;
import java.util.UUID;

/**
 * One egress decision of an invocation, allowed or denied: a row of its timeline.
 *
 * @param sequence    the decision's place in its invocation, from 0; with the invocation id it makes a retried batch
 *     store it once
 * @param kind        {@code lookup}, {@code connect}, {@code bind}, {@code listen}, {@code send} or {@code receive}
 * @param verdict     {@code allowed}, {@code denied} or {@code would_deny} (learn mode)
 * @param destination what the guest asked for, e.g. {@code tcp://10.0.0.5:22} or {@code dns:api.example.com}
 * @param rule        the rule that allowed it, or null
 * @param reason      why the guard decided so
 */
public record EgressDecisionEntry(
        UUID invocationId,
        int sequence,
        String functionName,
        Instant occurredAt,
        String kind,
        String verdict,
        String destination,
        String rule,
        String reason)
        implements AuditEntry {

    public EgressDecisionEntry {
        if (invocationId == null
                || functionName == null
                || occurredAt == null
                || kind == null
                || verdict == null
                || destination == null
                || reason == null) {
            throw new StoreException.Invalid(
                    "an egress decision needs invocation, function, time, kind, verdict, destination and reason");
        }
        if (sequence < 0) {
            throw new StoreException.Invalid("an egress decision's sequence must not be negative");
        }
    }
}
