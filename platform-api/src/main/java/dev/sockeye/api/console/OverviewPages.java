package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.functions.FunctionService;
import dev.sockeye.api.functions.FunctionView;
import dev.sockeye.api.observability.AuditService;
import dev.sockeye.api.observability.AuditViews;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The overview: the last hour by minute (invocations, errors, denials, p50/p99 latency) of all functions or one, as
 * uPlot charts drawn by {@code overview.js} from {@link AuditService#activity}, the same read as
 * {@code GET /api/v1/activity}; the hour's totals are in the page itself, for reading without the charts.
 */
@Path("/console/overview")
@CookieSession
@Requires(Role.VIEWER)
public class OverviewPages {

    @Inject
    FunctionService functions;

    @Inject
    AuditService audit;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    /** The hour's totals, for the page's summary (the charts draw the buckets). */
    record Totals(long invocations, long errors, long denials) {

        static Totals of(AuditViews.Activity activity) {
            return new Totals(
                    activity.buckets().stream()
                            .mapToLong(AuditViews.Bucket::invocations)
                            .sum(),
                    activity.buckets().stream()
                            .mapToLong(AuditViews.Bucket::errors)
                            .sum(),
                    activity.buckets().stream()
                            .mapToLong(AuditViews.Bucket::denials)
                            .sum());
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response overview(
            @QueryParam("function") String function, @CookieParam(ConsoleSessions.COOKIE) String session) {
        List<String> names = functions.list().stream().map(FunctionView::name).toList();
        String chosen = chosen(function);
        AuditViews.Activity activity = audit.activity(chosen, null, null);
        return Response.ok(Templates.overview(
                        Chrome.of(caller.get(), sessions, session, "overview"),
                        names,
                        chosen == null ? "" : chosen,
                        Totals.of(activity)))
                .build();
    }

    /** The buckets the charts draw, as the API answers them. */
    @GET
    @Path("activity")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public AuditViews.Activity activity(@QueryParam("function") String function) {
        return audit.activity(chosen(function), null, null);
    }

    private static String chosen(String function) {
        return function == null || function.isBlank() ? null : function.strip();
    }
}
