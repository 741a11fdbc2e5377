package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone invoker (the chart's environment, {@code java -jar}) started while Postgres is down: it starts, not
 * ready, alive, refusing routes it cannot know with 503 and Retry-After; once Postgres is back it loads the
 * functions, turns ready and serves them.
 */
class InvokerStartWithoutPostgresTest {

    private static final String HELLO = "hello from sockeye\n";

    @TempDir
    Path work;

    private EmbeddedPostgresServer postgres;

    @AfterEach
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anInvokerStartedWhilePostgresIsDownIsNotReadyUntilItComesBackThenServes() throws Exception {
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        int postgresPort = postgres.port();
        postgres.createDatabaseIfMissing("sockeye");
        var local = LocalEnvironment.forDatabase(postgres.jdbcUrl("sockeye"), work);
        int apiPort = LocalEnvironment.freePort();
        // The control plane creates the schema and stores the function, then Postgres goes down.
        try (var controlPlane = PackagedApp.start(
                PackagedApp.controlPlaneJar(),
                local.controlPlane("control-plane", apiPort),
                work.resolve("control-plane.log"))) {
            var api = new ControlPlaneApi(apiPort);
            Await.untilTrue("the control plane is ready", Await.START, () -> {
                controlPlane.requireAlive();
                return ControlPlaneApi.status(api.base() + "/q/health/ready") == 200;
            });
            api.deploy("hello", "/hello", "hello_wagi.wasm", "");
        }
        postgres.close();
        postgres = null;

        int invokerPort = LocalEnvironment.freePort();
        Map<String, String> environment = local.invoker("invoker", invokerPort);
        String operations = "http://127.0.0.1:" + LocalEnvironment.metricsPort(environment);
        String triggers = "http://127.0.0.1:" + invokerPort;
        try (var invoker = PackagedApp.start(PackagedApp.invokerJar(), environment, work.resolve("invoker.log"))) {
            Await.untilTrue("the invoker listens", Await.START, () -> {
                invoker.requireAlive();
                return ControlPlaneApi.status(operations + "/health") == 200;
            });
            var ready = ControlPlaneApi.get(operations + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("functions are not known: policy store unreachable since the start");
            assertThat(ControlPlaneApi.get(operations + "/health").body())
                    .contains("\"live\":false")
                    .contains("policy store unreachable since the start");
            var hello = ControlPlaneApi.get(triggers + "/hello");
            assertThat(hello.statusCode()).isEqualTo(503);
            assertThat(hello.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(hello.headers().firstValue("Retry-After")).isPresent();
            invoker.requireAlive();

            postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), postgresPort);

            Await.untilTrue("the invoker turns ready", Await.CHANGE, () -> {
                invoker.requireAlive();
                return ControlPlaneApi.status(operations + "/health/ready") == 200;
            });
            assertThat(ControlPlaneApi.get(triggers + "/hello").body()).isEqualTo(HELLO);
            assertThat(invoker.log())
                    .contains("event=store-unreachable")
                    .contains("event=store-connected functions=1")
                    .doesNotContainPattern("(?m)^\\s+at [a-z]");
        }
    }
}
