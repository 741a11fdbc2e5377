package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static dev.sockeye.api.testing.Api.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.ReplyServer;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every egress decision of an invocation is in its timeline, allowed ones with their rule, denials with a reason. */
@QuarkusTest
class EgressTimelineTest {

    @Inject
    PolicyStore store;

    @Test
    void anInvocationsTimelineListsEachDecisionInOrder() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String function = Api.createFunction(developer, Api.unique("timeline"));
        try (ReplyServer server = ReplyServer.start("pong-" + function)) {
            String rule = "tcp://127.0.0.1:" + server.port();
            RestAssured.given()
                    .header("Authorization", "Bearer " + developer)
                    .contentType("application/wasm")
                    .body(Api.guest("wagi_probe.wasm"))
                    .post("/api/v1/functions/" + function + "/versions?activate=true&arg=dial"
                            + "&env=PROBE_HOST=127.0.0.1&env=PROBE_PORT=" + server.port())
                    .then()
                    .statusCode(201);
            as(developer)
                    .body("{\"rule\": \"" + rule + "\"}")
                    .post("/api/v1/functions/" + function + "/egress/rules")
                    .then()
                    .statusCode(200);
            eventually(
                    () -> as(developer).get("/fn/" + function),
                    r -> r.asString().contains("pong"));

            List<Map<String, Object>> allowed = timelineOfNewest(developer, function, "ok");
            assertThat(allowed)
                    .extracting(step -> step.get("kind"), step -> step.get("verdict"), step -> step.get("rule"))
                    .contains(org.assertj.core.groups.Tuple.tuple("connect", "allowed", rule));
            assertThat(allowed).extracting(step -> step.get("sequence")).isSorted();

            as(developer)
                    .queryParam("rule", rule)
                    .queryParam("revision", 1)
                    .delete("/api/v1/functions/" + function + "/egress/rules")
                    .then()
                    .statusCode(200);
            eventually(() -> as(developer).get("/fn/" + function), r -> r.statusCode() == 500);

            List<Map<String, Object>> denied = timelineOfNewest(developer, function, "error");
            assertThat(denied).anySatisfy(step -> {
                assertThat(step.get("kind")).isEqualTo("connect");
                assertThat(step.get("verdict")).isEqualTo("denied");
                assertThat(step.get("destination")).isEqualTo(rule);
                assertThat((String) step.get("reason")).isNotBlank();
            });
        }
        as(developer)
                .get("/api/v1/invocations/" + UUID.randomUUID() + "/egress")
                .then()
                .statusCode(404);
        as(developer).get("/api/v1/invocations/nope/egress").then().statusCode(400);
    }

    /** The timeline of the function's newest invocation with this status, once the audit has it. */
    private static List<Map<String, Object>> timelineOfNewest(String token, String function, String status)
            throws InterruptedException {
        Response invocations = eventually(
                () -> as(token).queryParam("status", status).get("/api/v1/functions/" + function + "/invocations"),
                r -> !r.jsonPath().getList("items").isEmpty());
        String id = invocations.jsonPath().getString("items[0].id");
        return eventually(
                        () -> as(token).get("/api/v1/invocations/" + id + "/egress"),
                        r -> r.statusCode() == 200
                                && r.jsonPath().getList("kind").contains("connect"))
                .jsonPath()
                .getList("$");
    }
}
