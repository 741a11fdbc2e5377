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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Recent invocations, of one function or of all, each with its status, duration and stderr tail; and one
 * invocation's egress timeline (the same {@link AuditService#egressTimeline} the REST API answers with).
 */
@Path("/console/invocations")
@CookieSession
@Requires(Role.VIEWER)
@Produces(MediaType.TEXT_HTML)
public class InvocationPages {

    private static final int SHOWN = 20;

    @Inject
    FunctionService functions;

    @Inject
    AuditService audit;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(hidden = true)
    public Response recent(
            @QueryParam("function") String function, @CookieParam(ConsoleSessions.COOKIE) String session) {
        List<String> names = functions.list().stream().map(FunctionView::name).toList();
        String chosen = function == null || function.isBlank() ? null : function.strip();
        if (chosen != null && !names.contains(chosen)) {
            functions.get(chosen); // unknown: the 404 names it
        }
        List<AuditViews.Invocation> recent = audit.recentWithStderr(chosen == null ? names : List.of(chosen), SHOWN);
        return Response.ok(Templates.invocations(
                        Chrome.of(caller.get(), sessions, session, "invocations"),
                        names,
                        chosen == null ? "" : chosen,
                        recent))
                .build();
    }

    @GET
    @Path("{id}/egress")
    @Operation(hidden = true)
    public Response timeline(@PathParam("id") String id, @CookieParam(ConsoleSessions.COOKIE) String session) {
        AuditViews.Invocation invocation = audit.invocation(id);
        return Response.ok(Templates.timeline(
                        Chrome.of(caller.get(), sessions, session, "invocations"),
                        invocation,
                        audit.egressTimeline(id)))
                .build();
    }
}
