package dev.sockeye.api.observability;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.policy.tokens.Role;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.Locale;

@Path("/api/v1")
@Tag(name = "Observability")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class ObservabilityResource {

    @Inject
    AuditService audit;

    @Inject
    EgressEventHub hub;

    @GET
    @Path("functions/{name}/invocations")
    @Operation(summary = "A function's invocations, newest first (paged; filter by status)")
    public AuditViews.Page<AuditViews.Invocation> invocations(@PathParam("name") String name,
                                                             @QueryParam("status") String status,
                                                             @QueryParam("offset") Integer offset,
                                                             @QueryParam("limit") Integer limit) {
        return audit.invocations(name, status, offset, limit);
    }

    @GET
    @Path("invocations/{id}")
    @Operation(summary = "One invocation with the tail of its stderr")
    public AuditViews.Invocation invocation(@PathParam("id") String id) {
        return audit.invocation(id);
    }

    @GET
    @Path("egress-events")
    @Operation(summary = "Egress events, newest first: denials one by one, allowed connections per minute")
    public AuditViews.Page<AuditViews.Egress> egressEvents(@QueryParam("function") String function,
                                                          @QueryParam("decision") String decision,
                                                          @QueryParam("since") String since,
                                                          @QueryParam("until") String until,
                                                          @QueryParam("offset") Integer offset,
                                                          @QueryParam("limit") Integer limit) {
        return audit.egressEvents(function, decision, since, until, offset, limit);
    }

    @GET
    @Path("egress-events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Live egress decisions as server-sent events (filter by function and decision)")
    public Multi<LiveEgressEvent> stream(@QueryParam("function") String function,
                                         @QueryParam("decision") String decision) {
        String wanted = decision == null ? null : decision.trim().toLowerCase(Locale.ROOT);
        if (wanted != null) {
            AuditService.decision(wanted.equals("would_deny") ? "denied" : wanted);
        }
        return hub.events().select().where(event -> (function == null || function.equals(event.function()))
                && (wanted == null || wanted.equals(event.decision())));
    }

    @GET
    @Path("functions/{name}/usage")
    @Operation(summary = "What a function used since 'since' (default: the last 24 hours)")
    public AuditViews.Usage usage(@PathParam("name") String name, @QueryParam("since") String since) {
        return audit.usage(name, since);
    }
}
