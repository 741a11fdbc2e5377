package dev.sockeye.api.tokens;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.ApiToken;
import dev.sockeye.store.tokens.IssuedToken;
import dev.sockeye.store.tokens.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/** API tokens: issued once in plain text, afterwards known only by their hash. */
@ApplicationScoped
public class TokenService {

    @Inject
    PolicyStore store;

    /** Issues a token; a missing name or an unknown role is a 400 naming the field. */
    public IssuedToken issue(String name, String roleName, String actor) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name", "name is required");
        }
        return store.tokens().issue(name, role(roleName), actor);
    }

    public List<ApiToken> list() {
        return store.tokens().list();
    }

    public void revoke(String name) {
        store.tokens().revoke(name);
    }

    /** The role's name as the API writes it. */
    public static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static Role role(String text) {
        if (text == null) {
            throw ApiException.badRequest("role", "role is required: admin, developer or viewer");
        }
        try {
            return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role", "role must be admin, developer or viewer, was '" + text + "'");
        }
    }
}
