package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.egress.EgressService;
import dev.sockeye.api.functions.FunctionService;
import dev.sockeye.api.functions.FunctionView;
import dev.sockeye.api.observability.AuditService;
import dev.sockeye.api.observability.AuditViews;
import dev.sockeye.api.secrets.SecretService;
import dev.sockeye.api.versions.VersionService;
import dev.sockeye.api.versions.VersionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Renders a function's page, for its own resource and for every form on it that shows a refusal (the page again,
 * with the API's message next to the form that sent it).
 */
@ApplicationScoped
class FunctionPage {

    private static final int RECENT_INVOCATIONS = 10;
    private static final Duration LAST_HOUR = Duration.ofHours(1);

    @Inject
    FunctionService functions;

    @Inject
    VersionService versions;

    @Inject
    EgressService egress;

    @Inject
    AuditService audit;

    @Inject
    SecretService secrets;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    /** One environment variable of the active version. */
    record EnvVar(String name, String value) {}

    Response render(String session, String name, UriInfo uri, VersionView uploaded, String ruleText, FormError error) {
        FunctionView function = functions.get(name);
        List<AuditViews.Invocation> recent =
                audit.invocations(name, null, 0, RECENT_INVOCATIONS).items();
        List<EnvVar> env = function.activeVersion() == null
                ? List.of()
                : versions.environment(name).entrySet().stream()
                        .sorted(java.util.Map.Entry.comparingByKey())
                        .map(entry -> new EnvVar(entry.getKey(), entry.getValue()))
                        .toList();
        List<VersionView> allVersions = versions.list(name);
        // Roll back activates the highest version below the active one: offered only when there is one.
        boolean canRollBack = function.activeVersion() != null
                && allVersions.stream().anyMatch(version -> version.number() < function.activeVersion());
        Templates.LastHour lastHour = Templates.LastHour.of(
                audit.usage(name, Instant.now().minus(LAST_HOUR).toString()));
        return Response.status(error.status())
                .entity(Templates.function(
                        Chrome.of(caller.get(), sessions, session, "functions"),
                        function,
                        allVersions,
                        canRollBack,
                        uploaded,
                        egress.get(name),
                        ruleText == null ? "" : ruleText,
                        recent,
                        lastHour,
                        triggerBase(uri),
                        env,
                        secrets.list(name),
                        error))
                .build();
    }

    /** Where this server's triggers are, as the browser reached it ({@code http://localhost:8080}). */
    private static String triggerBase(UriInfo uri) {
        URI base = uri.getBaseUri();
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
