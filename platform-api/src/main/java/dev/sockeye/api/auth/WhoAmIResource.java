package dev.sockeye.api.auth;

import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own token name and role: how a client checks a token before it keeps it. */
@Path("/api/v1/whoami")
@Tag(name = "Tokens")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.VIEWER)
public class WhoAmIResource {

    @Inject
    CurrentCaller caller;

    @Schema(name = "Caller", example = "{\"token\": \"ci-deployer\", \"role\": \"developer\"}")
    public record CallerView(String token, String role) {}

    @GET
    @Operation(summary = "The token's name and role")
    public CallerView get() {
        Caller current = caller.get();
        return new CallerView(current.tokenName(), current.role().name().toLowerCase(Locale.ROOT));
    }
}
