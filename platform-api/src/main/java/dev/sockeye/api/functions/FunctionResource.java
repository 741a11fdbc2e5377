package dev.sockeye.api.functions;

import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/functions")
@Tag(name = "Functions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Requires(Role.DEVELOPER)
public class FunctionResource {

    @Inject
    FunctionService functions;

    @Inject
    CurrentCaller caller;

    @POST
    @Operation(summary = "Create a function (no version yet; egress denied until rules are added)")
    public Response create(FunctionRequests.Create request, @jakarta.ws.rs.core.Context UriInfo uri) {
        FunctionView created = functions.create(request, caller.actor());
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.name()).build())
                .entity(created)
                .build();
    }

    @GET
    @Requires(Role.VIEWER)
    @Operation(summary = "List functions with their active version, invocation and denial counts")
    public List<FunctionView> list() {
        return functions.list();
    }

    @GET
    @Path("{name}")
    @Requires(Role.VIEWER)
    @Operation(summary = "Get one function")
    public FunctionView get(@PathParam("name") String name) {
        return functions.get(name);
    }

    @PATCH
    @Path("{name}")
    @Operation(summary = "Update description, routes, limits or trigger visibility (fields left out stay)")
    public FunctionView update(@PathParam("name") String name, FunctionRequests.Update request) {
        return functions.update(name, request);
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a function with its versions, policy and secrets; its audit trail stays")
    public Response delete(@PathParam("name") String name) {
        functions.delete(name);
        return Response.noContent().build();
    }
}
