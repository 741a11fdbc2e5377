package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node as {@code ./sockeye up} runs it (the platform with its embedded invoker), on an external Postgres this
 * test owns, under a steady load of trigger requests and API reads: Postgres is SIGKILLed and restarted, then the
 * platform is SIGKILLed and restarted. Nothing committed is lost, the platform survives the outage, every request
 * that failed got a clean 503 problem or (only while no platform process was listening) no connection, none hung,
 * and both recoveries are measured (docs/operations.md quotes them).
 */
class PlatformChaosTest {

    private static final String HELLO = "hello from sockeye\n";
    /** A request taking longer than this counts as hung; it is far above any answer the platform gives. */
    private static final Duration HANG = Duration.ofSeconds(20);
    /**
     * Each trigger client's pause between requests: a steady load of at most some hundreds of requests a second, so
     * what the test sees does not depend on how fast the machine is. Unpaced, three clients sent ~4,000 a second on
     * a quiet machine; with the audit writer's old 5 s retry pause the 50,000-entry queue then filled right after the
     * outage and dropped entries (fixed: 1 s pauses, backlog batches; AuditWriterTest).
     */
    private static final Duration LOAD_PAUSE = Duration.ofMillis(5);

    /** What the test counts before and after each crash: row keys of the committed state, by table. */
    private static final Map<String, String> COMMITTED = committedQueries();

    @TempDir
    Path work;

    private EmbeddedPostgresServer postgres;

