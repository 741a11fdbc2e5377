package dev.sockeye.store.invokers;

import java.time.Instant;
import java.util.Map;

/**
 * An invoker as the store last heard of it.
 *
 * @param lastSeen its last beat, by the database's clock
 * @param stale whether that beat is older than the invoker's own stale-after time: it may be gone
 * @param served per function name, what it served at its last beat
 */
public record KnownInvoker(
        String invokerId,
        Instant startedAt,
        Instant lastSeen,
        boolean ready,
        String status,
        boolean stale,
        Map<String, ServedRevision> served) {

    public KnownInvoker {
        served = Map.copyOf(served);
    }
}
