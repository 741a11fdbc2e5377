package dev.sockeye.store.audit;

import dev.sockeye.store.errors.StoreException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One denied egress attempt; denials are always kept one by one.
 *
 * @param id            unique per denial, so a retried batch does not store it twice
 * @param destination   what the guest asked for, e.g. {@code tcp://10.0.0.5:22} or {@code dns:evil.example}
 * @param reason        why it was denied (e.g. {@code no rule matches})
 */
public record EgressDenial(
        UUID id,
        String functionName,
        Optional<UUID> invocationId,
        Instant occurredAt,
        String destination,
        String reason)
        implements AuditEntry {

    public EgressDenial {
        if (id == null || functionName == null || occurredAt == null || destination == null || reason == null) {
            throw new StoreException.Invalid("an egress denial needs id, function, time, destination and reason");
        }
    }
}
