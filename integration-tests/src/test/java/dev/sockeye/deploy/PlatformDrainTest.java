package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the platform as {@code ./sockeye up} runs it (the packaged control plane with its embedded invoker, on
 * an external Postgres): its triggers drain as the standalone invoker's do (InvokerDrainTest). wagi_probe's
 * {@code late MILLIS} sleeps before writing anything, so the request is in flight, with nothing sent, when the
 * signal arrives.
 */
class PlatformDrainTest {

    /** HTTP/1.1 as load balancers speak to their upstreams (no h2c upgrade). */
    private static final HttpClient HTTP_1_1 =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path work;

    private EmbeddedPostgresServer postgres;
    private ControlPlaneApi api;

    @AfterEach
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void sigtermLetsTheTriggerInFlightFinishRefusesNewRequestsAndExitsZero() throws Exception {
        try (var platform = start(20)) {
            // A live event stream, which never ends on its own: the shutdown ends it rather than waiting for it.
            var stream = HTTP_1_1.sendAsync(
                    HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/egress-events/stream"))
                            .header("Authorization", "Bearer " + LocalEnvironment.ADMIN_TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var inFlight = sigtermWithALateRequestInFlight(platform, 4000);

            assertThat(stream.get(60, TimeUnit.SECONDS).statusCode())
                    .as("the stream ended, not cut off")
                    .isEqualTo(200);

            Await.untilTrue("a request after the signal is refused", Await.CHANGE, () -> refused(api, "/late"));
            var response = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("late");
            assertThat(platform.process().waitFor(60, TimeUnit.SECONDS))
                    .as("exited after the drain")
                    .isTrue();
            assertThat(platform.process().exitValue()).as(platform.log()).isZero();
            assertThat(platform.log())
                    .contains("event=drain-started")
                    .containsPattern("event=drain-finished in-flight-at-start=[1-9][0-9]* interrupted=0 unanswered=0")
                    .doesNotContainPattern("(?m)^\\s+at [a-z]");
        }
    }

    @Test
    void aTriggerStillRunningAtTheDrainDeadlineIsInterruptedWith503() throws Exception {
        // The guest would sleep 8 s (within its 10 s timeout), past the 1 s drain deadline.
        try (var platform = start(1)) {
            var inFlight = sigtermWithALateRequestInFlight(platform, 8000);

            var response = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("function late was interrupted: this invoker is shutting down");
            assertThat(platform.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(platform.process().exitValue()).as(platform.log()).isZero();
            assertThat(platform.log()).contains("event=drain-deadline-passed interrupted=1");
        }
    }

    private PackagedApp start(int drainSeconds) throws Exception {
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        postgres.createDatabaseIfMissing("sockeye");
        Map<String, String> environment = LocalEnvironment.forDatabase(postgres.jdbcUrl("sockeye"), work)
                .controlPlane("platform", LocalEnvironment.freePort());
        // ./sockeye up: the triggers are served by the platform itself.
        environment.put("SOCKEYE_INVOKER_EMBEDDED", "true");
        environment.put("SOCKEYE_INVOKER_DRAIN_SECONDS", Integer.toString(drainSeconds));
        var platform = PackagedApp.start(PackagedApp.controlPlaneJar(), environment, work.resolve("platform.log"));
        var started = new ControlPlaneApi(Integer.parseInt(environment.get("QUARKUS_HTTP_PORT")));
        try {
            Await.untilTrue("the platform is ready", Await.START, () -> {
                platform.requireAlive();
                return ControlPlaneApi.status(started.base() + "/q/health/ready") == 200;
            });
            api = started;
            return platform;
        } catch (Exception | AssertionError e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Deploys {@code late} (wagi_probe sleeping {@code guestMillis} before it answers), sends it a request, and once
     * the guest runs sends the platform SIGTERM; the response to come.
     */
    private CompletableFuture<HttpResponse<String>> sigtermWithALateRequestInFlight(
            PackagedApp platform, int guestMillis) throws Exception {
        api.deploy("late", "/late", "wagi_probe.wasm", "&arg=late&arg=" + guestMillis);
        CompletableFuture<HttpResponse<String>> inFlight = send(api, "/late");
        awaitRunning(api);
        platform.terminate();
        return inFlight;
    }

    private static CompletableFuture<HttpResponse<String>> send(ControlPlaneApi api, String path) {
        var request = HttpRequest.newBuilder(URI.create(api.base() + path))
                .timeout(Duration.ofSeconds(60))
                .build();
        return HTTP_1_1.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Until the platform's metrics count the guest as running: it is in flight before the signal. */
    private static void awaitRunning(ControlPlaneApi api) throws InterruptedException {
        Await.untilTrue(
                "the request is running",
                Await.CHANGE,
                () -> api.expect(200, "GET", "/q/metrics", null, null).contains("sockeye_invocations_in_flight 1.0"));
    }

    /** A 503 (Quarkus' graceful shutdown) or no connection (the listener already closed). */
    private static boolean refused(ControlPlaneApi api, String path) throws InterruptedException {
        try {
            return ControlPlaneApi.status(api.base() + path) == 503;
        } catch (IOException closed) {
            return true;
        }
    }
}
