package dev.sockeye.store.audit;

import dev.sockeye.store.errors.StoreException;
import java.time.Instant;

/** One allowed egress attempt; stored only as a count per function, destination and minute. */
public record EgressAllowed(String functionName, String destination, Instant occurredAt) implements AuditEntry {

    public EgressAllowed {
        if (functionName == null || destination == null || occurredAt == null) {
            throw new StoreException.Invalid("an allowed egress needs function, destination and time");
        }
    }
}
