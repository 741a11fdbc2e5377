package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static dev.sockeye.api.testing.Api.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded invoker: functions deployed through the API answer on /fn/... with the guest's bytes. */
@QuarkusTest
class TriggersTest {

    @Inject
    PolicyStore store;

    @TestHTTPResource("/api/v1/egress-events/stream")
    URI stream;

    @Test
    void guestReachesAnAllowedLoopbackServerAndItsBytesComeBack() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String function = Api.unique("dial");
        try (ReplyServer server = ReplyServer.start("pong-" + function)) {
            Api.deployDialer(developer, function, server.port());
            as(developer)
                    .body("{\"rule\": \"tcp://127.0.0.1:" + server.port() + "\"}")
                    .post("/api/v1/functions/" + function + "/egress/rules")
                    .then()
                    .statusCode(200);

            Response answer = eventually(
                    () -> RestAssured.get("/fn/" + function),
                    response ->
                            response.statusCode() == 200 && response.asString().contains("pong"));
            assertThat(answer.asString()).contains("reply=pong-" + function);
        }
        Response invocations = eventually(
                () -> as(developer).get("/api/v1/functions/" + function + "/invocations"),
                response -> response.jsonPath().getList("items").size() >= 1);
        assertThat(invocations.jsonPath().getString("items[0].status")).isEqualTo("ok");
    }

    @Test
    void hostNotAllowedIsDeniedAndShowsInTheAuditAndTheLiveStream() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String function = Api.unique("denied");
        try (ReplyServer server = ReplyServer.start("should-not-be-read")) {
            String destination = "tcp://127.0.0.1:" + server.port();
            HttpResponse<java.io.InputStream> live = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(stream + "?function=" + function + "&decision=denied"))
                                    .header("Authorization", "Bearer " + developer)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            CompletableFuture<String> firstEvent = CompletableFuture.supplyAsync(() -> EventStreams.firstData(live));
            Api.deployDialer(developer, function, server.port());

            Response answer =
                    eventually(() -> RestAssured.get("/fn/" + function), response -> response.statusCode() != 404);
            assertThat(answer.asString()).doesNotContain("should-not-be-read");
            assertThat(firstEvent.get(10, TimeUnit.SECONDS))
                    .contains(destination)
                    .contains("\"decision\":\"denied\"");

            eventually(
                            () -> as(developer)
                                    .queryParam("function", function)
                                    .queryParam("decision", "denied")
                                    .get("/api/v1/egress-events"),
                            response -> response.jsonPath().getList("items").size() >= 1)
                    .then()
                    .body("items[0].destination", equalTo(destination))
                    .body("items[0].reason", containsString("127.0.0.1"));
            as(developer)
                    .get("/api/v1/functions/" + function)
                    .then()
                    .body("denials", org.hamcrest.Matchers.greaterThan(0));
        }
    }

    @Test
    void privateTriggerNeedsAToken() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String function = Api.unique("private");
        Api.deploy(developer, function, "private", "hello_wagi.wasm");
        Response anonymous =
                eventually(() -> RestAssured.get("/fn/" + function), response -> response.statusCode() != 404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        RestAssured.given()
                .header("Authorization", "Bearer " + Api.token(store, Role.VIEWER))
                .get("/fn/" + function)
                .then()
                .statusCode(200);
    }

    @Test
    void responseBodyOverTheFunctionsLimitIsA502NamingIt() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String function = Api.unique("chatty");
        as(developer)
                .body("{\"name\": \"%s\", \"visibility\": \"public\", \"limits\": {\"maxResponseBytes\": 1000}}"
                        .formatted(function))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(Api.guest("wagi_probe.wasm"))
                .post("/api/v1/functions/" + function + "/versions?activate=true&arg=big&arg=1001")
                .then()
                .statusCode(201);

        Response answer =
                eventually(() -> RestAssured.get("/fn/" + function), response -> response.statusCode() != 404);

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.asString())
                .contains("function " + function + " wrote a response body over its limit of 1000 bytes");
    }

    /** The registry follows the change feed and the audit is written in batches: both arrive within moments. */
}
