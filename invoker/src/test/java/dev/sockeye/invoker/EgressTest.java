package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.testing.ReplyServer;
import dev.sockeye.invoker.testing.RunningInvoker;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EgressTest {
    private static RunningInvoker invoker;
    private static ReplyServer server;

    @BeforeAll
    static void start() {
        invoker = new RunningInvoker();
        server = new ReplyServer(1);
    }

    @AfterAll
    static void stop() throws Exception {
        invoker.close();
        server.close();
    }

    private void deployDialer(String name, FunctionEgress egress) {
        deployProbe(name, "dial", egress);
    }

    private void deployProbe(String name, String mode, FunctionEgress egress) {
        var function = invoker.probe(name, mode);
        invoker.registry.deploy(function.withEgress(egress)
                .withVersion(function.version()
                        .withEnv(Map.of("PROBE_HOST", "127.0.0.1", "PROBE_PORT", Integer.toString(server.port())))));
    }

    @Test
    void guestReachesALoopbackServerItsPolicyAllows() {
        deployDialer("allowed", FunctionEgress.of(EgressPolicy.parse(List.of("tcp://127.0.0.1:" + server.port()))));

        var response = invoker.get("/fn/allowed");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("reply=pong ");
        var rows = invoker.audit.egressDecisions().stream()
                .filter(r -> r.function().equals("allowed"))
                .toList();
        assertThat(rows)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.decision().verdict()).isEqualTo(EgressDecision.Verdict.ALLOWED));
        assertThat(rows).anySatisfy(r -> assertThat(r.decision().rule()).isEqualTo("tcp://127.0.0.1:" + server.port()));
        assertThat(invoker.scrape())
                .contains("sockeye_egress_decisions_total{decision=\"allowed\",function=\"allowed\",protocol=\"tcp\"}");
    }

    @Test
    void guestDeniedByItsPolicyFailsWith500AndTheDenialIsAuditedAndCounted() {
        int before = server.connections();
        deployDialer("denied", FunctionEgress.of(EgressPolicy.parse(List.of("tcp://127.0.0.1:1"))));

        var response = invoker.get("/fn/denied");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("function denied exited(");
        assertThat(server.connections()).isEqualTo(before);
        var rows = invoker.audit.egressDecisions().stream()
                .filter(r -> r.function().equals("denied"))
                .toList();
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.decision().verdict()).isEqualTo(EgressDecision.Verdict.DENIED);
            assertThat(r.decision().request().port()).isEqualTo(server.port());
        });
        var invocation = invoker.audit.invocations().stream()
                .filter(r -> r.function().equals("denied"))
                .findFirst();
        assertThat(invocation)
                .hasValueSatisfying(r ->
                        assertThat(r.invocationId()).isEqualTo(rows.getFirst().invocationId()));
        assertThat(invoker.audit.logLines())
                .anySatisfy(l -> assertThat(l.line()).startsWith("connect: errno="));
        assertThat(invoker.scrape())
                .contains(
                        "sockeye_egress_decisions_total{decision=\"denied\",function=\"denied\",protocol=\"tcp\"} 1.0")
                .contains("sockeye_invocations_total{function=\"denied\",status=\"500\"} 1.0");
    }

    @Test
    void learnModeLetsTheGuestThroughButRecordsWouldDeny() {
        deployDialer(
                "learner",
                FunctionEgress.of(EgressPolicy.parse(List.of("tcp://127.0.0.1:1"))
                        .withMode(dev.sockeye.sockets.egress.EgressMode.LEARN)));

        var response = invoker.get("/fn/learner");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(invoker.audit.egressDecisions()).anySatisfy(r -> {
            assertThat(r.function()).isEqualTo("learner");
            assertThat(r.decision().verdict()).isEqualTo(EgressDecision.Verdict.WOULD_DENY);
        });
    }

    @Test
    void socketAndByteMetricsFollowGuestTraffic() {
        deployDialer("counted", FunctionEgress.ALLOW_ALL);

        invoker.get("/fn/counted");

        String metrics = invoker.scrape();
        assertThat(metrics)
                .contains("sockeye_guest_sockets_open 0.0")
                .containsPattern("sockeye_guest_bytes_total\\{direction=\"out\"} [1-9]")
                .containsPattern("sockeye_guest_bytes_total\\{direction=\"in\"} [1-9]");
    }

    @Test
    void aRunningGuestsNextConnectIsJudgedByTheRulesNowInForce() throws Exception {
        deployProbe("redial-rule", "redial", allowingTheServer());
        var response = redialUntilConnected("redial-rule");

        var function = invoker.registry.snapshot().function("redial-rule");
        invoker.registry.deploy(
                function.withEgress(FunctionEgress.of(EgressPolicy.parse(List.of("tcp://127.0.0.1:1")))));

        assertStoppedByADenial("redial-rule", response);
    }

    @Test
    void aRunningGuestLosesEgressWhenItsFunctionIsRemoved() throws Exception {
        deployProbe("redial-gone", "redial", allowingTheServer());
        var response = redialUntilConnected("redial-gone");

        invoker.registry.remove("redial-gone");

        assertStoppedByADenial("redial-gone", response);
    }

    private FunctionEgress allowingTheServer() {
        return FunctionEgress.of(EgressPolicy.parse(List.of("tcp://127.0.0.1:" + server.port())));
    }

    /** Starts the redialing guest and returns once it has connected a few times under its first policy. */
    private CompletableFuture<HttpResponse<String>> redialUntilConnected(String name) throws InterruptedException {
        int before = server.connections();
        var response = invoker.client.sendAsync(
                HttpRequest.newBuilder(invoker.uri("/fn/" + name)).build(), HttpResponse.BodyHandlers.ofString());
        while (server.connections() < before + 3 && !response.isDone()) {
            Thread.sleep(10);
        }
        return response;
    }

    /** The guest stopped at a connect refused with EACCES (2), long before its 3,000 dials, and that was audited. */
    private void assertStoppedByADenial(String name, CompletableFuture<HttpResponse<String>> response)
            throws Exception {
        String body = response.get(60, TimeUnit.SECONDS).body();
        assertThat(body).matches("dials=\\d+ errno=2\n");
        assertThat(Integer.parseInt(body.replaceAll("dials=(\\d+).*\n", "$1"))).isBetween(3, 2999);
        assertThat(invoker.audit.egressDecisions()).anySatisfy(r -> {
            assertThat(r.function()).isEqualTo(name);
            assertThat(r.decision().verdict()).isEqualTo(EgressDecision.Verdict.DENIED);
        });
    }
}
