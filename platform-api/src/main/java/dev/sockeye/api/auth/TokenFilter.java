package dev.sockeye.api.auth;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.ProblemTypes;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST call needs a token whose role the resource method allows ({@link Requires}; admin by default). Runs
 * after matching, on the worker thread of the (blocking) resource method, so the token query blocks no event loop.
 * Console resources ({@link CookieSession}) take the token from the session cookie instead of the header.
 */
public class TokenFilter {

    @Inject
    TokenAuthenticator authenticator;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    ConsoleSessions sessions;

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        Caller caller;
        if (resource.getResourceClass() != null
                && resource.getResourceClass().isAnnotationPresent(CookieSession.class)) {
            if (resource.getResourceMethod() != null
                    && resource.getResourceMethod().isAnnotationPresent(NoSession.class)) {
                return;
            }
            Cookie cookie = request.getCookies().get(ConsoleSessions.COOKIE);
            caller = sessions.authenticate(cookie == null ? null : cookie.getValue());
        } else {
            caller = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
        Role required = requiredRole(resource);
        if (!caller.mayAct(required)) {
            throw new ApiException(
                    403,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "token '" + caller.tokenName()
                            + "' has role " + caller.role().name().toLowerCase(Locale.ROOT) + "; this needs "
                            + required.name().toLowerCase(Locale.ROOT),
                    null,
                    List.of());
        }
        currentCaller.set(caller);
    }

    private static Role requiredRole(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method != null && method.isAnnotationPresent(Requires.class)) {
            return method.getAnnotation(Requires.class).value();
        }
        Class<?> type = resource.getResourceClass();
        if (type != null && type.isAnnotationPresent(Requires.class)) {
            return type.getAnnotation(Requires.class).value();
        }
        return Role.ADMIN;
    }
}
