package dev.sockeye.api.console;

import dev.sockeye.api.egress.EgressBodies;
import dev.sockeye.api.functions.FunctionView;
import dev.sockeye.api.observability.AuditViews;
import dev.sockeye.api.secrets.SecretService;
import dev.sockeye.api.tokens.TokenResource;
import dev.sockeye.api.versions.VersionView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's pages (src/main/resources/templates/console); Qute checks every expression at build time. */
@CheckedTemplate(basePath = "console", requireTypeSafeExpressions = true)
final class Templates {

    private Templates() {}

    static native TemplateInstance signIn(String signInCsrf, String error);

    static native TemplateInstance functions(
            Chrome chrome, List<FunctionRow> functions, String filter, CreateForm create, FormError error);

    static native TemplateInstance function(
            Chrome chrome,
            FunctionView function,
            List<VersionView> versions,
            boolean canRollBack,
            VersionView uploaded,
            EgressBodies.PolicyView policy,
            String ruleText,
            List<AuditViews.Invocation> invocations,
            LastHour lastHour,
            String triggerBase,
            List<FunctionPage.EnvVar> env,
            List<SecretService.SecretView> secrets,
            FormError error);

    /** The answer the "try it" box shows. */
    static native TemplateInstance tryResult(TryPages.TryResult result, FormError error);

    static native TemplateInstance confirmDelete(Chrome chrome, FunctionView function, int versionCount);

    static native TemplateInstance invocations(
            Chrome chrome, List<String> functionNames, String function, List<AuditViews.Invocation> invocations);

    /** The last hour's charts (drawn by overview.js) and totals, of all functions or one. */
    static native TemplateInstance overview(
            Chrome chrome, List<String> functionNames, String function, OverviewPages.Totals totals);

    /** One invocation's egress decisions, in order. */
    static native TemplateInstance timeline(
            Chrome chrome, AuditViews.Invocation invocation, List<AuditViews.EgressStep> steps);

    static native TemplateInstance denials(
            Chrome chrome, List<String> functionNames, DenialFilter filter, List<DenialRow> earlier);

    static native TemplateInstance denialRow(Chrome chrome, DenialRow row);

    /** What "allow" did: the rule it added (or found), or the refusal. */
    static native TemplateInstance allowed(String function, EgressBodies.Allowed allowed, FormError error);

    static native TemplateInstance tokens(
            Chrome chrome,
            List<TokenResource.TokenView> tokens,
            TokenResource.Issued issued,
            TokenForm create,
            FormError error);

    /** What the new-token form was filled in with. */
    record TokenForm(String name, String role) {}

    static native TemplateInstance policy(
            Chrome chrome,
            String function,
            EgressBodies.PolicyView policy,
            PolicyPages.PolicyEditor editor,
            PolicyPages.PolicyCheck check,
            EgressBodies.CheckAnswer answer,
            List<PolicyChangeView> history,
            FormError error);

    static native TemplateInstance policyCheck(PolicyPages.PolicyCheck check);

    static native TemplateInstance wouldAllow(EgressBodies.CheckAnswer answer, FormError error);

    /** A row of the functions table: the function and its last hour. */
    record FunctionRow(FunctionView function, LastHour lastHour) {}

    /** A function's last hour as the console shows it: counts, and latencies as text ("12 ms", "–" if it did not run). */
    record LastHour(long invocations, long denials, String p50, String p99) {

        static LastHour of(AuditViews.Usage usage) {
            return new LastHour(
                    usage.invocations(),
                    usage.egressDenied(),
                    millis(usage.latencyP50Ms()),
                    millis(usage.latencyP99Ms()));
        }

        /** Below 10 ms with one decimal ("2.5 ms"), then whole milliseconds; "–" for none. */
        static String millis(Double ms) {
            if (ms == null) {
                return "–";
            }
            return ms < 10 ? String.format(java.util.Locale.ROOT, "%.1f ms", ms) : Math.round(ms) + " ms";
        }
    }

    /** What the create form was filled in with, to show it again next to an error. */
    record CreateForm(String name, String description, String routes, String visibility) {
        static final CreateForm EMPTY = new CreateForm("", "", "", "private");
    }
}
