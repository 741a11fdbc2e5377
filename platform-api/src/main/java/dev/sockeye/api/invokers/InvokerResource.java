package dev.sockeye.api.invokers;

import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The invokers that heartbeat into the store (embedded or standalone), and what each serves. */
@Path("/api/v1/invokers")
@Tag(name = "Invokers")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class InvokerResource {

    @Inject
    InvokerService invokers;

    @GET
    @Operation(summary = "Every invoker with its readiness, last heartbeat and what it serves; stale ones last")
    public List<InvokerViews.Invoker> list() {
        return invokers.list();
    }
}
