package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With sockeye.db.url (SOCKEYE_DB_URL) the app uses that Postgres instead of starting its own. */
@QuarkusTest
@TestProfile(ExternalDatabaseTest.External.class)
class ExternalDatabaseTest {

    /**
     * Another Postgres, started here as someone else would run it; once per JVM (Quarkus asks for the overrides
     * more than once, from more than one class loader, hence the JVM-wide property). zonky stops it when the test
     * JVM ends.
     */
    public static class External implements QuarkusTestProfile {
        private static final String STARTED_URL = "external-pg.url";

        @Override
        public synchronized Map<String, String> getConfigOverrides() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            if (System.getProperty(STARTED_URL) == null) {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(tmp.resolve("external-pg"), 0);
                server.createDatabaseIfMissing("elsewhere");
                System.setProperty(STARTED_URL, server.jdbcUrl("elsewhere"));
            }
            return Map.of(
                    "sockeye.db.url",
                    System.getProperty(STARTED_URL),
                    "sockeye.db.user",
                    EmbeddedPostgresServer.SUPERUSER,
                    "sockeye.home",
                    tmp.resolve("sockeye-home-external").toString());
        }
    }

    @Inject
    PolicyStore store;

    @ConfigProperty(name = "sockeye.db.url")
    String url;

    @Test
    void functionsAreStoredInTheConfiguredDatabase() throws Exception {
        String name = Api.unique("ext");
        Api.createFunction(Api.token(store, Role.DEVELOPER), name);
        try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, "");
                PreparedStatement select =
                        connection.prepareStatement("select count(*) from functions where name = ?")) {
            select.setString(1, name);
            var row = select.executeQuery();
            row.next();
            assertThat(row.getInt(1)).isEqualTo(1);
        }
        assertThat(store.database().embeddedServer()).isEmpty();
        as(Api.token(store, Role.VIEWER))
                .get("/api/v1/functions/" + name)
                .then()
                .statusCode(200);
    }
}
