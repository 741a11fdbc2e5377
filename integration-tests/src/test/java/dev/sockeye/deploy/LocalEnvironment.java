package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment the chart renders for a component's container, moved to this machine: Secret references filled
 * in, the pod's volume paths (the cache and tmp volumes) below a directory of the test, the listening port on
 * loopback. Everything else exactly as rendered.
 */
final class LocalEnvironment {

    static final String ADMIN_TOKEN = "sockeye_Y2hhcnQtZW52aXJvbm1lbnQtdGVzdC1hZG1pbi10b2tlbi0x";
    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private final RenderedChart chart;
    private final Path work;

    private LocalEnvironment(RenderedChart chart, Path work) {
        this.chart = chart;
        this.work = work;
    }

    /** The chart rendered for a Postgres at {@code jdbcUrl} (superuser, no password) and the supplied admin token. */
    static LocalEnvironment forDatabase(String jdbcUrl, Path work) {
        var chart = RenderedChart.render(template -> template.set("postgres.url", jdbcUrl)
                .set("postgres.user", dev.sockeye.store.database.EmbeddedPostgresServer.SUPERUSER)
                .set("adminToken.existingSecret", "sockeye-admin-token"));
        return new LocalEnvironment(chart, work);
    }

    RenderedChart chart() {
        return chart;
    }

    /** A control plane's environment, its files below {@code work/name}, listening on 127.0.0.1:{@code port}. */
    Map<String, String> controlPlane(String name, int port) throws IOException {
        var environment = onThisMachine(chart.environment("control-plane"), name);
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // No engine warm-up: on this shared machine its 40 parses take a minute of CPU per start, beside the tests.
        environment.put("SOCKEYE_VERSIONS_WARM_UP_PARSES", "0");
        return environment;
    }

    /**
     * An invoker's environment, its files below {@code work/name}, listening on 127.0.0.1:{@code port}; the metrics
     * port the chart sets becomes a free one here ({@link #metricsPort}).
     */
    Map<String, String> invoker(String name, int port) throws IOException {
        var environment = onThisMachine(chart.environment("invoker"), name);
        environment.put("SOCKEYE_INVOKER_HOST", "127.0.0.1");
        environment.put("SOCKEYE_INVOKER_PORT", Integer.toString(port));
        if (environment.containsKey("SOCKEYE_METRICS_PORT")) {
            environment.put("SOCKEYE_METRICS_PORT", Integer.toString(freePort()));
        }
        return environment;
    }

    /** The port an invoker with {@code environment} serves /metrics, /health and /health/ready on. */
    static int metricsPort(Map<String, String> environment) {
        return Integer.parseInt(
                environment.getOrDefault("SOCKEYE_METRICS_PORT", environment.get("SOCKEYE_INVOKER_PORT")));
    }

    private Map<String, String> onThisMachine(Map<String, String> rendered, String component) throws IOException {
        Path root = Files.createDirectories(work.resolve(component));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Map<String, String> environment = new HashMap<>();
        rendered.forEach((name, value) -> {
            String local = switch (value) {
                case "secret:sockeye-db/password" -> "";
                case "secret:sockeye-secret-keys/k1" -> KEY;
                case "secret:sockeye-admin-token/token" -> ADMIN_TOKEN;
                default ->
                    value.replace("/var/cache/sockeye", root.resolve("cache").toString())
                            .replace("/tmp", tmp.toString());
            };
            assertThat(local).as(name).doesNotStartWith("secret:");
            environment.put(name, local);
        });
        return environment;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
