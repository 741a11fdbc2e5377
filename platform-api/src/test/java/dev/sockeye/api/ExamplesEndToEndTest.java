package dev.sockeye.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.Cli;
import dev.sockeye.cli.SockeyeCli;
import dev.sockeye.sockets.testing.TestPki;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP example of examples/ deployed from its own sockeye.toml with the CLI, against the real app, Postgres,
 * triggers and real servers on loopback (redis-server, an HTTP JSON API, an HTTPS one, a UDP collector), then
 * invoked; and a project written by {@code sockeye new c} built, deployed and invoked. The platform trusts a test
 * CA ({@code sockeye.tls.ca-files}), generated for the run, which issued the HTTPS server's certificate.
 */
@QuarkusTest
@TestProfile(ExamplesEndToEndTest.TrustsTestCa.class)
class ExamplesEndToEndTest {

    /**
     * The platform's host TLS trusts the run's test CA, as an operator's {@code SOCKEYE_TLS_CA_FILES} would; name
     * rules may reach loopback, where the test's servers are ({@code tls://} rules name hosts, never addresses).
     */
    public static class TrustsTestCa implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sockeye.tls.ca-files",
                    TestPki.shared().caPem().toString(),
                    "sockeye.egress.allow-special-ranges-for-names",
                    "true");
        }
    }

    private static final Path EXAMPLES = Path.of(System.getProperty("guests.dir", "../guests/bin"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .resolve("examples");
    private static final String PG_USER = "sdk_reader";
    private static final String PG_PASSWORD = "correct-horse-battery";
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URI platform;

    @TempDir
    Path home;

    @TempDir
    Path project;

    private final ObjectMapper json = new ObjectMapper();
    private Cli cli;

    @BeforeEach
    void logIn() {
        cli = new Cli(home, project);
        Cli.Run login = cli.run(Api.token(store, Role.DEVELOPER) + "\n", "login", platform.toString());
        assertThat(login.code()).as(login.err()).isZero();
    }

    @Test
    void helloAnswersWithTheNameFromTheQuery() throws IOException {
        String name = Api.unique("hello");
        copyExample("hello", Map.of("name = \"hello\"", "name = \"" + name + "\"", "/hello", "/" + name));

        Cli.Run deployed = cli.run("", "deploy");
        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains(platform.resolve("/" + name).toString());

        Cli.Run greeted = cli.run("", "invoke", name, "--path", "/x?name=Ada+L", "-i");
        assertThat(greeted.code()).as(greeted.err()).isZero();
        assertThat(greeted.out())
                .startsWith("HTTP 200")
                .containsIgnoringCase("x-hello-method: GET")
                .containsIgnoringCase("x-hello-path: /x")
                .endsWith("hello, Ada L from sockeye\n");
        assertThat(cli.run("", "invoke", name).out()).isEqualTo("hello, world from sockeye\n");
    }

    @Test
    void redisCounterIncrementsPerRequest() throws Exception {
        Path redisServer = Path.of("/usr/bin/redis-server");
        assertThat(redisServer)
                .as("redis-server from apt (.ci/run installs it)")
                .isExecutable();
        int port = freePort();
        Process redis = new ProcessBuilder(
                        redisServer.toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitListening(port);
            String name = Api.unique("redis-counter");
            copyExample(
                    "redis-counter",
                    Map.of(
                            "name = \"redis-counter\"", "name = \"" + name + "\"",
                            "/counter/...", "/" + name + "/...",
                            "tcp://127.0.0.1:6379", "tcp://127.0.0.1:" + port,
                            "REDIS_PORT = \"6379\"", "REDIS_PORT = \"" + port + "\""));
            Cli.Run deployed = cli.run("", "deploy");
            assertThat(deployed.code()).as(deployed.err()).isZero();

            for (int expected = 1; expected <= 3; expected++) {
                Cli.Run counted = cli.run("", "invoke", name, "--path", "/a");
                assertThat(counted.code()).as(counted.err()).isZero();
                JsonNode answer = json.readTree(counted.out());
                assertThat(answer.path("key").asText()).isEqualTo("sockeye:hits:/a");
                assertThat(answer.path("count").asInt()).isEqualTo(expected);
            }
            JsonNode other =
                    json.readTree(cli.run("", "invoke", name, "--path", "/b").out());
            assertThat(other.path("count").asInt()).isEqualTo(1);
        } finally {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fetchJsonTransformsTheApiAnswerAndIsDeniedWithoutItsRule() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] todos = """
                [{"id": 1, "title": "write docs", "completed": false},
                 {"id": 2, "title": "test \\"it\\"", "completed": true},
                 {"id": 3, "title": "ship", "completed": false}]
                """.getBytes(StandardCharsets.UTF_8);
        api.createContext("/todos", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, todos.length);
            exchange.getResponseBody().write(todos);
            exchange.close();
        });
        api.start();
        try {
            int port = api.getAddress().getPort();
            String rule = "http://127.0.0.1:" + port;
            String name = Api.unique("fetch-json");
            copyExample(
                    "fetch-json",
                    Map.of(
                            "name = \"fetch-json\"", "name = \"" + name + "\"",
                            "/todos/summary", "/" + name,
                            "http://127.0.0.1:8081\"", rule + "\"",
                            "http://127.0.0.1:8081/todos", rule + "/todos"));
            Cli.Run deployed = cli.run("", "deploy");
            assertThat(deployed.code()).as(deployed.err()).isZero();

            Cli.Run summary = cli.run("", "invoke", name, "--path", "?limit=1");
            assertThat(summary.code()).as(summary.err()).isZero();
            assertThat(json.readTree(summary.out())).isEqualTo(json.readTree("""
                            {"source": "%s/todos", "total": 3, "completed": 1, "open": ["write docs"]}
                            """.formatted(rule)));

            Cli.Run removed = cli.run("", "policy", "rm", name, rule);
            assertThat(removed.code()).as(removed.err()).isZero();
            Cli.Run denied = eventually(() -> cli.run("", "invoke", name), run -> run.code() == SockeyeCli.API_ERROR);
            assertThat(denied.err()).isEqualTo("sockeye: " + name + " answered HTTP 502\n");
            assertThat(json.readTree(denied.out()).path("error").asText())
                    .isEqualTo("connect 127.0.0.1:" + port + ": Permission denied (os error 2)");
            String viewer = Api.token(store, Role.VIEWER);
            Response events = eventually(
                    () -> Api.as(viewer)
                            .queryParam("function", name)
                            .queryParam("decision", "denied")
                            .get("/api/v1/egress-events"),
                    response -> !response.jsonPath().getList("items").isEmpty());
            assertThat(events.jsonPath().getString("items[0].destination")).isEqualTo("tcp://127.0.0.1:" + port);
        } finally {
            api.stop(0);
        }
    }

    @Test
    void httpsFetchAnswersTheJsonOverHostTlsAndIsDeniedWithoutItsRule() throws Exception {
        HttpsServer api = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SSLContext issued = TestPki.shared().issued("localhost");
        api.setHttpsConfigurator(new HttpsConfigurator(issued) {
            @Override
            public void configure(HttpsParameters parameters) {
                var ssl = issued.getDefaultSSLParameters();
                ssl.setApplicationProtocols(new String[] {"http/1.1"});
                parameters.setSSLParameters(ssl);
            }
        });
        byte[] repository = """
                {"full_name": "dylibso/chicory", "stargazers_count": 1000}
                """.getBytes(StandardCharsets.UTF_8);
        CompletableFuture<String> hostHeader = new CompletableFuture<>();
        api.createContext("/repos/dylibso/chicory", exchange -> {
            hostHeader.complete(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, repository.length);
            exchange.getResponseBody().write(repository);
            exchange.close();
        });
        api.start();
        try {
            int port = api.getAddress().getPort();
            String rule = "tls://localhost:" + port;
            String name = Api.unique("https-fetch");
            copyExample(
                    "https-fetch",
                    Map.of(
                            "name = \"https-fetch\"", "name = \"" + name + "\"",
                            "/https-fetch\"", "/" + name + "\"",
                            "tls://api.github.com", rule,
                            "https://api.github.com/", "https://localhost:" + port + "/"));
            Cli.Run deployed = cli.run("", "deploy");
            assertThat(deployed.code()).as(deployed.err()).isZero();

            Cli.Run fetched = cli.run("", "invoke", name, "-i");
            assertThat(fetched.code()).as(fetched.err() + fetched.out()).isZero();
            assertThat(fetched.out())
                    .startsWith("HTTP 200")
                    .containsIgnoringCase("content-type: application/json; charset=utf-8")
                    .containsIgnoringCase("x-tls-alpn: http/1.1")
                    .containsIgnoringCase("x-upstream-url: https://localhost:" + port + "/repos/dylibso/chicory")
                    .endsWith(new String(repository, StandardCharsets.UTF_8));
            assertThat(hostHeader.get(20, TimeUnit.SECONDS)).isEqualTo("localhost");

            Cli.Run removed = cli.run("", "policy", "rm", name, rule);
            assertThat(removed.code()).as(removed.err()).isZero();
            Cli.Run denied = eventually(() -> cli.run("", "invoke", name), run -> run.code() == SockeyeCli.API_ERROR);
            assertThat(denied.err()).isEqualTo("sockeye: " + name + " answered HTTP 502\n");
            assertThat(json.readTree(denied.out()).path("error").asText()).startsWith("lookup localhost: ");
            String viewer = Api.token(store, Role.VIEWER);
            Response events = eventually(
                    () -> Api.as(viewer)
                            .queryParam("function", name)
                            .queryParam("decision", "denied")
                            .get("/api/v1/egress-events"),
                    response -> !response.jsonPath().getList("items").isEmpty());
            assertThat(events.jsonPath().getString("items[0].destination")).contains("localhost");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void telemetryGatewayForwardsReadingsAndReturnsTheAck() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> acknowledgeOne(collector, received));
            String address = "127.0.0.1:" + collector.getLocalPort();
            String name = Api.unique("telemetry");
            copyExample(
                    "telemetry-gateway",
                    Map.of(
                            "name = \"telemetry-gateway\"", "name = \"" + name + "\"",
                            "/telemetry\"", "/" + name + "\"",
                            "udp://127.0.0.1:9999", "udp://" + address,
                            "COLLECTOR = \"127.0.0.1:9999\"", "COLLECTOR = \"" + address + "\""));
            Cli.Run deployed = cli.run("", "deploy");
            assertThat(deployed.code()).as(deployed.err()).isZero();

            Cli.Run forwarded = cli.run("", "invoke", name, "--data", "temp=21.5;hum=40");
            assertThat(forwarded.code()).as(forwarded.err()).isZero();
            assertThat(received.get(20, TimeUnit.SECONDS)).isEqualTo("temp=21.5;hum=40");
            assertThat(json.readTree(forwarded.out())).isEqualTo(json.readTree("""
                            {"forwarded": 16, "collector": "%s", "ack": "ack 16"}
                            """.formatted(address)));

            Cli.Run empty = cli.run("", "invoke", name, "-X", "POST");
            assertThat(empty.code()).isEqualTo(SockeyeCli.API_ERROR);
            assertThat(json.readTree(empty.out()).path("error").asText())
                    .isEqualTo("the body (the readings to forward) is empty");
        }
    }

    @Test
    void aProjectFromSockeyeNewBuildsDeploysAndAnswers() throws Exception {
        assumeTrue(onPath("clang"), "clang (with wasi-libc) is not installed");
        String name = Api.unique("new-c");
        Cli.Run created = cli.run("", "new", "c", name);
        assertThat(created.code()).as(created.err()).isZero();
        Path generated = project.resolve(name);
        Process build = new ProcessBuilder("sh", "build.sh")
                .directory(generated.toFile())
                .redirectErrorStream(true)
                .start();
        String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(buildOutput).isZero();

        Cli.Run deployed = cli.in(generated).run("", "deploy");
        assertThat(deployed.code()).as(deployed.err()).isZero();
        Cli.Run answered = cli.run("", "invoke", name, "--path", "/p?name=Ada", "--data", "four");
        assertThat(answered.code()).as(answered.err()).isZero();
        assertThat(json.readTree(answered.out())).isEqualTo(json.readTree("""
                        {"greeting": "hello, Ada from %s", "method": "POST", "path": "/p", "bodyBytes": 4}
                        """.formatted(name)));
    }

    @Test
    void pgQueryLogsInWithScramAndAnswersRowsAsJson() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(project.resolve("pgdata"), 0)) {
            requireScramFor(postgres, PG_USER, PG_PASSWORD);
            String name = Api.unique("pg-query");
            String admin = Api.token(store, Role.ADMIN);
            Api.createFunction(admin, name);
            Api.as(admin)
                    .body("{\"value\": \"" + PG_PASSWORD + "\"}")
                    .put("/api/v1/functions/" + name + "/secrets/PGPASSWORD")
                    .then()
                    .statusCode(org.hamcrest.Matchers.lessThan(300));
            copyExample(
                    "pg-query",
                    Map.of(
                            "name = \"pg-query\"", "name = \"" + name + "\"",
                            "/pg-query\"", "/" + name + "\"",
                            "postgres://127.0.0.1\"", "postgres://127.0.0.1:" + postgres.port() + "\"",
                            "PGPORT = \"5432\"", "PGPORT = \"" + postgres.port() + "\"",
                            "PGUSER = \"reader\"", "PGUSER = \"" + PG_USER + "\""));
            Cli.Run deployed = cli.run("", "deploy");
            assertThat(deployed.code()).as(deployed.err()).isZero();

            Cli.Run rows = cli.run(
                    "",
                    "invoke",
                    name,
                    "--data",
                    "select g as id, 'row ' || g as label, null as nothing" + " from generate_series(1, 2) g");
            assertThat(rows.code()).as(rows.err()).isZero();
            assertThat(json.readTree(rows.out())).isEqualTo(json.readTree("""
                    {"columns": ["id", "label", "nothing"],
                     "rows": [{"id": "1", "label": "row 1", "nothing": null},
                              {"id": "2", "label": "row 2", "nothing": null}],
                     "command": "SELECT 2"}
                    """));
            // pg_hba.conf lets this user in only with SCRAM-SHA-256, so answering as it means SCRAM worked.
            Cli.Run who = cli.run("", "invoke", name, "--data", "select current_user");
            assertThat(json.readTree(who.out())
                            .path("rows")
                            .get(0)
                            .path("current_user")
                            .asText())
                    .isEqualTo(PG_USER);

            Cli.Run bad = cli.run("", "invoke", name, "--data", "selec 1");
            assertThat(bad.code()).isEqualTo(SockeyeCli.API_ERROR);
            assertThat(json.readTree(bad.out()).path("error").asText())
                    .isEqualTo("ERROR 42601: syntax error at or near \"selec\"");
        }
    }

    /** A login role with a password, and pg_hba.conf requiring SCRAM-SHA-256 for it over TCP (zonky trusts all). */
    private static void requireScramFor(EmbeddedPostgresServer postgres, String user, String password)
            throws Exception {
        try (Connection connection = postgres.dataSource("postgres").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            statement.execute("create role " + user + " login password '" + password + "'");
            Path hba = postgres.dataDirectory().resolve("pg_hba.conf");
            Files.writeString(hba, "host all " + user + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
            statement.execute("select pg_reload_conf()");
        }
    }

    /**
     * Copies examples/EXAMPLE into the project directory, with {@code replacements} applied to its sockeye.toml
     * (each must occur: a changed manifest fails the test rather than deploying something else).
     */
    private void copyExample(String example, Map<String, String> replacements) throws IOException {
        Path source = EXAMPLES.resolve(example);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, project.resolve(file.getFileName()));
            }
        }
        Path manifest = project.resolve("sockeye.toml");
        String text = Files.readString(manifest);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            assertThat(text).as(source.resolve("sockeye.toml").toString()).contains(replacement.getKey());
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        Files.writeString(manifest, text);
    }

    /** Receives one datagram and answers its sender {@code ack <bytes>}. */
    private static void acknowledgeOne(DatagramSocket collector, CompletableFuture<String> received) {
        try {
            DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
            collector.receive(packet);
            received.complete(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            byte[] ack = ("ack " + packet.getLength() + "\n").getBytes(StandardCharsets.UTF_8);
            collector.send(new DatagramPacket(ack, ack.length, packet.getSocketAddress()));
        } catch (IOException e) {
            received.completeExceptionally(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        eventually(
                () -> {
                    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                },
                up -> up);
    }

    /** Calls {@code attempt} until {@code done} holds (the platform applies some changes asynchronously). */
    private static <T> T eventually(Supplier<T> attempt, Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        T last = attempt.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = attempt.get();
        }
        assertThat(done.test(last))
                .as("still %s after %d s", last, TimeUnit.NANOSECONDS.toSeconds(WAIT_NANOS))
                .isTrue();
        return last;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
