package dev.sockeye.api.observability;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fans egress decisions out to live-stream subscribers. Publishing never blocks; a subscriber that cannot keep up
 * loses events (the audit log keeps every denial).
 */
@ApplicationScoped
public class EgressEventHub {

    private final BroadcastProcessor<LiveEgressEvent> processor = BroadcastProcessor.create();

    public void publish(LiveEgressEvent event) {
        processor.onNext(event);
    }

    public Multi<LiveEgressEvent> events() {
        return processor.onOverflow().drop();
    }
}
