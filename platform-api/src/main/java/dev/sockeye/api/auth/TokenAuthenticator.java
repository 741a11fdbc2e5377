package dev.sockeye.api.auth;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.ProblemTypes;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.ApiToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens against the store. The store keeps only SHA-256 of each token and looks the presented token up by
 * its hash: timing can at most reveal a prefix of the hash, never of the token. Blocking (one query); call it off
 * event loops.
 */
@ApplicationScoped
public class TokenAuthenticator {

    private static final String BEARER = "Bearer ";

    @Inject
    PolicyStore store;

    /** The caller for an {@code Authorization} header value, or a 401 problem. */
    public Caller authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw unauthenticated("this endpoint needs an API token: send 'Authorization: Bearer <token>'");
        }
        if (!authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthenticated("the Authorization header must use the Bearer scheme");
        }
        Optional<ApiToken> token = store.tokens()
                .authenticate(authorizationHeader.substring(BEARER.length()).trim());
        return token.map(found -> new Caller(found.name(), found.role()))
                .orElseThrow(() -> unauthenticated("the API token is unknown or revoked"));
    }

    static ApiException unauthenticated(String detail) {
        return new ApiException(
                401, ProblemTypes.UNAUTHENTICATED, "Unauthenticated", detail, "Authorization", List.of());
    }
}
