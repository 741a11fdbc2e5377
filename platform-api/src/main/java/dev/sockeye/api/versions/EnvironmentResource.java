package dev.sockeye.api.versions;

import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.problems.ApiException;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Environment variables live in (immutable) versions: a change creates the next version. */
@Path("/api/v1/functions/{name}/env")
@Tag(name = "Secrets and env")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.DEVELOPER)
public class EnvironmentResource {

    @Inject
    VersionService versions;

    @Inject
    CurrentCaller caller;

    @Schema(name = "EnvValue", example = "{\"value\": \"hello\"}")
    public record Value(String value) {}

    @GET
    @Requires(Role.VIEWER)
    @Operation(summary = "Environment of the active version (or the latest if none is active)")
    public Map<String, String> get(@PathParam("name") String name) {
        return versions.environment(name);
    }

    @PUT
    @Path("{variable}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a variable: creates a new version (activated if the base version was active)")
    public VersionView set(@PathParam("name") String name, @PathParam("variable") String variable, Value value) {
        if (value == null || value.value() == null) {
            throw ApiException.badRequest("value", "a JSON body {\"value\": \"...\"} is required");
        }
        return versions.changeEnvironment(name, variable, value.value(), caller.actor());
    }

    @DELETE
    @Path("{variable}")
    @Operation(summary = "Unset a variable: creates a new version without it")
    public VersionView unset(@PathParam("name") String name, @PathParam("variable") String variable) {
        return versions.changeEnvironment(name, variable, null, caller.actor());
    }
}
