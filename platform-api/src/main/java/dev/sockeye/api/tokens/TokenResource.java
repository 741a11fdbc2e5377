package dev.sockeye.api.tokens;

import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.ApiToken;
import dev.sockeye.store.tokens.IssuedToken;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API tokens: admin only. The plain token is in the create response, once; afterwards only its hash exists. */
@Path("/api/v1/tokens")
@Tag(name = "Tokens")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class TokenResource {

    @Inject
    TokenService tokens;

    @Inject
    CurrentCaller caller;

    @Schema(name = "CreateToken", example = "{\"name\": \"ci-deployer\", \"role\": \"developer\"}")
    public record Create(String name, String role) {}

    public record TokenView(
            String name, String role, Instant createdAt, String createdBy, Instant lastUsedAt, Instant revokedAt) {

        public static TokenView of(ApiToken token) {
            return new TokenView(
                    token.name(),
                    TokenService.roleName(token.role()),
                    token.createdAt(),
                    token.createdBy(),
                    token.lastUsedAt().orElse(null),
                    token.revokedAt().orElse(null));
        }
    }

    /** The only response that carries the token itself. */
    @Schema(name = "IssuedToken", example = """
            {"name": "ci", "role": "developer", "token": "sockeye_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"}""")
    public record Issued(String name, String role, String token) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token with role admin, developer or viewer; the token is shown only here")
    public Response create(Create request) {
        IssuedToken issued = request == null
                ? tokens.issue(null, null, caller.actor())
                : tokens.issue(request.name(), request.role(), caller.actor());
        return Response.status(201)
                .entity(new Issued(
                        issued.token().name(),
                        TokenService.roleName(issued.token().role()),
                        issued.plainText()))
                .build();
    }

    @GET
    @Operation(summary = "List tokens (names, roles, use and revocation; never the tokens)")
    public List<TokenView> list() {
        return tokens.list().stream().map(TokenView::of).toList();
    }

    @DELETE
    @Path("{tokenName}")
    @Operation(summary = "Revoke a token for good (it stays listed)")
    public Response revoke(@PathParam("tokenName") String name) {
        tokens.revoke(name);
        return Response.noContent().build();
    }
}