    @Test
    void postgresAndThePlatformKilledUnderLoadLoseNothingCommittedAndServiceReturns() throws Exception {
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        int postgresPort = postgres.port();
        List<TriggerLoad.Outcome> outcomes = new ArrayList<>();
        try {
            postgres.createDatabaseIfMissing("sockeye");
            var environment = LocalEnvironment.forDatabase(postgres.jdbcUrl("sockeye"), work)
                    .controlPlane("platform", LocalEnvironment.freePort());
            // ./sockeye up: the triggers are served by the platform itself.
            environment.put("SOCKEYE_INVOKER_EMBEDDED", "true");
            var api = new ControlPlaneApi(Integer.parseInt(environment.get("QUARKUS_HTTP_PORT")));
            var platform = startPlatform(environment, api, "platform-1.log");
            try {
                api.deploy("hello", "/hello", "hello_wagi.wasm", "");
                api.deploy("other", "/other", "hello_wagi.wasm", "");
                api.expect(
                        201,
                        "POST",
                        "/api/v1/functions/hello/versions?activate=true",
                        "application/wasm",
                        java.nio.file.Files.readAllBytes(ControlPlaneApi.guest("hello_wagi.wasm")));
                for (String rule : List.of("tcp://127.0.0.1:9", "tcp://127.0.0.1:7")) {
                    api.expect(
                            200,
                            "POST",
                            "/api/v1/functions/hello/egress/rules",
                            "application/json",
                            "{\"rule\": \"" + rule + "\"}");
                }
                awaitServed(api);

                var triggers = TriggerLoad.start(
                        HttpRequest.newBuilder(URI.create(api.base() + "/hello"))
                                .timeout(HANG)
                                .POST(HttpRequest.BodyPublishers.ofString("load"))
                                .build(),
                        3,
                        LOAD_PAUSE);
                var reads = TriggerLoad.start(
                        HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/functions/hello"))
                                .header("Authorization", "Bearer " + LocalEnvironment.ADMIN_TOKEN)
                                .timeout(HANG)
                                .GET()
                                .build(),
                        1);
                try {
                    long loaded = System.nanoTime();
                    triggers.awaitSuccessesAfter(loaded, 20, HELLO);
                    awaitAudited(triggers, loaded, work.resolve("platform-1.log"));

                    // (a) Postgres dies as if OOM-killed, and comes back on its port.
                    var beforeOutage = committed();
                    long postgresKilled = System.nanoTime();
                    killPostgres();
                    triggers.awaitSuccessesAfter(postgresKilled, 20, HELLO);
                    Await.untilTrue(
                            "an API read during the outage is a 503",
                            Await.CHANGE,
                            () -> reads.outcomes().stream()
                                    .anyMatch(o -> o.startedAfter(postgresKilled) && o.status() == 503));
                    var write = api.send(
                            "POST",
                            "/api/v1/functions",
                            "application/json",
                            "{\"name\": \"during-outage\", \"routes\": [\"/during-outage\"]}");
                    assertThat(write.statusCode())
                            .as("a write during the outage: %s", write.body())
                            .isEqualTo(503);
                    assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    assertThat(write.headers().firstValue("Retry-After")).isPresent();
                    platform.requireAlive();

                    long postgresBack = System.nanoTime();
                    postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), postgresPort);
                    long postgresStarted = System.nanoTime();
                    long apiBack = awaitSuccessAfter(reads, postgresStarted, null);
                    assertThat(committed())
                            .as("rows committed before Postgres was killed")
                            .satisfies(after -> containsAll(after, beforeOutage));
                    api.deploy("after-outage", "/after-outage", "hello_wagi.wasm", "");

                    // (b) The platform dies (SIGKILL) under the same load and is started again.
                    awaitAudited(triggers, postgresStarted, work.resolve("platform-1.log"));
                    var beforeCrash = committed();
                    long platformKilled = System.nanoTime();
                    platform.kill();
                    long restarted = System.nanoTime();
                    platform = startPlatform(environment, api, "platform-2.log");
                    long ready = System.nanoTime();
                    long triggersBack = awaitSuccessAfter(triggers, ready, HELLO);
                    awaitSuccessAfter(reads, ready, null);
                    assertThat(committed())
                            .as("rows committed before the platform was killed")
                            .satisfies(after -> containsAll(after, beforeCrash));
                    assertThat(ControlPlaneApi.get(api.base() + "/after-outage").body())
                            .isEqualTo(HELLO);

                    outcomes.addAll(triggers.stop());
                    outcomes.addAll(reads.stop());
                    platform.requireAlive();
                    assertCleanFailures(outcomes, platformKilled, ready);
                    System.out.printf(
                            "event=chaos_recovery postgres_start_ms=%d api_after_postgres_ms=%d"
                                    + " platform_start_ms=%d triggers_after_kill_ms=%d requests=%d failed=%d%n",
                            millis(postgresBack, postgresStarted),
                            millis(postgresStarted, apiBack),
                            millis(restarted, ready),
                            millis(platformKilled, triggersBack),
                            outcomes.size(),
                            outcomes.stream().filter(o -> o.status() != 200).count());
                } finally {
                    triggers.stop();
                    reads.stop();
                }
            } finally {
                platform.close();
            }
        } finally {
            postgres.close();
        }
    }

    private PackagedApp startPlatform(Map<String, String> environment, ControlPlaneApi api, String log)
            throws Exception {
        var platform = PackagedApp.start(PackagedApp.controlPlaneJar(), environment, work.resolve(log));
        Await.untilTrue("the platform is ready", Await.START, () -> {
            platform.requireAlive();
            return ControlPlaneApi.status(api.base() + "/q/health/ready") == 200;
        });
        return platform;
    }

    private static void awaitServed(ControlPlaneApi api) throws InterruptedException {
        Await.untilTrue(
                "the trigger answers",
                Await.CHANGE,
                () -> HELLO.equals(ControlPlaneApi.get(api.base() + "/hello").body()));
    }

    /**
     * Every request either succeeded, or got a 503 problem+json with Retry-After and no stack trace, or (only if it
     * was open while no platform process listened) failed to connect; none took {@link #HANG}.
     */
    private static void assertCleanFailures(List<TriggerLoad.Outcome> outcomes, long killed, long ready) {
        assertThat(outcomes).isNotEmpty();
        for (var outcome : outcomes) {
            if (outcome.status() == 200) {
                continue;
            }
            if (outcome.status() == 503) {
                assertThat(outcome.contentType()).as(outcome.toString()).isEqualTo("application/problem+json");
                assertThat(outcome.retryAfter()).as(outcome.toString()).isNotNull();
                assertThat(outcome.body())
                        .as(outcome.toString())
                        .contains("\"status\":503")
                        .doesNotContain("\tat ", "Exception");
                continue;
            }
            assertThat(outcome.status())
                    .as("a request without an answer, or with another status: %s", outcome)
                    .isEqualTo(-1);
            assertThat(outcome.error()).as(outcome.toString()).doesNotContain("Timeout");
            assertThat(outcome.inFlightDuring(killed, ready))
                    .as("failed to connect only while no platform listened: %s", outcome)
                    .isTrue();
        }
    }

    /** The first moment a request started after {@code nanos} succeeded (with {@code body}, when given). */
    private static long awaitSuccessAfter(TriggerLoad load, long nanos, String body) throws InterruptedException {
        return Await.until(
                "a request started later succeeds",
                Await.CHANGE,
                () -> load.outcomes().stream()
                        .filter(o ->
                                o.startedAfter(nanos) && o.status() == 200 && (body == null || body.equals(o.body())))
                        .mapToLong(TriggerLoad.Outcome::endedNanos)
                        .min()
                        .stream()
                        .boxed()
                        .findFirst());
    }

    /**
     * Waits until the invocations answered after {@code nanos} so far are audited (the writer is asynchronous); if
     * they never are, the failure names the missing ones and quotes the end of the platform's log.
     */
    private void awaitAudited(TriggerLoad load, long nanos, Path platformLog) throws Exception {
        Map<String, TriggerLoad.Outcome> answered = new LinkedHashMap<>();
        load.outcomes().stream()
                .filter(o -> o.startedAfter(nanos) && o.invocationId() != null)
                .forEach(o -> answered.put(o.invocationId(), o));
        assertThat(answered).isNotEmpty();
        try {
            Await.untilTrue(
                    "the invocations are audited",
                    Await.CHANGE,
                    () -> rows(COMMITTED.get("invocations")).containsAll(answered.keySet()));
        } catch (AssertionError e) {
            var missing = new LinkedHashMap<>(answered);
            missing.keySet().removeAll(rows(COMMITTED.get("invocations")));
            List<String> log = java.nio.file.Files.readAllLines(platformLog);
            throw new AssertionError(
                    e.getMessage() + "; " + missing.size() + " of " + answered.size() + " not audited: "
                            + missing.values().stream().limit(5).toList() + "\nlast lines of " + platformLog + ":\n"
                            + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())),
                    e);
        }
    }

    private Map<String, Set<String>> committed() throws SQLException {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (var table : COMMITTED.entrySet()) {
            rows.put(table.getKey(), rows(table.getValue()));
        }
        return rows;
    }

    private static void containsAll(Map<String, Set<String>> after, Map<String, Set<String>> before) {
        before.forEach((table, keys) -> {
            assertThat(keys).as("%s rows before", table).isNotEmpty();
            assertThat(after.get(table)).as("%s rows", table).containsAll(keys);
        });
    }

    private Set<String> rows(String query) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (var connection = postgres.dataSource("sockeye").getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    /** SIGKILL the postmaster and its children, like an OOM kill: no shutdown, no checkpoint. */
    private void killPostgres() throws InterruptedException {
        ProcessHandle postmaster = ProcessHandle.of(postgres.postmasterPid()).orElseThrow();
        var children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        Await.untilTrue(
                "the postgres processes are gone",
                Await.CHANGE,
                () -> !postmaster.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
        postgres.close(); // releases the data directory's lock; Postgres is already gone
    }

    private static long millis(long from, long to) {
        return Duration.ofNanos(to - from).toMillis();
    }

    private static Map<String, String> committedQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("functions", "select name from functions");
        queries.put("versions", "select function_id || '/' || number from versions");
        queries.put("egress_policy_history", "select function_id || '/' || revision from egress_policy_history");
        queries.put("invocations", "select id::text from invocations");
        return queries;
    }
}
