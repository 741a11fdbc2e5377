package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.functions.FunctionRequests;
import dev.sockeye.api.functions.FunctionService;
import dev.sockeye.api.functions.LimitsBody;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.secrets.SecretService;
import dev.sockeye.api.versions.VersionService;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A function's limits, environment and secrets, edited on its page through the services of {@code PATCH
 * /api/v1/functions/{name}}, {@code PUT/DELETE .../env/{VAR}} and {@code PUT/DELETE .../secrets/{NAME}}. A secret's
 * value goes in and never comes back: the page lists names and when they were set.
 */
@Path("/console/functions/{name}/settings")
@CookieSession
@Requires(Role.DEVELOPER)
@Produces(MediaType.TEXT_HTML)
public class SettingsPages {

    @Inject
    FunctionService functions;

    @Inject
    VersionService versions;

    @Inject
    SecretService secrets;

    @Inject
    CurrentCaller caller;

    @Inject
    ConsoleSessions sessions;

    @Inject
    FunctionPage page;

    @Context
    UriInfo uri;

    @POST
    @Path("limits")
    @Operation(hidden = true)
    public Response limits(
            @BeanParam FunctionPages.PageForm form,
            @RestForm("timeoutMs") String timeoutMs,
            @RestForm("memoryPages") String memoryPages,
            @RestForm("maxConcurrency") String maxConcurrency,
            @RestForm("maxSockets") String maxSockets,
            @RestForm("maxRequestBytes") String maxRequestBytes,
            @RestForm("maxResponseBytes") String maxResponseBytes,
            @RestForm("maxEgressBytes") String maxEgressBytes) {
        return change(form, "limits", () -> {
            LimitsBody limits = new LimitsBody(
                    number("timeoutMs", timeoutMs),
                    integer("memoryPages", memoryPages),
                    integer("maxConcurrency", maxConcurrency),
                    integer("maxSockets", maxSockets),
                    number("maxRequestBytes", maxRequestBytes),
                    number("maxResponseBytes", maxResponseBytes),
                    number("maxEgressBytes", maxEgressBytes));
            functions.update(form.name, new FunctionRequests.Update(null, null, limits, null));
        });
    }

    @POST
    @Path("env")
    @Operation(hidden = true)
    public Response setEnv(
            @BeanParam FunctionPages.PageForm form,
            @RestForm("variable") String variable,
            @RestForm("value") String value) {
        return change(
                form,
                "env",
                () -> versions.changeEnvironment(
                        form.name,
                        variable == null ? null : variable.strip(),
                        value == null ? "" : value,
                        caller.actor()));
    }

    @POST
    @Path("env/remove")
    @Operation(hidden = true)
    public Response unsetEnv(@BeanParam FunctionPages.PageForm form, @RestForm("variable") String variable) {
        return change(form, "env", () -> versions.changeEnvironment(form.name, variable, null, caller.actor()));
    }

    @POST
    @Path("secrets")
    @Requires(Role.ADMIN)
    @Operation(hidden = true)
    public Response setSecret(
            @BeanParam FunctionPages.PageForm form,
            @RestForm("secret") String secret,
            @RestForm("value") String value) {
        return change(
                form,
                "secrets",
                () -> secrets.set(form.name, secret == null ? null : secret.strip(), value, caller.actor()));
    }

    @POST
    @Path("secrets/remove")
    @Requires(Role.ADMIN)
    @Operation(hidden = true)
    public Response unsetSecret(@BeanParam FunctionPages.PageForm form, @RestForm("secret") String secret) {
        return change(form, "secrets", () -> secrets.unset(form.name, secret));
    }

    private Response change(FunctionPages.PageForm form, String formName, Runnable change) {
        sessions.requireCsrf(form.session, form.csrf);
        try {
            change.run();
            return Response.seeOther(URI.create("/console/functions/" + form.name + "#settings"))
                    .build();
        } catch (RuntimeException refused) {
            return page.render(form.session, form.name, uri, null, "", FormError.of(formName, refused));
        }
    }

    private static Long number(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limits." + field, field + " must be a whole number, was '" + text + "'");
        }
    }

    private static Integer integer(String field, String text) {
        Long value = number(field, text);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw ApiException.badRequest("limits." + field, field + " is out of range, was '" + text + "'");
        }
        return value == null ? null : value.intValue();
    }
}
