package dev.sockeye.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.Problem;
import io.vertx.core.http.HttpHeaders;
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
    TokenAuthenticator authenticator;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route("/q/metrics*").order(Integer.MIN_VALUE).handler(this::requireToken);
    }

    private void requireToken(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        context.request().pause();
        context.vertx().executeBlocking(() -> authenticator.authenticate(authorization), false)
                .onComplete(result -> {
                    context.request().resume();
                    if (result.succeeded()) {
                        context.next();
                    } else if (result.cause() instanceof ApiException refused) {
                        reject(context, refused);
                    } else {
                        context.fail(result.cause());
                    }
                });
    }

    private void reject(RoutingContext context, ApiException refused) {
        Problem problem = new Problem(refused.type(), refused.title(), refused.status(), refused.getMessage(),
                context.normalizedPath(), refused.field(), refused.errors());
        try {
            context.response().setStatusCode(refused.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            context.fail(e);
        }
    }
}
