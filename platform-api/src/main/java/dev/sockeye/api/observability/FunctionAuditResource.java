package dev.sockeye.api.observability;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One function's audit trail. Under the same class path as the other per-function resources: Quarkus REST picks the
 * resource class by its longest matching path first.
 */
@Path("/api/v1/functions/{name}")
@Tag(name = "Observability")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class FunctionAuditResource {

    @Inject
    AuditService audit;

    @GET
    @Path("invocations")
    @Operation(summary = "A function's invocations, newest first (paged; filter by status)")
    public AuditViews.Page<AuditViews.Invocation> invocations(
            @PathParam("name") String name,
            @QueryParam("status") String status,
            @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit) {
        return audit.invocations(name, status, offset, limit);
    }

    @GET
    @Path("usage")
    @Operation(summary = "What a function used since 'since' (default: the last 24 hours)")
    public AuditViews.Usage usage(@PathParam("name") String name, @QueryParam("since") String since) {
        return audit.usage(name, since);
    }
}
