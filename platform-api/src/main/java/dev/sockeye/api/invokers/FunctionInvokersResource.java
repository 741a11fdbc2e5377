package dev.sockeye.api.invokers;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One function as the invokers serve it. A class of its own: JAX-RS matches the longest class path first, so under
 * {@code /api/v1/functions/{name}} (another resource's path) only a more specific class path is reached.
 */
@Path("/api/v1/functions/{name}/invokers")
@Tag(name = "Invokers")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class FunctionInvokersResource {

    @Inject
    InvokerService invokers;

    @GET
    @Operation(summary = "Which version and policy revision each invoker serves for a function, and who lags")
    public InvokerViews.FunctionInvokers get(@PathParam("name") String name) {
        return invokers.forFunction(name);
    }
}
