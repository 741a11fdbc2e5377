package dev.sockeye.api.shutdown;

import dev.sockeye.api.observability.EgressEventHub;
import dev.sockeye.api.triggers.EmbeddedInvoker;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * SIGTERM (Kubernetes, {@code kill}): a graceful stop that exits 0, where the JVM's own handling would exit 143.
 * Live event streams end at once (each would otherwise hold Quarkus' graceful shutdown until its timeout), the
 * embedded triggers start draining, and Quarkus stops: new requests get 503 while those in flight finish. Ctrl-C
 * (SIGINT) keeps the JVM's handling.
 */
@ApplicationScoped
public class SigtermShutdown {

    @Inject
    EgressEventHub hub;

    @Inject
    EmbeddedInvoker triggers;

    void install(@Observes StartupEvent started) {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
            hub.close();
            triggers.startDrain();
            Quarkus.asyncExit(0);
        });
    }
}
