package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three standalone invokers behind nginx, one control plane with {@code embedded=false}, one Postgres: the
 * chart's deployment as processes on this machine ({@link LocalDeployment}). The tests run in order on the same
 * deployment; the last one kills an invoker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

    private static final int INVOKERS = 3;
    private static final String HELLO = "hello from sockeye\n";
    private static final String SLOW = "first\nsecond\n";

    private LocalDeployment deployment;
    private ServerSocket pongServer;

    @BeforeAll
    void startTheDeployment(@TempDir Path work) throws Exception {
        deployment = LocalDeployment.start(work, INVOKERS);
        pongServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("pong-server").start(this::answerPong);
        var api = deployment.api();
        api.deploy("hello", "/hello", "hello_wagi.wasm", "");
        api.deploy("slow", "/slow", "wagi_probe.wasm", "&arg=slow&arg=200");
        api.deploy(
                "dialer",
                "/dialer",
                "wagi_probe.wasm",
                "&arg=dial&env=PROBE_HOST=127.0.0.1&env=PROBE_PORT=" + pongServer.getLocalPort());
        for (int i = 0; i < INVOKERS; i++) {
            awaitServed(i, "/hello", 200, HELLO);
            awaitServed(i, "/slow", 200, SLOW);
        }
    }

    @AfterAll
    void stopTheDeployment() throws Exception {
        if (pongServer != null) {
            pongServer.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Order(1)
    void requestsThroughTheLoadBalancerSpreadOverAllThreeInvokers() throws Exception {
        long[] before = helloCounts();
        int requests = 30;
        for (int i = 0; i < requests; i++) {
            var response = ControlPlaneApi.get(deployment.triggers() + "/hello");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(HELLO);
        }
        long[] after = helloCounts();
        long total = 0;
        for (int i = 0; i < INVOKERS; i++) {
            assertThat(after[i] - before[i])
                    .as("requests invoker %d answered", i)
                    .isPositive();
            total += after[i] - before[i];
        }
        assertThat(total).as("each request answered by exactly one invoker").isEqualTo(requests);
    }

    @Test
    @Order(2)
    void aPolicyChangeThroughTheApiIsEnforcedByAllThreeInvokers() throws Exception {
        String destination = "tcp://127.0.0.1:" + pongServer.getLocalPort();
        for (int i = 0; i < INVOKERS; i++) {
            assertThat(ControlPlaneApi.status(deployment.invoker(i) + "/dialer"))
                    .as("invoker %d before any rule: the connect is denied, the guest exits with its errno", i)
                    .isEqualTo(500);
        }

        deployment
                .api()
                .expect(
                        200,
                        "POST",
                        "/api/v1/functions/dialer/egress/rules",
                        "application/json",
                        "{\"rule\": \"" + destination + "\"}");
        for (int i = 0; i < INVOKERS; i++) {
            awaitServed(i, "/dialer", 200, "reply=pong\n");
        }

        deployment
                .api()
                .expect(
                        200,
                        "DELETE",
                        "/api/v1/functions/dialer/egress/rules?rule="
                                + URLEncoder.encode(destination, StandardCharsets.UTF_8),
                        null,
                        null);
        for (int i = 0; i < INVOKERS; i++) {
            awaitServed(i, "/dialer", 500, null);
        }
    }

    @Test
    @Order(3)
    void postgresRestartedUnderLoadKeepsEveryCommittedRowAndTheInvokersServing() throws Exception {
        // Audit rows: invocations answered before the restart, committed (the writer is asynchronous) before it.
        Set<String> answeredBefore = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            answeredBefore.add(ControlPlaneApi.get(deployment.triggers() + "/hello")
                    .headers()
                    .firstValue("Sockeye-Invocation-Id")
                    .orElseThrow());
        }
        Await.untilTrue(
                "the invocations are audited",
                Await.CHANGE,
                () -> invocationIds().containsAll(answeredBefore));

        try (var load = TriggerLoad.start(deployment.triggers() + "/slow", 4)) {
            var versions = rows("select function_id || '/' || number from versions");
            var revisions = rows("select function_id || '/' || revision from egress_policy_history");
            var invocations = invocationIds();
            assertThat(versions).hasSizeGreaterThanOrEqualTo(3);
            assertThat(revisions).hasSizeGreaterThanOrEqualTo(2);

            deployment.stopPostgres();
            for (int i = 0; i < INVOKERS; i++) {
                deployment.awaitInvokerHealth(i, false);
            }
            for (int i = 0; i < INVOKERS; i++) {
                var known = ControlPlaneApi.get(deployment.invoker(i) + "/hello");
                assertThat(known.statusCode())
                        .as("invoker %d serves a known function", i)
                        .isEqualTo(200);
                var unknown = ControlPlaneApi.get(deployment.invoker(i) + "/latecomer");
                assertThat(unknown.statusCode())
                        .as("invoker %d cannot know /latecomer without Postgres: %s", i, unknown.body())
                        .isEqualTo(503);
                assertThat(unknown.headers().firstValue("Retry-After")).isPresent();
            }
            long outage = System.nanoTime();
            load.awaitSuccessesAfter(outage, 10, SLOW);

            deployment.startPostgres();
            for (int i = 0; i < INVOKERS; i++) {
                deployment.awaitInvokerHealth(i, true);
            }
            deployment.awaitControlPlaneReady();
            assertThat(rows("select function_id || '/' || number from versions"))
                    .containsAll(versions);
            assertThat(rows("select function_id || '/' || revision from egress_policy_history"))
                    .containsAll(revisions);
            assertThat(invocationIds()).containsAll(invocations).containsAll(answeredBefore);

            // A change committed after Postgres returned reaches every invoker.
            deployment.api().deploy("latecomer", "/latecomer", "hello_wagi.wasm", "");
            for (int i = 0; i < INVOKERS; i++) {
                awaitServed(i, "/latecomer", 200, HELLO);
            }

            var outcomes = load.stop();
            assertThat(outcomes.stream().filter(o -> !o.succeeded(SLOW)))
                    .as("requests to a known function that failed across the restart")
                    .isEmpty();
            // The audit rows of runs answered while Postgres was down were buffered and are written now.
            Set<String> answered = new HashSet<>();
            outcomes.forEach(o -> answered.add(o.invocationId()));
            assertThat(answered).doesNotContainNull().hasSizeGreaterThanOrEqualTo(10);
            Await.untilTrue(
                    "the runs answered during the outage are audited",
                    Await.CHANGE,
                    () -> invocationIds().containsAll(answered));
        }
    }

    @Test
    @Order(4)
    void killingOneInvokerUnderLoadFailsOnlyItsInFlightRequests() throws Exception {
        int victim = 0;
        long[] before = slowCounts();
        try (var load = TriggerLoad.start(deployment.triggers() + "/slow", 6)) {
            Await.untilTrue("every invoker serves part of the load", Await.CHANGE, () -> {
                long[] now = slowCounts();
                for (int i = 0; i < INVOKERS; i++) {
                    if (now[i] <= before[i]) {
                        return false;
                    }
                }
                return true;
            });

            long killing = System.nanoTime();
            deployment.invokerProcess(victim).kill();
            long killed = System.nanoTime();
            long[] atKill = new long[INVOKERS];
            for (int i = 1; i < INVOKERS; i++) {
                atKill[i] = deployment.invocations(i, "slow", 200);
            }
            load.awaitSuccessesAfter(killed, 40, SLOW);
            var outcomes = load.stop();

            var failed = outcomes.stream().filter(o -> !o.succeeded(SLOW)).toList();
            assertThat(failed)
                    .as("every failed request was in flight when the invoker was killed")
                    .allMatch(o -> o.inFlightDuring(killing, killed));
            assertThat(failed.size())
                    .as("at most one request per client can have been in flight")
                    .isLessThanOrEqualTo(load.workers());
            assertThat(outcomes.stream().filter(o -> o.startedAfter(killed)))
                    .as("requests sent after the kill")
                    .isNotEmpty()
                    .allMatch(o -> o.succeeded(SLOW));
            for (int i = 1; i < INVOKERS; i++) {
                assertThat(deployment.invocations(i, "slow", 200))
                        .as("invoker %d keeps answering", i)
                        .isGreaterThan(atKill[i]);
            }
        }
    }

    private long[] helloCounts() throws IOException, InterruptedException {
        return counts("hello");
    }

    private long[] slowCounts() throws IOException, InterruptedException {
        return counts("slow");
    }

    private long[] counts(String function) throws IOException, InterruptedException {
        long[] counts = new long[INVOKERS];
        for (int i = 0; i < INVOKERS; i++) {
            counts[i] = deployment.invocations(i, function, 200);
        }
        return counts;
    }

    /** Polls invoker {@code index} directly until {@code path} answers {@code status} (and {@code body}, if given). */
    private void awaitServed(int index, String path, int status, String body) throws InterruptedException {
        Await.untilTrue("invoker " + index + " answers " + path + " with " + status, Await.CHANGE, () -> {
            deployment.invokerProcess(index).requireAlive();
            var response = ControlPlaneApi.get(deployment.invoker(index) + path);
            return response.statusCode() == status && (body == null || body.equals(response.body()));
        });
    }

    private Set<String> invocationIds() throws SQLException {
        return rows("select id::text from invocations");
    }

    private Set<String> rows(String query) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (var connection = deployment.database().getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private void answerPong() {
        while (!pongServer.isClosed()) {
            try (Socket client = pongServer.accept()) {
                InputStream in = client.getInputStream();
                byte[] ping = new byte[5];
                in.readNBytes(ping, 0, ping.length);
                OutputStream out = client.getOutputStream();
                out.write("pong\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closed) {
                // the server socket closed at the end of the class, or a client went away
            }
        }
    }
}
