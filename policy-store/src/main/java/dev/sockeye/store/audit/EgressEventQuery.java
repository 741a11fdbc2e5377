package dev.sockeye.store.audit;

import dev.sockeye.store.errors.StoreException;
import java.time.Instant;
import java.util.Optional;

/**
 * A page of egress events, newest first.
 *
 * @param function only this function's events, if given
 * @param decision only allowed or only denied events, if given
 * @param since    events at or after this instant (allowed rows by their minute), if given
 * @param until    events before this instant, if given
 */
public record EgressEventQuery(
        Optional<String> function,
        Optional<Decision> decision,
        Optional<Instant> since,
        Optional<Instant> until,
        int offset,
        int limit) {

    /** What the policy decided. */
    public enum Decision {
        ALLOWED,
        DENIED
    }

    public EgressEventQuery {
        if (offset < 0 || limit < 1) {
            throw new StoreException.Invalid("offset must be >= 0 and limit >= 1, was " + offset + "/" + limit);
        }
    }
}
