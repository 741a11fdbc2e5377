package dev.sockeye.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * Token checks for plain Vert.x routes (metrics, private triggers), which REST filters do not see: the query runs
 * off the event loop while the request stays paused, and a refusal is the same problem+json as the API's.
 */
@ApplicationScoped
public class RouteTokenCheck {

    @Inject
    TokenAuthenticator authenticator;

    @Inject
    ObjectMapper json;

    /** Calls {@code authenticated} on the event loop with the caller, or answers 401; the request stays paused. */
    public void require(RoutingContext context, Consumer<Caller> authenticated) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        context.request().pause();
        context.vertx()
                .executeBlocking(() -> authenticator.authenticate(authorization), false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        authenticated.accept(result.result());
                    } else if (result.cause() instanceof ApiException refused) {
                        reject(context, refused);
                    } else {
                        context.fail(result.cause());
                    }
                });
    }

    private void reject(RoutingContext context, ApiException refused) {
        Problem problem = new Problem(
                refused.type(),
                refused.title(),
                refused.status(),
                refused.getMessage(),
                context.normalizedPath(),
                refused.field(),
                refused.errors());
        try {
            context.response()
                    .setStatusCode(refused.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
