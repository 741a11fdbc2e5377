package dev.sockeye.store.tokens;

import static dev.sockeye.store.Fixtures.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.errors.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTokenStoreTest extends StoreTest {

    private ApiTokenStore tokens;

    @BeforeEach
    void prepare() {
        tokens = store.tokens();
    }

    @Test
    void issuedTokenAuthenticatesWithItsRoleAndRecordsUse() {
        IssuedToken issued = tokens.issue("ci", Role.DEVELOPER, ACTOR);

        ApiToken authenticated = tokens.authenticate(issued.plainText()).orElseThrow();

        assertThat(issued.plainText()).startsWith("sockeye_");
        assertThat(authenticated.name()).isEqualTo("ci");
        assertThat(authenticated.role()).isEqualTo(Role.DEVELOPER);
        assertThat(authenticated.lastUsedAt()).isPresent();
        assertThat(issued.token().lastUsedAt()).isEmpty();
    }

    @Test
    void onlyTheHashIsStored() {
        IssuedToken issued = tokens.issue("ci", Role.VIEWER, ACTOR);

        assertThat(Sql.queryString(store, "select t::text from api_tokens t"))
                .doesNotContain(issued.plainText())
                .doesNotContain(issued.plainText().substring("sockeye_".length()));
        assertThat(issued.toString()).doesNotContain(issued.plainText());
    }

    @Test
    void unknownOrRevokedTokensDoNotAuthenticate() {
        IssuedToken issued = tokens.issue("ci", Role.ADMIN, ACTOR);

        tokens.revoke("ci");

        assertThat(tokens.authenticate(issued.plainText())).isEmpty();
        assertThat(tokens.authenticate("sockeye_guess")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.list())
                .singleElement()
                .satisfies(token -> assertThat(token.revokedAt()).isPresent());
    }

    @Test
    void aSuppliedTokenAuthenticatesAndAMalformedOneIsRefused() {
        String supplied = "sockeye_" + "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";
        tokens.register("admin", Role.ADMIN, ACTOR, supplied);

        assertThat(tokens.authenticate(supplied).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> tokens.register("short", Role.ADMIN, ACTOR, "sockeye_tooshort"))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("at least 43 URL-safe base64 characters");
        assertThatThrownBy(() -> tokens.register("admin", Role.ADMIN, ACTOR, supplied))
                .isInstanceOf(StoreException.Conflict.class);
    }

    @Test
    void tokenNamesAreUnique() {
        tokens.issue("ci", Role.ADMIN, ACTOR);

        assertThatThrownBy(() -> tokens.issue("ci", Role.VIEWER, ACTOR))
                .isInstanceOf(StoreException.Conflict.class)
                .hasMessageContaining("'ci' already exists");
    }

    @Test
    void revokingAnUnknownTokenIsNotFound() {
        assertThatThrownBy(() -> tokens.revoke("nope"))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("no token named 'nope'");
    }
}
