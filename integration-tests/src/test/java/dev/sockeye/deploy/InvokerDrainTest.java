package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real standalone invoker process ({@code java -jar}, local functions): it drains. wagi_probe's
 * {@code late MILLIS} sleeps before writing anything, so the request is in flight, with nothing sent, when the
 * signal arrives.
 */
class InvokerDrainTest {

    /** HTTP/1.1 as load balancers speak to their upstreams (no h2c upgrade). */
    private static final HttpClient HTTP_1_1 =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path work;

    @Test
    void sigtermLetsTheRequestInFlightFinishRefusesNewConnectionsAndExitsZero() throws Exception {
        int port = LocalEnvironment.freePort();
        int metricsPort = LocalEnvironment.freePort();
        try (var invoker = start(port, 20, 3000, Map.of("SOCKEYE_METRICS_PORT", Integer.toString(metricsPort)))) {
            // SOCKEYE_METRICS_PORT: the triggers' port serves no metrics; the metrics port no triggers.
            assertThat(ControlPlaneApi.status(base(port) + "/metrics")).isEqualTo(404);
            assertThat(ControlPlaneApi.get(base(metricsPort) + "/metrics").body())
                    .contains("sockeye_invocations_in_flight");
            assertThat(ControlPlaneApi.status(base(metricsPort) + "/fn/late")).isEqualTo(404);
            // A keep-alive connection opened before the signal: it shows readiness from inside the drain.
            try (var kept = new Socket("127.0.0.1", port)) {
                assertThat(exchange(kept, "/health/ready")).startsWith("HTTP/1.1 200");
                CompletableFuture<HttpResponse<String>> inFlight = sendLate(port);
                awaitRunning(port);

                invoker.terminate();

                Await.untilTrue("the listening socket is closed", Await.CHANGE, () -> refused(port));
                var readyOnMetricsPort = ControlPlaneApi.get(base(metricsPort) + "/health/ready");
                assertThat(readyOnMetricsPort.statusCode()).isEqualTo(503);
                assertThat(readyOnMetricsPort.body()).contains("draining");
                String readiness = exchange(kept, "/health/ready");
                assertThat(readiness)
                        .startsWith("HTTP/1.1 503")
                        .containsIgnoringCase("connection: close")
                        .contains("draining");
                assertThat(kept.getInputStream().read())
                        .as("closed after the answer")
                        .isEqualTo(-1);

                var response = inFlight.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("late");
            }
            assertThat(invoker.process().waitFor(60, TimeUnit.SECONDS))
                    .as("exited after the drain")
                    .isTrue();
            assertThat(invoker.process().exitValue()).as(invoker.log()).isZero();
            assertThat(invoker.log()).contains("event=drain-finished in-flight-at-start=1 interrupted=0 unanswered=0");
        }
    }

    @Test
    void aRequestStillRunningAtTheDrainDeadlineIsInterruptedWith503() throws Exception {
        int port = LocalEnvironment.freePort();
        // The guest would sleep 8 s (within its 10 s timeout), past the 1 s drain deadline.
        try (var invoker = start(port, 1, 8000, Map.of())) {
            CompletableFuture<HttpResponse<String>> inFlight = sendLate(port);
            awaitRunning(port);

            invoker.terminate();

            var response = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("function late was interrupted: this invoker is shutting down");
            assertThat(invoker.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(invoker.process().exitValue()).as(invoker.log()).isZero();
            assertThat(invoker.log()).contains("event=drain-deadline-passed interrupted=1");
        }
    }

    @Test
    void aBadDrainSettingIsOneLineAndExitCode2() throws Exception {
        var environment = environment(LocalEnvironment.freePort(), 20);
        environment.put("SOCKEYE_INVOKER_DRAIN_SECONDS", "soon");
        try (var invoker =
                PackagedApp.start(PackagedApp.invokerJar(), List.of(), environment, work.resolve("bad.log"))) {
            assertThat(invoker.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(invoker.process().exitValue()).isEqualTo(2);
            assertThat(invoker.log().strip().lines().toList().getLast())
                    .isEqualTo("sockeye invoker: SOCKEYE_INVOKER_DRAIN_SECONDS must be a whole number of seconds,"
                            + " 0 or more, was 'soon'");
        }
    }

    private PackagedApp start(int port, int drainSeconds, int guestMillis, Map<String, String> extra) throws Exception {
        var environment = environment(port, drainSeconds);
        environment.putAll(extra);
        var invoker = PackagedApp.start(
                PackagedApp.invokerJar(),
                List.of(
                        "--function",
                        "late=" + RenderedChart.REPO.resolve("guests/bin/wagi_probe.wasm"),
                        "--arg",
                        "late",
                        "--arg",
                        Integer.toString(guestMillis)),
                environment,
                work.resolve("invoker.log"));
        try {
            Await.untilTrue("the invoker is ready", Await.START, () -> {
                invoker.requireAlive();
                return ControlPlaneApi.status(base(port) + "/health/ready") == 200;
            });
            return invoker;
        } catch (Exception | AssertionError e) {
            invoker.close();
            throw e;
        }
    }

    private Map<String, String> environment(int port, int drainSeconds) {
        var environment = new HashMap<String, String>();
        environment.put("SOCKEYE_INVOKER_HOST", "127.0.0.1");
        environment.put("SOCKEYE_INVOKER_PORT", Integer.toString(port));
        environment.put("SOCKEYE_INVOKER_DRAIN_SECONDS", Integer.toString(drainSeconds));
        environment.put("SOCKEYE_INVOKER_COMPILE_CACHE_DIR", "none");
        // The first run starts at once in the interpreter instead of waiting seconds for wagi_probe to compile.
        environment.put("SOCKEYE_INVOKER_INTERPRET_ABOVE_BYTES", "0");
        environment.put("JAVA_TOOL_OPTIONS", "-Xmx256m");
        return environment;
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static CompletableFuture<HttpResponse<String>> sendLate(int port) {
        var request = HttpRequest.newBuilder(URI.create(base(port) + "/fn/late"))
                .timeout(Duration.ofSeconds(60))
                .build();
        return HTTP_1_1.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Until the invoker's /health counts the request as running: it is in flight before the signal. */
    private static void awaitRunning(int port) throws InterruptedException {
        Await.untilTrue(
                "the request is running",
                Await.CHANGE,
                () -> ControlPlaneApi.get(base(port) + "/health").body().contains("\"running\":1"));
    }

    private static boolean refused(int port) throws IOException {
        try (var probe = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /** One HTTP/1.1 request on an open keep-alive connection; the response (head and Content-Length body). */
    private static String exchange(Socket socket, String path) throws IOException {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed after " + head.length() + " bytes: " + head);
            }
            head.append((char) next);
        }
        var length =
                java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        int bodyBytes = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyBytes), StandardCharsets.UTF_8);
    }
}
