package dev.sockeye.deploy;

import static dev.sockeye.deploy.RenderedChart.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane and a standalone invoker, the packaged applications as child processes, each started with
 * exactly the environment the chart renders for its container (Secret references filled in, the pod's volume
 * paths and ports moved to this machine), on one real Postgres. The probes the chart declares answer, the
 * supplied admin token works, and a secret the control plane encrypts reaches the invoker's guest decrypted: both
 * read the database and the secret keys from the variables the chart sets.
 */
class ChartEnvironmentTest {

    private static final Path REPO = RenderedChart.REPO;
    private static final String ADMIN_TOKEN = "sockeye_Y2hhcnQtZW52aXJvbm1lbnQtdGVzdC1hZG1pbi10b2tlbi0x";
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void bothComponentsRunOnTheChartsEnvironmentAndShareTheDatabaseAndTheKeys() throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("sockeye");
            var chart = RenderedChart.render(template -> template.set("postgres.url", postgres.jdbcUrl("sockeye"))
                    .set("postgres.user", EmbeddedPostgresServer.SUPERUSER)
                    .set("adminToken.existingSecret", "sockeye-admin-token"));
            int apiPort = freePort();
            int invokerPort = freePort();

            var controlPlaneEnvironment = onThisMachine(chart.environment("control-plane"), "control-plane");
            controlPlaneEnvironment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            controlPlaneEnvironment.put("QUARKUS_HTTP_PORT", Integer.toString(apiPort));
            var invokerEnvironment = onThisMachine(chart.environment("invoker"), "invoker");
            invokerEnvironment.put("SOCKEYE_INVOKER_HOST", "127.0.0.1");
            invokerEnvironment.put("SOCKEYE_INVOKER_PORT", Integer.toString(invokerPort));

            Path platformJar = REPO.resolve("platform-api/target/quarkus-app/quarkus-run.jar");
            Container controlPlaneContainer = container(chart.deployment("control-plane"));
            String api = "http://127.0.0.1:" + apiPort;
            String triggers = "http://127.0.0.1:" + invokerPort;
            try (var early = Child.start(invokerJar(), invokerEnvironment, work.resolve("early-invoker.log"))) {
                // Before the control plane's first start there is no schema: the invoker says so in one line.
                assertThat(early.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(early.process().exitValue()).isEqualTo(1);
                assertThat(early.log())
                        .contains("sockeye invoker: database has no sockeye schema")
                        .doesNotContain("\tat ");
            }
            try (var controlPlane =
                    Child.start(platformJar, controlPlaneEnvironment, work.resolve("control-plane.log"))) {
                awaitStatus(controlPlane, api + path(controlPlaneContainer.getReadinessProbe()), 200);
                assertThat(status(api + path(controlPlaneContainer.getStartupProbe())))
                        .isEqualTo(200);
                assertThat(status(api + path(controlPlaneContainer.getLivenessProbe())))
                        .isEqualTo(200);
                try (var invoker = Child.start(invokerJar(), invokerEnvironment, work.resolve("invoker.log"))) {
                    awaitStatus(
                            invoker,
                            triggers
                                    + path(container(chart.deployment("invoker"))
                                            .getReadinessProbe()),
                            200);
                    servesTheSecretTheControlPlaneStored(api, triggers, invoker);
                }
                assertThat(status(api + "/probe"))
                        .as("the control plane serves no trigger")
                        .isEqualTo(404);
                assertThat(Files.exists(Path.of(controlPlaneEnvironment.get("SOCKEYE_HOME"), "secret-keys.properties")))
                        .as("the keys came from the environment, none was generated")
                        .isFalse();
                assertThat(controlPlane.log()).contains("admin_token=supplied").doesNotContain("Admin API token");
            }
        }
    }

    private void servesTheSecretTheControlPlaneStored(String api, String triggers, Child invoker) throws Exception {
        assertThat(send("GET", api + "/api/v1/whoami", null, null).body()).contains("\"role\":\"admin\"");
        assertThat(send(
                                "POST",
                                api + "/api/v1/functions",
                                "application/json",
                                "{\"name\": \"probe\", \"routes\": [\"/probe\"], \"visibility\": \"public\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(
                                "PUT",
                                api + "/api/v1/functions/probe/secrets/API_KEY",
                                "application/json",
                                "{\"value\": \"s3cret-from-the-control-plane\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(send(
                                "POST",
                                api + "/api/v1/functions/probe/versions?arg=env&activate=true",
                                "application/wasm",
                                Files.readAllBytes(REPO.resolve("guests/bin/wagi_probe.wasm")))
                        .statusCode())
                .isEqualTo(201);

        String served = awaitBody(invoker, triggers + "/probe", body -> body.contains("API_KEY="));
        assertThat(served).contains("API_KEY=s3cret-from-the-control-plane");
    }

    /**
     * The rendered environment with Secret references filled in and the pod's paths (the cache and tmp volumes)
     * moved below this test's directory; everything else exactly as rendered.
     */
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

    private static String path(io.fabric8.kubernetes.api.model.Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static Path invokerJar() throws IOException {
        try (var jars = Files.list(REPO.resolve("invoker/target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("invoker-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("invoker/target has no invoker jar: package it first"));
        }
    }

    private HttpResponse<String> send(String method, String uri, String contentType, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + ADMIN_TOKEN);
        HttpRequest.BodyPublisher publisher = switch (body) {
            case null -> HttpRequest.BodyPublishers.noBody();
            case byte[] bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            default -> HttpRequest.BodyPublishers.ofString(body.toString());
        };
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void awaitStatus(Child child, String uri, int expected) throws Exception {
        awaitBody(child, uri, null, expected);
    }

    private String awaitBody(Child child, String uri, Predicate<String> wanted) throws Exception {
        return awaitBody(child, uri, wanted, 200);
    }

    private String awaitBody(Child child, String uri, Predicate<String> wanted, int expected) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "nothing";
        while (Instant.now().isBefore(deadline)) {
            if (!child.process().isAlive()) {
                throw new AssertionError("exited with " + child.process().exitValue() + ":\n" + child.log());
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == expected && (wanted == null || wanted.test(response.body()))) {
                    return response.body();
                }
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                uri + " did not answer " + expected + " in " + START_TIMEOUT + "; last: " + last + "\n" + child.log());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A packaged application ({@code java -jar}) with only the given Sockeye, Quarkus and JVM variables. */
    private record Child(Process process, Path logFile) implements AutoCloseable {

        static Child start(Path jar, Map<String, String> environment, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--sun-misc-unsafe-memory-access=allow",
                    "-jar",
                    jar.toString()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment()
                    .keySet()
                    .removeIf(name -> name.startsWith("SOCKEYE_")
                            || name.startsWith("QUARKUS_")
                            || name.equals("JAVA_TOOL_OPTIONS"));
            builder.environment().putAll(environment);
            return new Child(builder.start(), log);
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
