package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control-plane replicas starting at the same moment against one empty database, as the chart's two-replica
 * Deployment does on a first install: the schema is migrated exactly once (Flyway's lock), both become ready, and
 * both accept the admin token that exactly one of them stored.
 */
class TwoControlPlanesTest {

    @TempDir
    Path work;

    @Test
    void twoControlPlanesStartingTogetherMigrateTheEmptyDatabaseExactlyOnce() throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("sockeye");
            var local = LocalEnvironment.forDatabase(postgres.jdbcUrl("sockeye"), work);
            List<ControlPlaneApi> apis = new ArrayList<>();
            List<Map<String, String>> environments = new ArrayList<>();
            for (String name : List.of("control-plane-a", "control-plane-b")) {
                int port = LocalEnvironment.freePort();
                environments.add(local.controlPlane(name, port));
                apis.add(new ControlPlaneApi(port));
            }
            // Both environments are ready before either process starts, so the two JVMs start back to back.
            try (var first = PackagedApp.start(
                            PackagedApp.controlPlaneJar(), environments.get(0), work.resolve("control-plane-a.log"));
                    var second = PackagedApp.start(
                            PackagedApp.controlPlaneJar(), environments.get(1), work.resolve("control-plane-b.log"))) {
                var replicas = List.of(first, second);
                for (int i = 0; i < replicas.size(); i++) {
                    var replica = replicas.get(i);
                    var api = apis.get(i);
                    Await.untilTrue("control plane " + i + " is ready", Await.START, () -> {
                        replica.requireAlive();
                        return ControlPlaneApi.status(api.base() + "/q/health/ready") == 200;
                    });
                }

                assertThat(appliedMigrations(postgres))
                        .as("each migration applied once, successfully")
                        .isEqualTo(shippedMigrations());
                for (var api : apis) {
                    assertThat(api.expect(200, "GET", "/api/v1/whoami", null, null))
                            .contains("\"role\":\"admin\"");
                }
                // Both found no token; one stored the supplied one, the other's insert met it and found it.
                assertThat(List.of(adminTokenEvent(first), adminTokenEvent(second)))
                        .containsExactlyInAnyOrder("admin_token=supplied", "admin_token=existing");
            }
        }
    }

    private static String adminTokenEvent(PackagedApp replica) throws java.io.IOException {
        var matcher = java.util.regex.Pattern.compile("event=started (admin_token=[a-z]+)")
                .matcher(replica.log());
        assertThat(matcher.find()).as("the start is logged").isTrue();
        return matcher.group(1);
    }

    /** Version -> how many successful rows Flyway's history holds for it. */
    private static Map<String, Integer> appliedMigrations(EmbeddedPostgresServer postgres) throws Exception {
        Map<String, Integer> applied = new TreeMap<>();
        try (var connection = postgres.dataSource("sockeye").getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "select version, success from flyway_schema_history where version is not null")) {
            while (rows.next()) {
                assertThat(rows.getBoolean("success"))
                        .as("migration " + rows.getString("version"))
                        .isTrue();
                applied.merge(rows.getString("version"), 1, Integer::sum);
            }
        }
        return applied;
    }

    /** Version -> 1 for every migration policy-store ships (V<version>__<name>.sql). */
    private static Map<String, Integer> shippedMigrations() throws Exception {
        Map<String, Integer> shipped = new TreeMap<>();
        try (var files = Files.list(RenderedChart.REPO.resolve("policy-store/src/main/resources/db/migration"))) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V[0-9_.]+__.*\\.sql"))
                    .forEach(name ->
                            shipped.put(name.substring(1, name.indexOf("__")).replace('_', '.'), 1));
        }
        assertThat(shipped).isNotEmpty();
        return shipped;
    }
}
