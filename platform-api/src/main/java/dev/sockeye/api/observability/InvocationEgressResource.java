package dev.sockeye.api.observability;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An invocation's egress timeline: every lookup, connect, bind, listen, send and receive the guard judged. */
@Path("/api/v1/invocations/{id}/egress")
@Tag(name = "Observability")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class InvocationEgressResource {

    @Inject
    AuditService audit;

    @GET
    @Operation(summary = "Every egress decision of one invocation, in order, allowed or denied, with rule or reason")
    public List<AuditViews.EgressStep> timeline(@PathParam("id") String id) {
        return audit.egressTimeline(id);
    }
}
