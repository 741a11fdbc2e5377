package dev.sockeye.store.invokers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an invoker reports on each beat.
 *
 * @param invokerId the invoker's id (hostname and pid, or configured); 1-200 printable characters, no spaces
 * @param startedAt when the process started
 * @param ready whether it takes requests (false while starting or draining)
 * @param status one word for operators: UP, DEGRADED (Postgres unreachable, serving what it knows), DRAINING
 * @param staleAfter not heard from for this long, it is reported stale
 * @param served per function name, the version and policy revision its registry holds
 */
public record Heartbeat(
        String invokerId,
        Instant startedAt,
        boolean ready,
        String status,
        Duration staleAfter,
        Map<String, ServedRevision> served) {

    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

    public Heartbeat {
        requireValidId(invokerId);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
        }
        served = Map.copyOf(served);
    }

    /**
     * Returns {@code invokerId} if it can be an invoker's id.
     *
     * @throws IllegalArgumentException naming the id otherwise
     */
    public static String requireValidId(String invokerId) {
        Objects.requireNonNull(invokerId, "invokerId");
        if (!ID.matcher(invokerId).matches()) {
            throw new IllegalArgumentException(
                    "invoker id must be 1-200 printable ASCII characters without spaces, was '" + invokerId + "'");
        }
        return invokerId;
    }
}
