package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.SignInRequired;
import io.quarkus.logging.Log;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * How the console answers beyond its pages: a request without a live session goes to the sign-in page (htmx
 * requests by {@code HX-Redirect}), and every console response forbids framing, inline scripts and caching.
 */
public class ConsoleResponses {

    /** Our stylesheet, our script and htmx from the same origin; nothing inline, no frames, forms only to us. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    @ServerExceptionMapper
    public Response signIn(SignInRequired e, ContainerRequestContext request, UriInfo uri) {
        Log.infof("event=console_sign_in_required path=%s reason=\"%s\"", uri.getPath(), e.getMessage());
        Response.ResponseBuilder answer = request.getHeaderString("HX-Request") != null
                ? Response.noContent().header("HX-Redirect", ConsoleAccess.SIGN_IN_PATH)
                : Response.seeOther(URI.create(ConsoleAccess.SIGN_IN_PATH));
        return answer.cookie(ConsoleAccess.cookie(uri, ConsoleSessions.COOKIE, "", "/console", 0))
                .build();
    }

    @ServerResponseFilter
    public void securityHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/") || path.equals("/console") || path.startsWith("/console/")) {
            response.getHeaders().putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.getHeaders().putSingle("X-Frame-Options", "DENY");
            response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
            response.getHeaders().putSingle("Referrer-Policy", "same-origin");
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
