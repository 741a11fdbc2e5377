package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecretsApiTest {

    @Inject
    PolicyStore store;

    @Test
    void secretValuesAreWriteOnly() {
        String admin = Api.token(store, Role.ADMIN);
        String function = Api.createFunction(admin, Api.unique("sec"));
        String secrets = "/api/v1/functions/" + function + "/secrets";
        as(admin)
                .body("{\"value\": \"hunter2\"}")
                .put(secrets + "/DB_PASSWORD")
                .then()
                .statusCode(204);
        as(Api.token(store, Role.VIEWER))
                .get(secrets)
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].name", equalTo("DB_PASSWORD"))
                .body("[0].setAt", org.hamcrest.Matchers.notNullValue())
                .body(not(containsString("hunter2")));
        as(admin).delete(secrets + "/DB_PASSWORD").then().statusCode(204);
        as(admin).get(secrets).then().body("", hasSize(0));
        as(admin).delete(secrets + "/DB_PASSWORD").then().statusCode(404);
    }

    @Test
    void badSecretNameIsA400() {
        String admin = Api.token(store, Role.ADMIN);
        String function = Api.createFunction(admin, Api.unique("sec"));
        as(admin)
                .body("{\"value\": \"x\"}")
                .put("/api/v1/functions/" + function + "/secrets/1-bad")
                .then()
                .statusCode(400)
                .body("detail", containsString("secret name"));
    }

    @Test
    void secretOfUnknownFunctionIsA404() {
        as(Api.token(store, Role.ADMIN))
                .body("{\"value\": \"x\"}")
                .put("/api/v1/functions/nope-nope/secrets/A")
                .then()
                .statusCode(404);
    }
}
