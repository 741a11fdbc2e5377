package dev.sockeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.config.StoreConfigProperties;
import dev.sockeye.store.errors.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigPropertiesTest {

    private static final String KEY = Base64.getEncoder().encodeToString(TestPostgres.key(7));

    @Test
    void withoutAUrlTheDatabaseIsEmbeddedInTheHomeDirectoryAndEverythingElseDefaults() {
        StoreConfig config =
                StoreConfigProperties.parse(Map.of("sockeye.secrets.active-key", "k1", "sockeye.secrets.key.k1", KEY));

        assertThat(config.postgres())
                .isEqualTo(new StoreConfig.Postgres.Embedded(
                        Path.of(System.getProperty("user.home"), ".sockeye", "data"), 0));
        assertThat(config.poolSize()).isEqualTo(8);
        assertThat(config.audit()).isEqualTo(StoreConfig.Audit.defaults());
        assertThat(config.changeFeed()).isEqualTo(StoreConfig.ChangeFeed.defaults());
        assertThat(config.secretKeys().activeKeyId()).isEqualTo("k1");
    }

    @Test
    void externalDatabasePassesDriverPropertiesSuchAsTlsThrough() {
        StoreConfig config = StoreConfigProperties.parse(Map.of(
                "sockeye.db.url", "jdbc:postgresql://db.internal:5432/sockeye",
                "sockeye.db.user", "invoker",
                "sockeye.db.password", "pw",
                "sockeye.db.property.sslmode", "verify-full",
                "sockeye.db.property.sslrootcert", "/etc/ssl/db-ca.pem",
                "sockeye.secrets.active-key", "k1",
                "sockeye.secrets.key.k1", KEY));

        assertThat(config.postgres())
                .isEqualTo(new StoreConfig.Postgres.External(
                        "jdbc:postgresql://db.internal:5432/sockeye",
                        "invoker",
                        "pw",
                        Map.of("sslmode", "verify-full", "sslrootcert", "/etc/ssl/db-ca.pem")));
        assertThat(config.postgres().toString()).doesNotContain("pw,");
    }

    @Test
    void durationsTakeUnitsOrIso8601() {
        StoreConfig config = StoreConfigProperties.parse(Map.of(
                "sockeye.secrets.active-key",
                "k1",
                "sockeye.secrets.key.k1",
                KEY,
                "sockeye.audit.flush-interval",
                "50ms",
                "sockeye.audit.retention",
                "7d",
                "sockeye.change-feed.max-reconnect-delay",
                "PT10S"));

        assertThat(config.audit().flushInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.audit().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.changeFeed().maxReconnectDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badValuesAreInvalidAndNameTheKey() {
        Map<String, String> keys = Map.of("sockeye.secrets.active-key", "k1", "sockeye.secrets.key.k1", KEY);

        assertThatThrownBy(() -> StoreConfigProperties.parse(with(keys, "sockeye.audit.retention", "forever")))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("sockeye.audit.retention");
        assertThatThrownBy(() -> StoreConfigProperties.parse(with(keys, "sockeye.db.pool-size", "many")))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("sockeye.db.pool-size");
        assertThatThrownBy(() -> StoreConfigProperties.parse(with(keys, "sockeye.db.url", "mysql://x")))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> StoreConfigProperties.parse(Map.of()))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("sockeye.secrets.active-key");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    @Test
    void environmentVariablesNameTheSameKeysAsQuarkusDoes() {
        Map<String, String> properties = StoreConfigProperties.fromEnvironment(Map.of(
                "SOCKEYE_DB_URL", "jdbc:postgresql://db.internal:5432/sockeye",
                "SOCKEYE_DB_USER", "invoker",
                "SOCKEYE_DB_PASSWORD", "pw",
                "SOCKEYE_DB_POOL_SIZE", "4",
                "SOCKEYE_DB_PROPERTY_SSLMODE", "verify-full",
                "SOCKEYE_SECRETS_ACTIVE_KEY", "k2",
                "SOCKEYE_SECRETS_KEY_K1", KEY,
                "SOCKEYE_SECRETS_KEY_K2", KEY,
                "SOCKEYE_AUDIT_FLUSH_INTERVAL", "50ms",
                "SOCKEYE_INVOKER_PORT", "9000"));

        assertThat(properties).doesNotContainKey("sockeye.invoker.port");
        StoreConfig config = StoreConfigProperties.parse(properties);
        assertThat(config.postgres())
                .isEqualTo(new StoreConfig.Postgres.External(
                        "jdbc:postgresql://db.internal:5432/sockeye",
                        "invoker",
                        "pw",
                        Map.of("sslmode", "verify-full")));
        assertThat(config.poolSize()).isEqualTo(4);
        assertThat(config.secretKeys().activeKeyId()).isEqualTo("k2");
        assertThat(config.secretKeys().keysById()).containsOnlyKeys("k1", "k2");
        assertThat(config.audit().flushInterval()).isEqualTo(Duration.ofMillis(50));
    }
}
