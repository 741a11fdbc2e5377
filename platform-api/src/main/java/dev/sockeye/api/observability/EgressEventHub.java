package dev.sockeye.api.observability;

import dev.sockeye.api.problems.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/**
 * Fans egress decisions out to live-stream subscribers. Publishing never blocks; a subscriber that cannot keep up
 * loses events (the audit log keeps every denial).
 */
@ApplicationScoped
public class EgressEventHub {

    /** Denied and would_deny together: what the console's live feed shows by default. */
    public static final String DENIALS = "denials";

    private static final List<String> DECISIONS = List.of("allowed", "denied", "would_deny", DENIALS);

    private final BroadcastProcessor<LiveEgressEvent> processor = BroadcastProcessor.create();

    public void publish(LiveEgressEvent event) {
        processor.onNext(event);
    }

    /**
     * Ends every live stream (at shutdown): their responses end, so Quarkus' graceful shutdown does not wait its
     * whole timeout for streams that never end on their own.
     */
    public void close() {
        processor.onComplete();
    }

    public Multi<LiveEgressEvent> events() {
        return processor.onOverflow().drop();
    }

    /**
     * The events of {@code function} (null: every function) with {@code decision} ({@code allowed}, {@code denied},
     * {@code would_deny}; null: all; {@code denials}: denied and would_deny), for the API's stream and the console's.
     */
    public Multi<LiveEgressEvent> events(String function, String decision) {
        String wanted =
                decision == null || decision.isBlank() ? null : decision.strip().toLowerCase(Locale.ROOT);
        if (wanted != null && !DECISIONS.contains(wanted)) {
            throw ApiException.badRequest(
                    "decision", "decision must be one of " + String.join(", ", DECISIONS) + ", was '" + decision + "'");
        }
        return events().select()
                .where(event -> (function == null || function.equals(event.function()))
                        && (wanted == null
                                || wanted.equals(event.decision())
                                || (wanted.equals(DENIALS) && !event.decision().equals("allowed"))));
    }
}
