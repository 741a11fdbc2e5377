package dev.sockeye.store.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.Sql;
import dev.sockeye.store.TestPostgres;
import dev.sockeye.store.config.StoreConfig;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaTest {

    @Test
    void invokerStartsAgainstTheSchemaTheControlPlaneMigrated() {
        StoreConfig config = TestPostgres.config(TestPostgres.freshDatabase(), TestPostgres.KEYS);
        PolicyStore.openForControlPlane(config, rules -> {}).close();

        try (PolicyStore invoker = PolicyStore.openForInvoker(config)) {
            assertThat(invoker.functions().list()).isEmpty();
        }
    }

    @Test
    void invokerRefusesADatabaseWithoutSchema() {
        StoreConfig config = TestPostgres.config(TestPostgres.freshDatabase(), TestPostgres.KEYS);

        assertThatThrownBy(() -> PolicyStore.openForInvoker(config))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("no sockeye schema")
                .hasMessageContaining("Start the control plane first");
    }

    @Test
    void invokerRefusesASchemaNewerThanItKnows() {
        StoreConfig config = TestPostgres.config(TestPostgres.freshDatabase(), TestPostgres.KEYS);
        try (PolicyStore controlPlane = PolicyStore.openForControlPlane(config, rules -> {})) {
            Sql.execute(controlPlane.database().pooled(), """
                    insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                       installed_by, execution_time, success)
                    values (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0, true)""");
        }

        assertThatThrownBy(() -> PolicyStore.openForInvoker(config))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("schema is at version 99, newer than version 3")
                .hasMessageContaining("Upgrade this process");
    }

    @Test
    void invokerRefusesASchemaOlderThanItExpects() {
        StoreConfig config = TestPostgres.config(TestPostgres.freshDatabase(), TestPostgres.KEYS);
        try (PolicyStore controlPlane = PolicyStore.openForControlPlane(config, rules -> {})) {
            // Pretend the database was created by an older build whose latest migration was V0.9.
            Sql.execute(controlPlane.database().pooled(), "update flyway_schema_history set version = '0.9'");
        }

        assertThatThrownBy(() -> PolicyStore.openForInvoker(config))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("older than version 3");
    }

    @Test
    void migrateAnswersTheVersionItLeftTheSchemaAtOnAFreshAndOnAnUpToDateDatabase() {
        var database = TestPostgres.freshDatabase();
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.user());

        assertThat(Schema.migrate(dataSource))
                .as("fresh: every migration applied")
                .isEqualTo("3");
        assertThat(Schema.migrate(dataSource)).as("up to date: nothing applied").isEqualTo("3");
    }

    @Test
    void migratingTwiceIsHarmless() {
        StoreConfig config = TestPostgres.config(TestPostgres.freshDatabase(), TestPostgres.KEYS);
        PolicyStore.openForControlPlane(config, rules -> {}).close();

        try (PolicyStore again = PolicyStore.openForControlPlane(config, rules -> {})) {
            // One row per migration (V1-V3), none added by the second start.
            assertThat(Sql.queryLong(again, "select count(*) from flyway_schema_history"))
                    .isEqualTo(3);
        }
    }
}
