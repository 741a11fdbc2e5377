package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.tokens.TokenResource;
import dev.sockeye.api.tokens.TokenService;
import dev.sockeye.store.tokens.IssuedToken;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/**
 * API tokens (admins only), through {@link TokenService} as {@code /api/v1/tokens}: a new token is shown once, in the
 * answer to the form that created it (never in a URL; console pages are not cached), then only its name.
 */
@Path("/console/tokens")
@CookieSession
@Requires(Role.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class TokenPages {

    @Inject
    TokenService tokens;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(hidden = true)
    public Response list(@CookieParam(ConsoleSessions.COOKIE) String session) {
        return page(session, null, new Templates.TokenForm("", "viewer"), FormError.NONE)
                .build();
    }

    @POST
    @Operation(hidden = true)
    public Response create(
            @RestForm("csrf") String csrf,
            @RestForm("name") String name,
            @RestForm("role") String role,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        sessions.requireCsrf(session, csrf);
        try {
            IssuedToken issued = tokens.issue(name == null ? null : name.strip(), role, caller.actor());
            TokenResource.Issued shown = new TokenResource.Issued(
                    issued.token().name(), TokenService.roleName(issued.token().role()), issued.plainText());
            return page(session, shown, new Templates.TokenForm("", "viewer"), FormError.NONE)
                    .status(201)
                    .build();
        } catch (RuntimeException refused) {
            FormError error = FormError.of("token", refused);
            return page(session, null, new Templates.TokenForm(name, role), error)
                    .status(error.status())
                    .build();
        }
    }

    @POST
    @Path("{tokenName}/revoke")
    @Operation(hidden = true)
    public Response revoke(
            @PathParam("tokenName") String name,
            @RestForm("csrf") String csrf,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        sessions.requireCsrf(session, csrf);
        try {
            tokens.revoke(name);
            return Response.seeOther(URI.create("/console/tokens")).build();
        } catch (RuntimeException refused) {
            FormError error = FormError.of("tokens", refused);
            return page(session, null, new Templates.TokenForm("", "viewer"), error)
                    .status(error.status())
                    .build();
        }
    }

    private Response.ResponseBuilder page(
            String session, TokenResource.Issued issued, Templates.TokenForm form, FormError error) {
        List<TokenResource.TokenView> all =
                tokens.list().stream().map(TokenResource.TokenView::of).toList();
        return Response.ok(
                Templates.tokens(Chrome.of(caller.get(), sessions, session, "tokens"), all, issued, form, error));
    }
}
