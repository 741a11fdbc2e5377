package dev.sockeye.store.audit;

import dev.sockeye.store.errors.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One finished invocation.
 *
 * @param status     what the invoker reports (e.g. {@code ok}, {@code error}, {@code timeout})
 * @param denials    egress attempts the policy denied during the invocation
 * @param stderrTail the end of the guest's stderr; the writer keeps at most the configured number of bytes
 */
public record InvocationEntry(
        UUID id,
        String functionName,
        int version,
        String status,
        Instant startedAt,
        Duration duration,
        long bytesIn,
        long bytesOut,
        int denials,
        String stderrTail)
        implements AuditEntry {

    public InvocationEntry {
        if (id == null || functionName == null || startedAt == null || duration == null) {
            throw new StoreException.Invalid("an invocation record needs id, function, start time and duration");
        }
        if (status == null || status.isBlank()) {
            throw new StoreException.Invalid("invocation " + id + " needs a status");
        }
        stderrTail = stderrTail == null ? "" : stderrTail;
    }
}
