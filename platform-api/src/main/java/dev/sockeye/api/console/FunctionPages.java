package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.egress.EgressBodies;
import dev.sockeye.api.egress.EgressService;
import dev.sockeye.api.functions.FunctionRequests;
import dev.sockeye.api.functions.FunctionService;
import dev.sockeye.api.functions.FunctionView;
import dev.sockeye.api.observability.AuditService;
import dev.sockeye.api.versions.Upload;
import dev.sockeye.api.versions.UploadSlot;
import dev.sockeye.api.versions.VersionService;
import dev.sockeye.api.versions.VersionView;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The functions list and a function's page, with the forms that change them. Every action calls the service the REST
 * API calls; a refusal is shown next to its form with the API's own message and the API's status code.
 */
@Path("/console/functions")
@CookieSession
@Requires(Role.VIEWER)
@Produces(MediaType.TEXT_HTML)
public class FunctionPages {

    private static final Duration RECENT = Duration.ofHours(1);

    @Inject
    FunctionService functions;

    @Inject
    VersionService versions;

    @Inject
    EgressService egress;

    @Inject
    AuditService audit;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @Inject
    FunctionPage page;

    @GET
    @Operation(hidden = true)
    public Response list(@QueryParam("name") String filter, @CookieParam(ConsoleSessions.COOKIE) String session) {
        return listPage(session, filter, Templates.CreateForm.EMPTY, FormError.NONE);
    }

    @POST
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response create(
            @RestForm("csrf") String csrf,
            @RestForm("name") String name,
            @RestForm("description") String description,
            @RestForm("routes") String routes,
            @RestForm("visibility") String visibility,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        sessions.requireCsrf(session, csrf);
        Templates.CreateForm form = new Templates.CreateForm(name, description, routes, visibility);
        try {
            FunctionView created = functions.create(
                    new FunctionRequests.Create(
                            blankToNull(name), blankToNull(description), lines(routes), null, visibility),
                    caller.actor());
            return seeOther("/console/functions/" + created.name());
        } catch (RuntimeException refused) {
            return listPage(session, null, form, FormError.of("create", refused));
        }
    }

    @GET
    @Path("{name}")
    @Operation(hidden = true)
    public Response function(
            @PathParam("name") String name,
            @QueryParam("uploaded") Integer uploaded,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        VersionView version = uploaded == null ? null : versions.get(name, uploaded);
        return functionPage(session, name, version, "", FormError.NONE);
    }

    @POST
    @Path("{name}/versions")
    @Requires(Role.DEVELOPER)
    @UploadSlot
    @Operation(hidden = true)
    public Response upload(
            @PathParam("name") String name,
            @RestForm("csrf") String csrf,
            @RestForm("module") FileUpload module,
            @RestForm("activate") String activate,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        sessions.requireCsrf(session, csrf);
        if (module == null || module.fileName() == null || module.fileName().isEmpty()) {
            return functionPage(
                    session, name, null, "", new FormError("upload", 400, "choose a .wasm file to upload", List.of()));
        }
        try {
            VersionView created = versions.upload(
                    name,
                    new Upload(Upload.bytes(module), Optional.empty(), List.of(), Map.of(), activate != null),
                    caller.actor());
            return seeOther("/console/functions/" + name + "?uploaded=" + created.number() + "#versions");
        } catch (RuntimeException refused) {
            return functionPage(session, name, null, "", FormError.of("upload", refused));
        }
    }

    @POST
    @Path("{name}/versions/{number}/activate")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response activate(@BeanParam PageForm form, @PathParam("number") int number) {
        return change(form, "versions", "", () -> versions.activate(form.name, number), "#versions");
    }

    @POST
    @Path("{name}/rollback")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response rollBack(@BeanParam PageForm form) {
        return change(form, "versions", "", () -> versions.rollBack(form.name), "#versions");
    }

    @POST
    @Path("{name}/egress/mode")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response setMode(@BeanParam PageForm form, @RestForm("mode") String mode) {
        return change(
                form,
                "mode",
                "",
                () -> egress.setMode(form.name, new EgressBodies.Mode(mode, form.revision), caller.actor()),
                "#egress");
    }

    @POST
    @Path("{name}/egress/rules")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response addRule(@BeanParam PageForm form, @RestForm("rule") String rule) {
        return change(
                form,
                "rule",
                rule,
                () -> egress.addRule(
                        form.name, new EgressBodies.AddRule(blankToNull(rule), form.revision), caller.actor()),
                "#egress");
    }

    @POST
    @Path("{name}/egress/rules/remove")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response removeRule(@BeanParam PageForm form, @RestForm("rule") String rule) {
        return change(
                form, "rules", "", () -> egress.removeRule(form.name, rule, form.revision, caller.actor()), "#egress");
    }

    @GET
    @Path("{name}/delete")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response confirmDelete(@PathParam("name") String name, @CookieParam(ConsoleSessions.COOKIE) String session) {
        return Response.ok(Templates.confirmDelete(
                        chrome(session),
                        functions.get(name),
                        versions.list(name).size()))
                .build();
    }

    @POST
    @Path("{name}/delete")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response delete(@BeanParam PageForm form) {
        sessions.requireCsrf(form.session, form.csrf);
        functions.delete(form.name);
        return seeOther("/console/functions");
    }

    /**
     * Runs a change sent from a function's page (after the CSRF check): back to the page when done, or the page with
     * the refusal at {@code formName}.
     */
    private Response change(PageForm form, String formName, String ruleText, Runnable change, String anchor) {
        sessions.requireCsrf(form.session, form.csrf);
        try {
            change.run();
            return seeOther("/console/functions/" + form.name + anchor);
        } catch (RuntimeException refused) {
            return functionPage(form.session, form.name, null, ruleText, FormError.of(formName, refused));
        }
    }

    private Response listPage(String session, String filter, Templates.CreateForm form, FormError error) {
        String needle = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        String since = Instant.now().minus(RECENT).toString();
        List<Templates.FunctionRow> rows = functions.list().stream()
                .filter(function -> function.name().contains(needle))
                .map(function ->
                        new Templates.FunctionRow(function, Templates.LastHour.of(audit.usage(function.name(), since))))
                .toList();
        return Response.status(error.status())
                .entity(Templates.functions(chrome(session), rows, filter == null ? "" : filter, form, error))
                .build();
    }

    private Response functionPage(String session, String name, VersionView uploaded, String ruleText, FormError error) {
        return page.render(session, name, uri, uploaded, ruleText, error);
    }

    private Chrome chrome(String session) {
        return Chrome.of(caller.get(), sessions, session, "functions");
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Routes typed one per line or separated by spaces or commas. */
    private static List<String> lines(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[\\s,]+"))
                .filter(part -> !part.isEmpty())
                .toList();
    }

    /** What every form of a function's page sends: the function, the session, its CSRF token, the policy revision. */
    public static class PageForm {
        @PathParam("name")
        String name;

        @RestForm("csrf")
        String csrf;

        @RestForm("revision")
        Long revision;

        @CookieParam(ConsoleSessions.COOKIE)
        String session;
    }
}
