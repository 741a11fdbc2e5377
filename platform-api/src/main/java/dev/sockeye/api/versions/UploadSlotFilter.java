package dev.sockeye.api.versions;

import dev.sockeye.api.problems.ApiException;
import io.quarkus.logging.Log;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@link UploadSlot} method runs holding one of the {@link UploadSlots}, each upload holding its whole module
 * (up to the module limit) in memory while it is received and validated. The slot is taken after authentication and
 * before the body is read, and given back when the response has ended or the connection closed; an upload finding
 * no free slot is refused at once with a 503 problem naming the limit, so a crowd of uploads (or slow ones) can
 * neither fill the heap nor queue without bound.
 */
public class UploadSlotFilter {

    /** Uploads are quick when the platform is not crowded; a client may try again this soon. */
    private static final int RETRY_AFTER_SECONDS = 2;

    @Inject
    UploadSlots slots;

    // After TokenFilter (Priorities.USER): a caller without a valid token never holds a slot.
    @ServerRequestFilter(priority = Priorities.USER + 10)
    public void take(ResourceInfo resource, RoutingContext routing) {
        if (resource.getResourceMethod() == null
                || !resource.getResourceMethod().isAnnotationPresent(UploadSlot.class)) {
            return;
        }
        if (!slots.tryTake()) {
            Log.warnf("event=upload_refused reason=busy limit=%d path=%s", slots.limit(), routing.normalizedPath());
            throw ApiException.busy(
                    "Too many uploads",
                    slots.limit() + " uploads are in progress, the most this platform takes at once"
                            + " (sockeye.versions.max-concurrent-uploads); try again shortly",
                    RETRY_AFTER_SECONDS);
        }
        AtomicBoolean held = new AtomicBoolean(true);
        routing.addEndHandler(ended -> {
            if (held.getAndSet(false)) {
                slots.give();
            }
        });
    }
}
