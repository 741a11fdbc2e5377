package dev.sockeye.api.egress;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST .../egress:check}, a custom method in the AIP-136 style. Its own class: Quarkus REST matches method
 * paths segment-wise and would stop at the {@code egress} prefix of {@link EgressResource}.
 */
@Path("/api/v1/functions/{name}/egress:check")
@Tag(name = "Egress")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class EgressCheckResource {

    @Inject
    EgressService egress;

    @POST
    @Operation(summary = "Would the current rules allow this destination? Answers with the rule or the reason")
    public EgressBodies.CheckAnswer check(@PathParam("name") String name, EgressBodies.Check request) {
        return egress.check(name, request);
    }
}
