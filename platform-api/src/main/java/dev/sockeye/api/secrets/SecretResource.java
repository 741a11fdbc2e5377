package dev.sockeye.api.secrets;

import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Secret values are write-only: they go in here and come out only as environment variables of the guest. */
@Path("/api/v1/functions/{name}/secrets")
@Tag(name = "Secrets and env")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class SecretResource {

    @Inject
    SecretService secrets;

    @Inject
    CurrentCaller caller;

    @Schema(name = "SecretValue", example = "{\"value\": \"s3cr3t\"}")
    public record Value(String value) {}

    @GET
    @Requires(Role.VIEWER)
    @Operation(summary = "Names of the function's secrets and when they were set (values are never returned)")
    public List<SecretService.SecretView> list(@PathParam("name") String name) {
        return secrets.list(name);
    }

    @PUT
    @Path("{secret}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a secret (write-only); the guest sees it as an environment variable")
    public Response set(@PathParam("name") String name, @PathParam("secret") String secret, Value value) {
        secrets.set(name, secret, value == null ? null : value.value(), caller.actor());
        return Response.noContent().build();
    }

    @DELETE
    @Path("{secret}")
    @Operation(summary = "Unset a secret")
    public Response unset(@PathParam("name") String name, @PathParam("secret") String secret) {
        secrets.unset(name, secret);
        return Response.noContent().build();
    }
}
