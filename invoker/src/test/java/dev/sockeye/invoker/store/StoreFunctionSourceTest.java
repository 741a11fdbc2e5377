package dev.sockeye.invoker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.testing.Guests;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.egress.EgressRuleValidator;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.FunctionSpec;
import dev.sockeye.store.functions.TriggerVisibility;
import dev.sockeye.store.versions.VersionSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Standalone mode against a real (embedded) Postgres: load, follow the change feed, survive the database. */
class StoreFunctionSourceTest {
    private static final String ACTOR = "test:invoker";
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesStoredFunctionsAuditsToPostgresFollowsChangesAndKeepsServingWhilePostgresIsDown() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "feed-test");
        var server = EmbeddedPostgresServer.start(root.resolve("pg"), 0);
        server.createDatabaseIfMissing("sockeye");
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        var config = new StoreConfig(
                new StoreConfig.Postgres.External(
                        server.jdbcUrl("sockeye"), EmbeddedPostgresServer.SUPERUSER, "", Map.of()),
                2,
                new SecretKeys("k1", Map.of("k1", key)),
                StoreConfig.Audit.defaults(),
                new StoreConfig.ChangeFeed(
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        StoreConfig.ChangeFeed.defaults().pollInterval()));
        var controlPlane = PolicyStore.openForControlPlane(config, EgressRuleValidator.singleLineRules());
        controlPlane
                .functions()
                .create(
                        new FunctionSpec(
                                "hello", "test", FunctionLimits.DEFAULTS, List.of("/hello"), TriggerVisibility.PUBLIC),
                        ACTOR);
        String sha =
                controlPlane.modules().upload(Guests.bytes("hello_wagi"), ACTOR).sha256();
        var version = controlPlane
                .versions()
                .create("hello", new VersionSpec(sha, List.of(), Map.of(), Optional.empty()), ACTOR);
        controlPlane.functions().activate("hello", version.number());

        var registry = new FunctionRegistry();
        var invokerStore = PolicyStore.openForInvoker(config);
        var feed = StoreFunctionSource.start(
                invokerStore,
                registry,
                EgressOperatorConfig.defaults(),
                root.resolve("bundles"),
                Duration.ofMillis(200));
        var invokerConfig = InvokerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .compileCacheDir(null)
                .moduleCacheBytes(1 << 26)
                .build();
        var audit = new StoreInvocationAudit(invokerStore.auditWriter(), 4096);
        try (var invoker = Invoker.builder(invokerConfig, registry)
                .source(feed)
                .audit(audit)
                .build()) {
            int port = invoker.start();
            assertThat(get(port, "/hello").body()).isEqualTo("hello from sockeye\n");
            invokerStore.auditWriter().flush(Duration.ofSeconds(10));
            assertThat(controlPlane.auditLog().invocations("hello", 10))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.status()).isEqualTo("ok");
                        assertThat(row.version()).isEqualTo(version.number());
                        assertThat(row.bytesOut()).isEqualTo(19);
                    });
            assertThat(get(port, "/health").body()).contains("\"status\":\"UP\"", "\"kind\":\"policy-store\"");
            assertThat(get(port, "/metrics").body()).contains("sockeye_registry_live 1.0");

            controlPlane.functions().replaceRoutes("hello", List.of("/greet"));
            eventually(() -> get(port, "/greet").statusCode() == 200);
            assertThat(get(port, "/hello").statusCode()).isEqualTo(404);

            controlPlane.close();
            server.close();
            eventually(() -> get(port, "/health").body().contains("\"status\":\"DEGRADED\""));
            assertThat(get(port, "/health").body()).contains("postgres unreachable since");
            assertThat(get(port, "/metrics").body()).contains("sockeye_registry_live 0.0");
            var stillServed = get(port, "/greet");
            assertThat(stillServed.statusCode()).isEqualTo(200);
            assertThat(stillServed.body()).isEqualTo("hello from sockeye\n");
            var unknowable = get(port, "/hello");
            assertThat(unknowable.statusCode())
                    .as("a route it cannot know while down")
                    .isEqualTo(503);
            assertThat(unknowable.headers().firstValue("Retry-After")).contains("1");
            assertThat(get(port, "/health/ready").statusCode())
                    .as("a warm registry stays ready while Postgres is down")
                    .isEqualTo(200);

            // The change feed reports lost changes while Postgres is still down: the full reload fails.
            feed.onResyncRequired();
            var notReady = get(port, "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("functions are not known");
            assertThat(get(port, "/health").statusCode()).as("still alive").isEqualTo(200);
            assertThat(get(port, "/greet").statusCode())
                    .as("it still serves what it has")
                    .isEqualTo(200);
        } finally {
            feed.close();
            invokerStore.close();
        }
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void eventually(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(50);
        }
    }
}
