package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthApiTest {

    @Inject
    PolicyStore store;

    @Test
    void missingTokenIsA401Problem() {
        RestAssured.get("/api/v1/functions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("field", equalTo("Authorization"))
                .body("detail", containsString("Bearer"));
    }

    @Test
    void unknownTokenIsA401() {
        as("sockeye_not-a-real-token")
                .get("/api/v1/functions")
                .then()
                .statusCode(401)
                .body("detail", containsString("unknown or revoked"));
    }

    @Test
    void revokedTokenIsA401() {
        String admin = Api.token(store, Role.ADMIN);
        String name = Api.unique("revoke-me");
        String token = as(admin)
                .body("{\"name\": \"" + name + "\", \"role\": \"viewer\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .body("token", containsString("sockeye_"))
                .extract()
                .path("token");
        as(token).get("/api/v1/functions").then().statusCode(200);
        as(admin).delete("/api/v1/tokens/" + name).then().statusCode(204);
        as(token).get("/api/v1/functions").then().statusCode(401);
    }

    @Test
    void viewerReadsButCannotWrite() {
        String viewer = Api.token(store, Role.VIEWER);
        as(viewer).get("/api/v1/functions").then().statusCode(200);
        String name = Api.unique("viewer-made");
        as(viewer)
                .body("{\"name\": \"" + name + "\"}")
                .post("/api/v1/functions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("has role viewer; this needs developer"));
        assertThat(store.functions().find(name)).isEmpty();
    }

    @Test
    void developerCannotManageTokensOrSecrets() {
        String developer = Api.token(store, Role.DEVELOPER);
        String function = Api.createFunction(developer, Api.unique("dev"));
        as(developer).get("/api/v1/tokens").then().statusCode(403);
        as(developer)
                .body("{\"name\": \"x\", \"role\": \"admin\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(403);
        as(developer)
                .body("{\"value\": \"v\"}")
                .put("/api/v1/functions/" + function + "/secrets/KEY")
                .then()
                .statusCode(403);
        assertThat(store.secrets().list(function)).isEmpty();
    }

    @Test
    void tokenListingShowsNoSecrets() {
        String admin = Api.token(store, Role.ADMIN);
        as(admin)
                .get("/api/v1/tokens")
                .then()
                .statusCode(200)
                .body("[0].token", nullValue())
                .body("role", hasItem("admin"))
                .body(not(containsString("sockeye_")));
    }

    @Test
    void badRoleIsA400NamingIt() {
        String admin = Api.token(store, Role.ADMIN);
        as(admin)
                .body("{\"name\": \"x\", \"role\": \"root\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(400)
                .body("field", equalTo("role"));
    }

    @Test
    void healthIsOpenAndMetricsAndTheApiDescriptionNeedAToken() {
        RestAssured.get("/q/health").then().statusCode(200).body("checks.name", hasItem("policy-store"));
        RestAssured.get("/q/metrics").then().statusCode(401).contentType("application/problem+json");
        RestAssured.get("/q/openapi").then().statusCode(401).contentType("application/problem+json");
        RestAssured.get("/q/health/ready").then().statusCode(200);
        as(Api.token(store, Role.VIEWER))
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_"));
    }
}
