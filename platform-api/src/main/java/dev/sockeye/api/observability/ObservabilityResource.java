package dev.sockeye.api.observability;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
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

/** Audit reads across functions; a single function's are in {@link FunctionAuditResource}. */
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
    @Path("invocations/{id}")
    @Operation(summary = "One invocation with the tail of its stderr")
    public AuditViews.Invocation invocation(@PathParam("id") String id) {
        return audit.invocation(id);
    }

    @GET
    @Path("egress-events")
    @Operation(summary = "Egress events, newest first: denials one by one, allowed connections per minute")
    public AuditViews.Page<AuditViews.Egress> egressEvents(
            @QueryParam("function") String function,
            @QueryParam("decision") String decision,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit) {
        return audit.egressEvents(function, decision, since, until, offset, limit);
    }

    @GET
    @Path("activity")
    @Operation(
            summary = "Invocations, errors, denials and p50/p99 latency per time bucket (one function or all; "
                    + "default: the last hour by minute)")
    public AuditViews.Activity activity(
            @QueryParam("function") String function,
            @QueryParam("since") String since,
            @QueryParam("bucket") Integer bucketSeconds) {
        return audit.activity(function, since, bucketSeconds);
    }

    @GET
    @Path("egress-events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Live egress decisions as server-sent events (filter by function and decision)")
    public Multi<LiveEgressEvent> stream(
            @QueryParam("function") String function, @QueryParam("decision") String decision) {
        return hub.events(function, decision);
    }
}
