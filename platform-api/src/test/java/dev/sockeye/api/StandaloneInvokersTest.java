package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.Cli;
import dev.sockeye.api.testing.StandaloneInvoker;
import dev.sockeye.cli.SockeyeCli;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.invokers.Heartbeat;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane with {@code embedded=false} and real standalone invokers beside it (in this JVM, each with its own
 * pool, change feed and heartbeat): the invoker endpoints report what each serves, and {@code sockeye deploy} waits
 * for all of them, naming the ones that lag.
 */
@QuarkusTest
@TestProfile(ControlPlaneOnlyTest.ControlPlaneOnly.class)
class StandaloneInvokersTest {

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URI platform;

    @TempDir
    Path home;

    @TempDir
    Path project;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String admin;

    @BeforeEach
    void token() {
        admin = Api.token(store, Role.ADMIN);
    }

    @Test
    void eachInvokerReportsTheVersionAndPolicyRevisionItServesAndALaggingOneIsNamed() throws Exception {
        String name = Api.unique("hb");
        String idA = Api.unique("inv-a");
        String idB = Api.unique("inv-b");
        try (var a = new StandaloneInvoker(store, idA);
                var b = new StandaloneInvoker(store, idB)) {
            Api.deploy(admin, name, "public", "hello_wagi.wasm");

            JsonNode current = awaitInvokers(
                    name,
                    state -> state.path("allCurrent").asBoolean()
                            && state.path("invokers").size() == 2);
            assertThat(current.path("activeVersion").asInt()).isEqualTo(1);
            assertThat(current.path("policyRevision").asLong()).isZero();
            assertThat(current.path("invokers"))
                    .extracting(invoker -> invoker.path("id").asText())
                    .containsExactlyInAnyOrder(idA, idB);
            assertThat(current.path("invokers")).allSatisfy(invoker -> {
                assertThat(invoker.path("version").asInt()).isEqualTo(1);
                assertThat(invoker.path("current").asBoolean()).isTrue();
                assertThat(invoker.path("ready").asBoolean()).isTrue();
                assertThat(invoker.path("stale").asBoolean()).isFalse();
            });
            assertThat(get(a.port(), "/fn/" + name)).isEqualTo("hello from sockeye\n");

            JsonNode all = json.readTree(as(admin)
                    .get("/api/v1/invokers")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            JsonNode listedA = find(all, idA);
            assertThat(listedA.path("status").asText()).isEqualTo("UP");
            assertThat(listedA.path("startedAt").asText()).isNotEmpty();
            assertThat(listedA.path("functions").path(name).path("version").asInt())
                    .isEqualTo(1);

            activateASecondVersionThatMisses(b, name);

            JsonNode lagging = awaitInvokers(
                    name,
                    state -> state.path("lagging").size() == 1
                            && find(state, idA).path("version").asInt() == 2);
            assertThat(lagging.path("allCurrent").asBoolean()).isFalse();
            assertThat(lagging.path("lagging").get(0).asText()).isEqualTo(idB);
            assertThat(find(lagging, idB).path("version").asInt()).isEqualTo(1);
            assertThat(find(lagging, idB).path("current").asBoolean()).isFalse();

            b.close();
            JsonNode afterStop =
                    awaitInvokers(name, state -> state.path("allCurrent").asBoolean());
            assertThat(afterStop.path("invokers"))
                    .extracting(invoker -> invoker.path("id").asText())
                    .doesNotContain(idB);
        }
    }

    @Test
    void theControlPlanesGaugesCountLiveStaleAndLaggingInvokers() throws Exception {
        // Sequential tests share this store: start from an empty fleet so the counts are exact.
        store.invokerHeartbeats()
                .list()
                .forEach(row -> store.invokerHeartbeats().remove(row.invokerId()));
        awaitGauges(0, 0, 0);
        String name = Api.unique("gauges");
        String gone = Api.unique("inv-gone");
        try (var a = new StandaloneInvoker(store, Api.unique("inv-a"));
                var b = new StandaloneInvoker(store, Api.unique("inv-b"))) {
            Api.deploy(admin, name, "public", "hello_wagi.wasm");
            awaitGauges(2, 0, 0);

            // An invoker that beat once and stopped (a SIGKILLed pod): stale at once, since it promised 1 ms.
            store.invokerHeartbeats()
                    .beat(
                            new Heartbeat(gone, Instant.now(), true, "UP", Duration.ofMillis(1), Map.of()),
                            Duration.ofHours(1));
            awaitGauges(2, 1, 0);

            activateASecondVersionThatMisses(b, name);
            awaitGauges(2, 1, 1);
        } finally {
            store.invokerHeartbeats().remove(gone);
        }
        awaitGauges(0, 0, 0);
    }

    /** Cuts {@code lagging}'s change feed, then activates a second version of {@code name} it will not see. */
    private void activateASecondVersionThatMisses(StandaloneInvoker lagging, String name) {
        lagging.stopFollowing();
        as(admin)
                .contentType("application/wasm")
                .body(Api.guest("wagi_probe.wasm"))
                .post("/api/v1/functions/" + name + "/versions?activate=true")
                .then()
                .statusCode(201);
    }

    /** Waits until /q/metrics shows these counts (the gauges re-read the store once per heartbeat interval). */
    private void awaitGauges(int live, int stale, int lagging) throws InterruptedException {
        String wanted = "live=" + live + " stale=" + stale + " lagging=" + lagging;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String seen;
        do {
            String scrape =
                    as(admin).get("/q/metrics").then().statusCode(200).extract().asString();
            seen = "live=" + gauge(scrape, "sockeye_invokers_live") + " stale="
                    + gauge(scrape, "sockeye_invokers_stale") + " lagging=" + gauge(scrape, "sockeye_invokers_lagging");
            if (seen.equals(wanted)) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the gauges never showed " + wanted + "; last: " + seen);
    }

    private static String gauge(String scrape, String name) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .map(value -> value.endsWith(".0") ? value.substring(0, value.length() - 2) : value)
                .findFirst()
                .orElse("absent");
    }

    @Test
    void invokersOfAnUnknownFunctionIsA404NamingIt() {
        String body = as(admin)
                .get("/api/v1/functions/no-such-fn/invokers")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .extract()
                .asString();
        assertThat(body).contains("no-such-fn");
    }

    @Test
    void deployWaitsForEveryLiveInvokerAndNamesTheOnesThatLag() throws Exception {
        var cli = new Cli(home, project);
        assertThat(cli.run(admin + "\n", "login", platform.toString()).code()).isZero();
        String name = Api.unique("cli-hb");
        String idA = Api.unique("inv-a");
        String idB = Api.unique("inv-b");
        try (var a = new StandaloneInvoker(store, idA);
                var b = new StandaloneInvoker(store, idB)) {
            Cli.Run first = cli.run(
                    "", "deploy", name, Api.guestPath("hello_wagi.wasm").toString(), "--route", "/" + name, "--public");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.err()).contains("waiting for every live invoker");
            // Answered only once both serve it: no wait is needed before calling either.
            assertThat(get(a.port(), "/" + name)).isEqualTo("hello from sockeye\n");
            assertThat(get(b.port(), "/" + name)).isEqualTo("hello from sockeye\n");

            b.stopFollowing();
            Cli.Run second = cli.run(
                    "", "deploy", name, Api.guestPath("wagi_probe.wasm").toString(), "--arg", "echo", "--wait", "2");
            assertThat(second.code()).isEqualTo(SockeyeCli.API_ERROR);
            String lastLine = second.err().strip().lines().reduce((x, y) -> y).orElseThrow();
            assertThat(lastLine)
                    .contains("version 2")
                    .contains("1 invoker(s) still lag after 2 s")
                    .contains(idB + " (serves version 1, policy revision 0)")
                    .doesNotContain(idA)
                    .doesNotContain("Exception");
        }
    }

    private JsonNode awaitInvokers(String name, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode state;
        do {
            state = json.readTree(as(admin)
                    .get("/api/v1/functions/" + name + "/invokers")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            if (condition.test(state)) {
                return state;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the invokers never reached the expected state; last: " + state);
    }

    private static JsonNode find(JsonNode stateOrList, String id) {
        JsonNode invokers = stateOrList.isArray() ? stateOrList : stateOrList.path("invokers");
        for (JsonNode invoker : invokers) {
            if (invoker.path("id").asText().equals(id)) {
                return invoker;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
