package dev.sockeye.api.triggers;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What this process's trigger serves for a function. Writes through this process reach its trigger before they are
 * answered ({@link EmbeddedInvoker#follow}); a deploy still checks here that {@code servedVersion} is the version it
 * activated.
 */
@Path("/api/v1/functions/{name}")
@Tag(name = "Functions")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class TriggerResource {

    // The store, not FunctionService: the functions package calls EmbeddedInvoker, so triggers must not call it.
    @Inject
    PolicyStore store;

    @Inject
    EmbeddedInvoker invoker;

    @Schema(name = "TriggerState", example = """
            {"function": "hello", "activeVersion": 3, "servedVersion": 3, "routes": ["/hello"]}""")
    public record TriggerState(String function, Integer activeVersion, Integer servedVersion, List<String> routes) {}

    @GET
    @Path("trigger")
    @Operation(summary = "The version the trigger serves now (null while none), next to the active one")
    public TriggerState get(@PathParam("name") String name) {
        FunctionDefinition function = store.functions().get(name);
        OptionalInt active = function.activeVersion();
        OptionalInt served = invoker.servedVersion(name);
        return new TriggerState(
                function.name(),
                active.isPresent() ? active.getAsInt() : null,
                served.isPresent() ? served.getAsInt() : null,
                function.routes());
    }
}
