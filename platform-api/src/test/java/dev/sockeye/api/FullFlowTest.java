package dev.sockeye.api;

import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.RestartMarker;
import dev.sockeye.policy.PolicyStore;
import dev.sockeye.policy.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static dev.sockeye.api.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** A user's whole path through the API, against the real app and Postgres. */
@QuarkusTest
class FullFlowTest {

    @Inject
    PolicyStore store;

    @Test
    void createUploadAllowRollBackAndLeaveItForTheRestartTest() {
        String admin = Api.token(store, Role.ADMIN);
        String developer = as(admin).body("{\"name\": \"%s\", \"role\": \"developer\"}"
                .formatted(Api.unique("flow-dev"))).post("/api/v1/tokens").then().statusCode(201)
                .extract().path("token");
        String function = Api.unique("flow");

        as(developer).body("{\"name\": \"%s\", \"routes\": [\"/%s\"], \"visibility\": \"public\"}"
                .formatted(function, function)).post("/api/v1/functions").then().statusCode(201);
        RestAssured.given().header("Authorization", "Bearer " + developer).contentType("application/wasm")
                .body(Api.guest("hello_wagi.wasm"))
                .post("/api/v1/functions/" + function + "/versions?activate=true")
                .then().statusCode(201).body("number", equalTo(1));
        RestAssured.given().header("Authorization", "Bearer " + developer)
                .multiPart("module", "hello_wagi.wasm", Api.guest("hello_wagi.wasm"), "application/wasm")
                .multiPart("env", "{\"GREETING\": \"v2\"}")
                .multiPart("activate", "true")
                .post("/api/v1/functions/" + function + "/versions")
                .then().statusCode(201).body("number", equalTo(2)).body("active", equalTo(true));
        as(developer).body("{\"rule\": \"tcp://127.0.0.1:9\"}").post("/api/v1/functions/" + function + "/egress/rules")
                .then().statusCode(200).body("revision", equalTo(1));

        as(developer).post("/api/v1/functions/" + function + "/rollback").then().statusCode(200)
                .body("number", equalTo(1));
        as(developer).get("/api/v1/functions/" + function).then().body("activeVersion", equalTo(1));

        Properties marker = new Properties();
        marker.setProperty("token", developer);
        marker.setProperty("function", function);
        RestartMarker.write(marker);
    }

    static void assertStillThere(String token, String function) {
        as(token).get("/api/v1/functions/" + function).then().statusCode(200)
                .body("activeVersion", equalTo(1)).body("routes[0]", equalTo("/" + function));
        as(token).get("/api/v1/functions/" + function + "/versions").then().statusCode(200).body("", hasSize(2))
                .body("[0].env.GREETING", equalTo("v2"));
        as(token).get("/api/v1/functions/" + function + "/egress").then().statusCode(200)
                .body("rules[0]", equalTo("tcp://127.0.0.1:9")).body("revision", equalTo(1));
    }
}
