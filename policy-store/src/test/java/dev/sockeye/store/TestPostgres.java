package dev.sockeye.store;

import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.egress.EgressRuleValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Postgres per test JVM; every test gets its own freshly migrated database in it, so tests never see
 * each other's rows.
 */
public final class TestPostgres {

    public static final SecretKeys KEYS = new SecretKeys("k1", Map.of("k1", key(1)));

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {}

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                server = EmbeddedPostgresServer.start(Files.createTempDirectory("sockeye-pg-shared"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** A new empty database in the shared server. */
    public static StoreConfig.Postgres.External freshDatabase() {
        String name = "test_" + DATABASES.incrementAndGet();
        server().createDatabaseIfMissing(name);
        return new StoreConfig.Postgres.External(
                server().jdbcUrl(name), EmbeddedPostgresServer.SUPERUSER, "", Map.of());
    }

    public static StoreConfig config(StoreConfig.Postgres database, SecretKeys keys) {
        return new StoreConfig(
                database,
                4,
                keys,
                new StoreConfig.Audit(100, Duration.ofMillis(20), 10_000, Duration.ofDays(30), 64),
                new StoreConfig.ChangeFeed(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(100)));
    }

    /** A migrated store on a fresh database, as the control plane opens it. */
    public static PolicyStore freshStore() {
        return PolicyStore.openForControlPlane(config(freshDatabase(), KEYS), EgressRuleValidator.singleLineRules());
    }

    public static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    public static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
