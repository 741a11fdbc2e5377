package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.sockeye.api.observability.EgressEventHub;
import dev.sockeye.api.observability.LiveEgressEvent;
import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.audit.EgressAllowed;
import dev.sockeye.store.audit.EgressDenial;
import dev.sockeye.store.audit.InvocationEntry;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityApiTest {

    @Inject
    PolicyStore store;

    @Inject
    EgressEventHub hub;

    @TestHTTPResource("/api/v1/egress-events/stream")
    URI stream;

    String viewer;
    String function;

    @BeforeEach
    void function() {
        viewer = Api.token(store, Role.VIEWER);
        function = Api.createFunction(Api.token(store, Role.DEVELOPER), Api.unique("obs"));
    }

    @Test
    void invocationsArePagedAndFilteredByStatus() throws InterruptedException {
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            record(i == 1 ? "error" : "ok", now.minusSeconds(i));
        }
        flush();
        as(viewer)
                .queryParam("limit", 2)
                .get("/api/v1/functions/" + function + "/invocations")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("nextOffset", equalTo(2))
                .body("items[0].stderrTail", nullValue());
        as(viewer)
                .queryParam("offset", 2)
                .get("/api/v1/functions/" + function + "/invocations")
                .then()
                .body("items", hasSize(1))
                .body("nextOffset", nullValue());
        as(viewer)
                .queryParam("status", "error")
                .get("/api/v1/functions/" + function + "/invocations")
                .then()
                .body("items", hasSize(1))
                .body("items[0].status", equalTo("error"));
        as(viewer)
                .get("/api/v1/functions")
                .then()
                .body("find { it.name == '%s' }.invocations".formatted(function), equalTo(3));
        as(viewer)
                .queryParam("limit", 0)
                .get("/api/v1/functions/" + function + "/invocations")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
    }

    @Test
    void oneInvocationShowsItsStderrTail() throws InterruptedException {
        UUID id = record("error", Instant.now());
        flush();
        as(viewer)
                .get("/api/v1/invocations/" + id)
                .then()
                .statusCode(200)
                .body("stderrTail", equalTo("panic: no config\n"))
                .body("function", equalTo(function));
        as(viewer).get("/api/v1/invocations/" + UUID.randomUUID()).then().statusCode(404);
        as(viewer).get("/api/v1/invocations/not-a-uuid").then().statusCode(400).body("field", equalTo("id"));
    }

    @Test
    void egressEventsFilterByFunctionDecisionAndTime() throws InterruptedException {
        Instant now = Instant.now();
        store.auditWriter()
                .record(new EgressDenial(
                        UUID.randomUUID(),
                        function,
                        Optional.empty(),
                        now,
                        "tcp://203.0.113.9:25",
                        "no rule allows tcp port 25 of 203.0.113.9"));
        store.auditWriter().record(new EgressAllowed(function, "tcp://127.0.0.1:9000", now));
        flush();
        as(viewer)
                .queryParam("function", function)
                .get("/api/v1/egress-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(2));
        as(viewer)
                .queryParam("function", function)
                .queryParam("decision", "denied")
                .get("/api/v1/egress-events")
                .then()
                .body("items", hasSize(1))
                .body("items[0].destination", equalTo("tcp://203.0.113.9:25"))
                .body("items[0].reason", containsString("no rule allows"));
        as(viewer)
                .queryParam("function", function)
                .queryParam("since", now.plusSeconds(120).toString())
                .get("/api/v1/egress-events")
                .then()
                .body("items", hasSize(0));
        as(viewer)
                .queryParam("decision", "maybe")
                .get("/api/v1/egress-events")
                .then()
                .statusCode(400)
                .body("field", equalTo("decision"));
        as(viewer)
                .queryParam("since", "yesterday")
                .get("/api/v1/egress-events")
                .then()
                .statusCode(400)
                .body("field", equalTo("since"));
    }

    @Test
    void deletingAFunctionKeepsItsAuditTrail() throws InterruptedException {
        UUID id = record("ok", Instant.now());
        store.auditWriter()
                .record(new EgressDenial(
                        UUID.randomUUID(),
                        function,
                        Optional.empty(),
                        Instant.now(),
                        "tcp://203.0.113.9:25",
                        "no rule allows tcp port 25 of 203.0.113.9"));
        flush();
        as(Api.token(store, Role.DEVELOPER))
                .delete("/api/v1/functions/" + function)
                .then()
                .statusCode(204);
        as(viewer).get("/api/v1/invocations/" + id).then().statusCode(200).body("function", equalTo(function));
        as(viewer)
                .queryParam("function", function)
                .get("/api/v1/egress-events")
                .then()
                .body("items", hasSize(1));
    }

    @Test
    void usageSummarisesInvocationsAndEgress() throws InterruptedException {
        record("ok", Instant.now());
        record("timeout", Instant.now());
        flush();
        as(viewer)
                .get("/api/v1/functions/" + function + "/usage")
                .then()
                .statusCode(200)
                .body("invocations", equalTo(2))
                .body("invocationsByStatus.timeout", equalTo(1))
                .body("totalDurationMs", equalTo(14))
                .body("bytesOut", equalTo(64))
                .body("latencyP50Ms", equalTo(7.0f))
                .body("latencyP99Ms", equalTo(7.0f));
    }

    @Test
    void usageOfAFunctionThatDidNotRunHasNoLatency() {
        as(viewer)
                .get("/api/v1/functions/" + function + "/usage")
                .then()
                .statusCode(200)
                .body("invocations", equalTo(0))
                .body("latencyP50Ms", nullValue())
                .body("latencyP99Ms", nullValue());
    }

    @Test
    void activityHasEveryMinuteOfTheLastHourWithInvocationsErrorsDenialsAndLatency() throws InterruptedException {
        Instant now = Instant.now();
        record("ok", now);
        record("error", now);
        store.auditWriter()
                .record(new EgressDenial(
                        UUID.randomUUID(), function, Optional.empty(), now, "tcp://203.0.113.9:25", "no rule"));
        flush();
        io.restassured.path.json.JsonPath activity = as(viewer)
                .queryParam("function", function)
                .get("/api/v1/activity")
                .then()
                .statusCode(200)
                .body("function", equalTo(function))
                .body("bucketSeconds", equalTo(60))
                .body("buckets", hasSize(60))
                .extract()
                .jsonPath();
        // One of the last two buckets holds now (a minute may have begun since), the others are empty.
        java.util.List<Integer> invocations = activity.getList("buckets.invocations", Integer.class);
        int last = invocations.lastIndexOf(2);
        assertThat(last).isGreaterThanOrEqualTo(58);
        assertThat(invocations.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        assertThat(activity.getLong("buckets[" + last + "].errors")).isEqualTo(1);
        assertThat(activity.getLong("buckets[" + last + "].denials")).isEqualTo(1);
        assertThat(activity.getDouble("buckets[" + last + "].latencyP50Ms")).isEqualTo(7.0);
        assertThat(activity.getDouble("buckets[" + last + "].latencyP99Ms")).isEqualTo(7.0);
        assertThat(activity.getString("buckets[0].latencyP50Ms")).isNull();
        // All functions: at least this one's.
        assertThat(as(viewer).get("/api/v1/activity").jsonPath().getList("buckets.invocations", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void activityRefusesABadBucketOrTooManyBuckets() {
        as(viewer)
                .queryParam("bucket", 1)
                .get("/api/v1/activity")
                .then()
                .statusCode(400)
                .body("detail", equalTo("bucket must be 10-86400 seconds, was 1"));
        as(viewer)
                .queryParam("since", Instant.now().minus(Duration.ofDays(2)).toString())
                .queryParam("bucket", 60)
                .get("/api/v1/activity")
                .then()
                .statusCode(400)
                .body("detail", containsString("at most 1440 are answered"));
        as(viewer)
                .queryParam("function", "no-such-function")
                .get("/api/v1/activity")
                .then()
                .statusCode(404);
    }

    @Test
    void liveStreamDeliversEgressDecisionsOfTheFunction() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + "?function=" + function + "&decision=denied"))
                .header("Authorization", "Bearer " + viewer)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body()))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!firstData.isDone() && System.nanoTime() < deadline) {
            hub.publish(new LiveEgressEvent(
                    "other-function", Instant.now(), "denied", "connect", "tcp://10.0.0.1:22", null, "x"));
            hub.publish(new LiveEgressEvent(
                    function, Instant.now(), "allowed", "connect", "tcp://127.0.0.1:80", "r", "ok"));
            hub.publish(new LiveEgressEvent(
                    function,
                    Instant.now(),
                    "denied",
                    "connect",
                    "tcp://10.9.9.9:22",
                    null,
                    "no rule allows tcp port 22 of 10.9.9.9"));
            Thread.sleep(100);
        }
        String data = firstData.get(1, TimeUnit.SECONDS);
        assertThat(data)
                .contains("\"function\":\"" + function + "\"")
                .contains("\"decision\":\"denied\"")
                .contains("tcp://10.9.9.9:22");
    }

    @Test
    void liveStreamNeedsAToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(stream).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private UUID record(String status, Instant startedAt) {
        UUID id = UUID.randomUUID();
        store.auditWriter()
                .record(new InvocationEntry(
                        id, function, 1, status, startedAt, Duration.ofMillis(7), 16, 32, 0, "panic: no config\n"));
        return id;
    }

    private void flush() throws InterruptedException {
        assertThat(store.auditWriter().flush(Duration.ofSeconds(10))).isTrue();
    }
}
