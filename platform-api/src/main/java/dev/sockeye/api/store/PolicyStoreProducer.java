package dev.sockeye.api.store;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.egress.EgressRules;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.StoreConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Opens the one {@link PolicyStore} of this process (starting embedded Postgres unless {@code sockeye.db.url} is
 * set) and closes it on shutdown, which also stops embedded Postgres.
 */
@ApplicationScoped
public class PolicyStoreProducer {

    @Produces
    @Singleton
    PolicyStore policyStore(SockeyeConfig config) {
        StoreConfig storeConfig = StoreConfigFactory.from(config);
        Log.infof("event=policy_store_opening postgres=%s", storeConfig.postgres());
        long begun = System.nanoTime();
        PolicyStore store = PolicyStore.openForControlPlane(storeConfig, EgressRules::validate);
        // With embedded Postgres this includes its start (logged on its own); the rest is the schema migration.
        Log.infof("event=policy_store_opened ms=%d", (System.nanoTime() - begun) / 1_000_000);
        return store;
    }

    void close(@Disposes PolicyStore store) {
        store.close();
        Log.info("event=policy_store_closed");
    }
}
