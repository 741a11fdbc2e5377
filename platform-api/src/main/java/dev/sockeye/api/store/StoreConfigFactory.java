package dev.sockeye.api.store;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import io.quarkus.logging.Log;
import java.nio.file.Path;

/** Turns the typed Quarkus configuration into policy-store's {@link StoreConfig}. */
final class StoreConfigFactory {

    private StoreConfigFactory() {}

    static StoreConfig from(SockeyeConfig config) {
        SockeyeConfig.Db db = config.db();
        StoreConfig.Postgres postgres = db.url()
                .<StoreConfig.Postgres>map(url -> new StoreConfig.Postgres.External(
                        url, db.user().orElse(null), db.password().orElse(""), db.property()))
                .orElseGet(() -> new StoreConfig.Postgres.Embedded(dataDirectory(config), db.port()));
        return new StoreConfig(
                postgres,
                db.poolSize(),
                secretKeys(config),
                StoreConfig.Audit.defaults(),
                StoreConfig.ChangeFeed.defaults());
    }

    static Path dataDirectory(SockeyeConfig config) {
        return config.db().dataDir().orElse(config.home().resolve("data"));
    }

    private static SecretKeys secretKeys(SockeyeConfig config) {
        SockeyeConfig.Secrets secrets = config.secrets();
        if (secrets.activeKey().isPresent()) {
            return SecretKeys.parse(secrets.activeKey().get(), secrets.key());
        }
        if (config.db().url().isPresent()) {
            // One node on an external Postgres works like the embedded setup; every further node needs these keys.
            Log.warn("event=secret_key_generated_locally hint=\"with an external database, set sockeye.secrets."
                    + "active-key and sockeye.secrets.key.<id> identically on every node\"");
        }
        return GeneratedSecretKey.loadOrCreate(config.home().resolve("secret-keys.properties"));
    }
}
