package dev.sockeye.api.store;

import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.errors.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while Postgres answers: without it the API can neither read nor write. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Inject
    PolicyStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            store.checkReachable(VALIDATION_TIMEOUT_SECONDS);
            return HealthCheckResponse.up("policy-store");
        } catch (StoreException.Unavailable e) {
            return HealthCheckResponse.named("policy-store")
                    .down()
                    .withData("error", e.getMessage())
                    .build();
        }
    }
}
