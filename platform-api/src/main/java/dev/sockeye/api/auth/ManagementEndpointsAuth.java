package dev.sockeye.api.auth;

import dev.sockeye.api.config.SockeyeConfig;
import io.quarkus.runtime.LaunchMode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Everything under {@code /q} except {@code /q/health} needs a token of any role: metrics are data, and the API
 * description only goes to those who may use the API, unless {@code sockeye.auth.public-api-docs} opens
 * {@code /q/openapi} and Swagger UI (which cannot send a token when it loads the document). Dev mode's own pages
 * ({@code /q/dev-ui}) stay open in dev mode.
 */
@ApplicationScoped
public class ManagementEndpointsAuth {

    @Inject
    RouteTokenCheck tokenCheck;

    @Inject
    SockeyeConfig config;

    void install(@Observes Router router) {
        router.route("/q/*").order(Integer.MIN_VALUE).handler(this::requireToken);
    }

    private void requireToken(RoutingContext context) {
        String path = context.normalizedPath();
        boolean open = path.equals("/q/health")
                || path.startsWith("/q/health/")
                || (config.auth().publicApiDocs()
                        && (path.startsWith("/q/openapi") || path.startsWith("/q/swagger-ui")))
                || (LaunchMode.current() == LaunchMode.DEVELOPMENT && path.startsWith("/q/dev"));
        if (open) {
            context.next();
            return;
        }
        tokenCheck.require(context, caller -> {
            context.request().resume();
            context.next();
        });
    }
}
