package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.egress.EgressBodies;
import dev.sockeye.api.egress.EgressService;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A function's egress policy as text: checked as you type with the API's parser (its messages and warnings, via
 * {@code PUT .../egress?dryRun=true}), saved based on the revision the page showed (a 409 says someone wrote in
 * between and keeps the text), "would this destination be allowed?", and the history of every write as a diff with
 * "restore this revision".
 */
@Path("/console/functions/{name}/policy")
@CookieSession
@Requires(Role.VIEWER)
@Produces(MediaType.TEXT_HTML)
public class PolicyPages {

    @Inject
    EgressService egress;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(hidden = true)
    public Response page(@PathParam("name") String name, @CookieParam(ConsoleSessions.COOKIE) String session) {
        EgressBodies.PolicyView policy = egress.get(name);
        return render(session, name, PolicyEditor.of(policy), null, null, FormError.NONE);
    }

    /** The check as you type: the fragment under the text box. */
    @POST
    @Path("check")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response check(@BeanParam FunctionPages.PageForm form, @RestForm("rules") String rules) {
        sessions.requireCsrf(form.session, form.csrf);
        return Response.ok(Templates.policyCheck(checked(form.name, rules))).build();
    }

    @POST
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response save(
            @BeanParam FunctionPages.PageForm form,
            @RestForm("rules") String rules,
            @RestForm("mode") String mode,
            @RestForm("action") String action) {
        sessions.requireCsrf(form.session, form.csrf);
        PolicyEditor editor = new PolicyEditor(rules == null ? "" : rules, mode, form.revision);
        if ("check".equals(action)) {
            return render(form.session, form.name, editor, checked(form.name, rules), null, FormError.NONE);
        }
        try {
            egress.replace(form.name, new EgressBodies.Replace(lines(rules), mode, form.revision), caller.actor());
            return Response.seeOther(URI.create("/console/functions/" + form.name + "/policy"))
                    .build();
        } catch (RuntimeException refused) {
            return render(form.session, form.name, editor, null, null, FormError.of("policy", refused));
        }
    }

    @POST
    @Path("would-allow")
    @Operation(hidden = true)
    public Response wouldAllow(
            @BeanParam FunctionPages.PageForm form,
            @RestForm("destination") String destination,
            @HeaderParam("HX-Request") String htmx) {
        sessions.requireCsrf(form.session, form.csrf);
        EgressBodies.CheckAnswer answer;
        FormError error = FormError.NONE;
        try {
            answer = egress.check(form.name, new EgressBodies.Check(destination, null, null, null));
        } catch (RuntimeException refused) {
            answer = null;
            error = FormError.of("would-allow", refused);
        }
        if (htmx != null) {
            return Response.ok(Templates.wouldAllow(answer, error)).build();
        }
        PolicyEditor editor = PolicyEditor.of(egress.get(form.name));
        return render(form.session, form.name, editor, null, answer, error);
    }

    @POST
    @Path("restore")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response restore(@BeanParam FunctionPages.PageForm form, @RestForm("restore") long restored) {
        sessions.requireCsrf(form.session, form.csrf);
        try {
            EgressBodies.HistoryEntry entry = egress.history(form.name).stream()
                    .filter(change -> change.revision() == restored)
                    .findFirst()
                    .orElseThrow(() -> new dev.sockeye.store.errors.StoreException.NotFound(
                            "the policy of function '" + form.name + "' has no revision " + restored));
            egress.replace(
                    form.name,
                    new EgressBodies.Replace(entry.rulesAfter(), entry.modeAfter(), form.revision),
                    caller.actor());
            return Response.seeOther(URI.create("/console/functions/" + form.name + "/policy#history"))
                    .build();
        } catch (RuntimeException refused) {
            PolicyEditor editor = PolicyEditor.of(egress.get(form.name));
            return render(form.session, form.name, editor, null, null, FormError.of("history", refused));
        }
    }

    /** The rules as the API would take them, or each parser message; never a write. */
    private PolicyCheck checked(String function, String rules) {
        try {
            EgressBodies.PolicyView would = egress.dryRun(function, new EgressBodies.Replace(lines(rules), null, null));
            return new PolicyCheck(would.rules().size(), would.warnings(), FormError.NONE);
        } catch (RuntimeException refused) {
            return new PolicyCheck(0, List.of(), FormError.of("check", refused));
        }
    }

    private Response render(
            String session,
            String name,
            PolicyEditor editor,
            PolicyCheck check,
            EgressBodies.CheckAnswer answer,
            FormError error) {
        EgressBodies.PolicyView policy = egress.get(name);
        List<PolicyChangeView> history =
                egress.history(name).stream().map(PolicyChangeView::of).toList();
        return Response.status(error.status())
                .entity(Templates.policy(
                        Chrome.of(caller.get(), sessions, session, "functions"),
                        name,
                        policy,
                        editor,
                        check,
                        answer,
                        history,
                        error))
                .build();
    }

    /** One rule per line; blank lines and surrounding spaces do not count. */
    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    /** What the text box holds: the rules as typed, the mode, and the revision they are based on. */
    public record PolicyEditor(String text, String mode, Long revision) {
        static PolicyEditor of(EgressBodies.PolicyView policy) {
            return new PolicyEditor(String.join("\n", policy.rules()), policy.mode(), policy.revision());
        }
    }

    /** The dry check's answer: how many rules would be saved and their warnings, or the parser's refusal. */
    public record PolicyCheck(int ruleCount, List<String> warnings, FormError error) {}
}
