package dev.sockeye.api.auth;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Metrics are data: {@code /q/metrics} needs a token of any role, like every read of the API. {@code /q/health}
 * stays open for probes; the API description ({@code /q/openapi}, Swagger UI) holds no data and stays open so
 * Swagger UI can load it.
 */
@ApplicationScoped
public class ManagementEndpointsAuth {

    @Inject
    RouteTokenCheck tokenCheck;

    void install(@Observes Router router) {
        router.route("/q/metrics*").order(Integer.MIN_VALUE).handler(this::requireToken);
    }

    private void requireToken(RoutingContext context) {
        tokenCheck.require(context, caller -> {
            context.request().resume();
            context.next();
        });
    }
}
