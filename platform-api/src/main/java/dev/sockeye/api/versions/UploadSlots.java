package dev.sockeye.api.versions;

import dev.sockeye.api.config.SockeyeConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;

/**
 * The {@code sockeye.versions.max-concurrent-uploads} slots uploads hold while they are received and validated
 * ({@link UploadSlotFilter} takes and gives them), shown as the {@code sockeye_uploads_in_progress} gauge.
 */
@ApplicationScoped
public class UploadSlots {

    @Inject
    SockeyeConfig config;

    @Inject
    MeterRegistry meters;

    private Semaphore slots;
    private int limit;

    @PostConstruct
    void init() {
        limit = config.versions().maxConcurrentUploads();
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "sockeye.versions.max-concurrent-uploads must be at least 1, was " + limit);
        }
        slots = new Semaphore(limit);
        Gauge.builder("sockeye.uploads.in.progress", this, UploadSlots::inUse)
                .description("module uploads being received or validated now")
                .register(meters);
    }

    /** Created at start, so a bad limit stops the start and the gauge exists before the first upload. */
    void start(@Observes StartupEvent started) {
        inUse();
    }

    /** A slot if one is free now; never waits. */
    boolean tryTake() {
        return slots.tryAcquire();
    }

    void give() {
        slots.release();
    }

    int limit() {
        return limit;
    }

    /** Uploads holding a slot now. */
    public int inUse() {
        return limit - slots.availablePermits();
    }
}
