package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static dev.sockeye.api.testing.Api.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.EventStreams;
import dev.sockeye.api.testing.ReplyServer;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A user's whole path through HTTP, against the real app, Postgres and guests: create, upload raw and multipart,
 * allow a loopback server, get the guest's bytes back through the trigger, see a denied destination in the audit and
 * the live stream, roll back ({@link RestartIT} restarts the packaged application on its data).
 */
@QuarkusTest
class FullFlowTest {

    @Inject
    PolicyStore store;

    @TestHTTPResource("/api/v1/egress-events/stream")
    URI stream;

    @Test
    void createUploadAllowInvokeDenyRollBack() throws Exception {
        String admin = Api.token(store, Role.ADMIN);
        String developer = as(admin)
                .body("{\"name\": \"%s\", \"role\": \"developer\"}".formatted(Api.unique("flow-dev")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String function = Api.unique("flow");
        try (ReplyServer allowed = ReplyServer.start("pong-" + function);
                ReplyServer forbidden = ReplyServer.start("must-not-be-read")) {
            as(developer)
                    .body("{\"name\": \"%s\", \"routes\": [\"/%s\"], \"visibility\": \"public\"}"
                            .formatted(function, function))
                    .post("/api/v1/functions")
                    .then()
                    .statusCode(201);

            // v1, raw body: dials the allowed server.
            RestAssured.given()
                    .header("Authorization", "Bearer " + developer)
                    .contentType("application/wasm")
                    .body(Api.guest("wagi_probe.wasm"))
                    .post("/api/v1/functions/" + function + "/versions?activate=true&arg=dial"
                            + "&env=PROBE_HOST=127.0.0.1&env=PROBE_PORT=" + allowed.port())
                    .then()
                    .statusCode(201)
                    .body("number", equalTo(1))
                    .body("module.usesSockets", equalTo(true));
            as(developer)
                    .body("{\"rule\": \"tcp://127.0.0.1:" + allowed.port() + "\"}")
                    .post("/api/v1/functions/" + function + "/egress/rules")
                    .then()
                    .statusCode(200)
                    .body("revision", equalTo(1));
            Response reply = eventually(
                    () -> RestAssured.get("/" + function),
                    response -> response.asString().contains("pong"));
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.asString()).contains("reply=pong-" + function);

            // v2, multipart: dials a server no rule allows; the denial reaches the live stream and the audit.
            var live = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            URI.create(stream + "?function=" + function + "&decision=denied"))
                                    .header("Authorization", "Bearer " + developer)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            CompletableFuture<String> liveDenial = CompletableFuture.supplyAsync(() -> EventStreams.firstData(live));
            RestAssured.given()
                    .header("Authorization", "Bearer " + developer)
                    .multiPart("module", "wagi_probe.wasm", Api.guest("wagi_probe.wasm"), "application/wasm")
                    .multiPart("args", "[\"dial\"]")
                    .multiPart("env", "{\"PROBE_HOST\": \"127.0.0.1\", \"PROBE_PORT\": \"" + forbidden.port() + "\"}")
                    .multiPart("activate", "true")
                    .post("/api/v1/functions/" + function + "/versions")
                    .then()
                    .statusCode(201)
                    .body("number", equalTo(2))
                    .body("active", equalTo(true));
            String denied = "tcp://127.0.0.1:" + forbidden.port();
            Response refused = eventually(
                    () -> RestAssured.get("/fn/" + function),
                    response -> !response.asString().contains("pong"));
            assertThat(refused.asString()).doesNotContain("must-not-be-read");
            assertThat(liveDenial.get(10, TimeUnit.SECONDS)).contains(denied);
            eventually(
                            () -> as(developer)
                                    .queryParam("function", function)
                                    .queryParam("decision", "denied")
                                    .get("/api/v1/egress-events"),
                            response -> response.jsonPath().getList("items").size() >= 1)
                    .then()
                    .body("items[0].destination", equalTo(denied));

            // Roll back: v1 answers again.
            as(developer)
                    .post("/api/v1/functions/" + function + "/rollback")
                    .then()
                    .statusCode(200)
                    .body("number", equalTo(1));
            eventually(
                    () -> RestAssured.get("/" + function),
                    response -> response.asString().contains("pong"));
        }
    }
}
