package dev.sockeye.store.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sockeye.store.Fixtures;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.TestPostgres;
import dev.sockeye.store.config.StoreConfig;
import org.junit.jupiter.api.Test;

/** Quarkus brings its own pool; the store must use it and leave it open. */
class BorrowedDatabaseTest {

    @Test
    void storeOnAForeignPoolUsesItAndLeavesItOpen() {
        StoreConfig.Postgres.External database = TestPostgres.freshDatabase();
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(database.jdbcUrl());
        poolConfig.setUsername(database.user());
        StoreConfig config = TestPostgres.config(database, TestPostgres.KEYS);

        try (HikariDataSource foreignPool = new HikariDataSource(poolConfig)) {
            var direct = TestPostgres.server()
                    .dataSource(database.jdbcUrl().substring(database.jdbcUrl().lastIndexOf('/') + 1));
            try (PolicyStore store =
                    PolicyStore.openForControlPlane(Database.borrowing(foreignPool, direct), config, rules -> {})) {
                Fixtures.createFunction(store, "hello");
            }

            assertThat(foreignPool.isClosed()).isFalse();
            try (PolicyStore invoker = PolicyStore.openForInvoker(Database.borrowing(foreignPool, direct), config)) {
                assertThat(invoker.functions().get("hello").name()).isEqualTo("hello");
            }
        }
    }
}
