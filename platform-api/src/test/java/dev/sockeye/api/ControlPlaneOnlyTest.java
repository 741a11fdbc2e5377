package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.sockeye.api.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A control plane as the Helm chart runs it: {@code sockeye.invoker.embedded=false} (API and console only, the
 * triggers live on standalone invokers) and the admin token supplied by a secret
 * ({@code sockeye.bootstrap.admin-token}) instead of generated and printed. Its own home, so its own empty database.
 */
@QuarkusTest
@TestProfile(ControlPlaneOnlyTest.ControlPlaneOnly.class)
class ControlPlaneOnlyTest {

    static final String SUPPLIED_ADMIN_TOKEN = "sockeye_c3VwcGxpZWQtYnktYS1rdWJlcm5ldGVzLXNlY3JldC0xMjM0NQ";

    public static class ControlPlaneOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sockeye.invoker.embedded",
                    "false",
                    "sockeye.bootstrap.create-admin-token",
                    "true",
                    "sockeye.bootstrap.admin-token",
                    SUPPLIED_ADMIN_TOKEN,
                    "sockeye.home",
                    Path.of(System.getProperty("java.io.tmpdir"), "sockeye-home-control-plane")
                            .toString());
        }
    }

    @Test
    void theSuppliedTokenIsTheAdminToken() {
        as(SUPPLIED_ADMIN_TOKEN)
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("token", equalTo("admin"))
                .body("role", equalTo("admin"));
    }

    @Test
    void theApiStoresFunctionsButThisProcessServesNoTrigger() {
        String name = Api.unique("cp");
        as(SUPPLIED_ADMIN_TOKEN)
                .body("{\"name\": \"%s\", \"routes\": [\"/%s\"], \"visibility\": \"public\"}".formatted(name, name))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        as(SUPPLIED_ADMIN_TOKEN)
                .contentType("application/wasm")
                .body(Api.guest("hello_wagi.wasm"))
                .post("/api/v1/functions/" + name + "/versions?activate=true")
                .then()
                .statusCode(201);

        as(SUPPLIED_ADMIN_TOKEN)
                .get("/api/v1/functions/" + name + "/trigger")
                .then()
                .statusCode(200)
                .body("activeVersion", equalTo(1))
                .body("servedVersion", nullValue());
        assertThat(RestAssured.get("/" + name).statusCode()).isEqualTo(404);
        assertThat(RestAssured.get("/fn/" + name).statusCode()).isEqualTo(404);
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }
}
