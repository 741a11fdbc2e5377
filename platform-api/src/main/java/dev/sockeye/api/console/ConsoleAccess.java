package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSession;
import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.NoSession;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.tokens.Role;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Signing in and out of the console, and {@code /} leading to it. The sign-in form carries its own CSRF token
 * (double-submit: the same random value in a cookie and the form), since there is no session yet to hold one.
 */
@Path("/console")
@CookieSession
@Requires(Role.VIEWER)
@Produces(MediaType.TEXT_HTML)
public class ConsoleAccess {

    static final String SIGN_IN_COOKIE = "sockeye_sign_in";
    static final String HOME = "/console/functions";
    static final String SIGN_IN_PATH = "/console/sign-in";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ConsoleSessions sessions;

    /** {@code /} and {@code /console} lead to the functions list (a plain route: no REST resource owns "/"). */
    void entrance(@Observes Router router) {
        router.get("/").handler(context -> context.redirect("/console/functions"));
    }

    @GET
    @NoSession
    @Operation(hidden = true)
    public Response console() {
        return Response.seeOther(URI.create(HOME)).build();
    }

    @GET
    @Path("sign-in")
    @NoSession
    @Operation(hidden = true)
    public Response signInPage(@Context UriInfo uri) {
        return signInForm(uri, null, 200);
    }

    @POST
    @Path("sign-in")
    @NoSession
    @Operation(hidden = true)
    public Response signIn(
            @RestForm("token") String token,
            @RestForm("csrf") String csrf,
            @CookieParam(SIGN_IN_COOKIE) String expectedCsrf,
            @Context UriInfo uri) {
        if (csrf == null
                || expectedCsrf == null
                || !MessageDigest.isEqual(
                        csrf.getBytes(StandardCharsets.UTF_8), expectedCsrf.getBytes(StandardCharsets.UTF_8))) {
            return signInForm(uri, "the form expired; sign in again", 403);
        }
        ConsoleSession session;
        try {
            session = sessions.signIn(token);
        } catch (ApiException refused) {
            return signInForm(uri, refused.getMessage(), refused.status());
        }
        return Response.seeOther(URI.create(HOME))
                .cookie(cookie(uri, ConsoleSessions.COOKIE, session.id(), "/console", -1))
                .cookie(cookie(uri, SIGN_IN_COOKIE, "", SIGN_IN_PATH, 0))
                .build();
    }

    @POST
    @Path("sign-out")
    @Operation(hidden = true)
    public Response signOut(
            @RestForm("csrf") String csrf, @CookieParam(ConsoleSessions.COOKIE) String session, @Context UriInfo uri) {
        sessions.requireCsrf(session, csrf);
        sessions.signOut(session);
        return Response.seeOther(URI.create(SIGN_IN_PATH))
                .cookie(cookie(uri, ConsoleSessions.COOKIE, "", "/console", 0))
                .build();
    }

    private Response signInForm(UriInfo uri, String error, int status) {
        String csrf = random();
        TemplateInstance page = Templates.signIn(csrf, error);
        return Response.status(status)
                .entity(page)
                .cookie(cookie(uri, SIGN_IN_COOKIE, csrf, SIGN_IN_PATH, -1))
                .build();
    }

    /** HttpOnly, SameSite=Strict, and Secure whenever the console is served over https. */
    static NewCookie cookie(UriInfo uri, String name, String value, String path, int maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(path)
                .maxAge(maxAge)
                .httpOnly(true)
                .secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme()))
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
