package dev.sockeye.deploy;

import static dev.sockeye.deploy.RenderedChart.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    @TempDir
    Path work;

    @Test
    void bothComponentsRunOnTheChartsEnvironmentAndShareTheDatabaseAndTheKeys() throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("sockeye");
            var local = LocalEnvironment.forDatabase(postgres.jdbcUrl("sockeye"), work);
            int apiPort = LocalEnvironment.freePort();
            int invokerPort = LocalEnvironment.freePort();
            var controlPlaneEnvironment = local.controlPlane("control-plane", apiPort);
            var invokerEnvironment = local.invoker("invoker", invokerPort);

            Container controlPlaneContainer = container(local.chart().deployment("control-plane"));
            var api = new ControlPlaneApi(apiPort);
            String triggers = "http://127.0.0.1:" + invokerPort;
            try (var early = PackagedApp.start(
                    PackagedApp.invokerJar(), invokerEnvironment, work.resolve("early-invoker.log"))) {
                // Before the control plane's first start there is no schema: the invoker says so in one line.
                assertThat(early.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(early.process().exitValue()).isEqualTo(1);
                assertThat(early.log())
                        .contains("sockeye invoker: database has no sockeye schema")
                        .doesNotContain("\tat ");
            }
            try (var controlPlane = PackagedApp.start(
                    PackagedApp.controlPlaneJar(), controlPlaneEnvironment, work.resolve("control-plane.log"))) {
                awaitOk(controlPlane, api.base() + path(controlPlaneContainer.getReadinessProbe()));
                assertThat(ControlPlaneApi.status(api.base() + path(controlPlaneContainer.getStartupProbe())))
                        .isEqualTo(200);
                assertThat(ControlPlaneApi.status(api.base() + path(controlPlaneContainer.getLivenessProbe())))
                        .isEqualTo(200);
                try (var invoker =
                        PackagedApp.start(PackagedApp.invokerJar(), invokerEnvironment, work.resolve("invoker.log"))) {
                    String operations = "http://127.0.0.1:" + LocalEnvironment.metricsPort(invokerEnvironment);
                    awaitOk(
                            invoker,
                            operations
                                    + path(container(local.chart().deployment("invoker"))
                                            .getReadinessProbe()));
                    servesTheSecretTheControlPlaneStored(api, triggers, invoker);
                }
                assertThat(ControlPlaneApi.status(api.base() + "/probe"))
                        .as("the control plane serves no trigger")
                        .isEqualTo(404);
                assertThat(Files.exists(Path.of(controlPlaneEnvironment.get("SOCKEYE_HOME"), "secret-keys.properties")))
                        .as("the keys came from the environment, none was generated")
                        .isFalse();
                assertThat(controlPlane.log()).contains("admin_token=supplied").doesNotContain("Admin API token");
            }
        }
    }

    private void servesTheSecretTheControlPlaneStored(ControlPlaneApi api, String triggers, PackagedApp invoker)
            throws Exception {
        assertThat(api.expect(200, "GET", "/api/v1/whoami", null, null)).contains("\"role\":\"admin\"");
        api.expect(
                201,
                "POST",
                "/api/v1/functions",
                "application/json",
                "{\"name\": \"probe\", \"routes\": [\"/probe\"], \"visibility\": \"public\"}");
        api.expect(
                204,
                "PUT",
                "/api/v1/functions/probe/secrets/API_KEY",
                "application/json",
                "{\"value\": \"s3cret-from-the-control-plane\"}");
        api.expect(
                201,
                "POST",
                "/api/v1/functions/probe/versions?arg=env&activate=true",
                "application/wasm",
                Files.readAllBytes(ControlPlaneApi.guest("wagi_probe.wasm")));

        String served = Await.until("the invoker serves the probe with its secret", Await.CHANGE, () -> {
            invoker.requireAlive();
            var response = ControlPlaneApi.get(triggers + "/probe");
            return Optional.of(response.body())
                    .filter(body -> response.statusCode() == 200 && body.contains("API_KEY="));
        });
        assertThat(served).contains("API_KEY=s3cret-from-the-control-plane");
    }

    private static void awaitOk(PackagedApp app, String uri) throws InterruptedException {
        Await.untilTrue(uri + " answers 200", Await.START, () -> {
            app.requireAlive();
            return ControlPlaneApi.status(uri) == 200;
        });
    }

    private static String path(io.fabric8.kubernetes.api.model.Probe probe) {
        return probe.getHttpGet().getPath();
    }
}
