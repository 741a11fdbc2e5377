package dev.sockeye.store.database;

import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The schema's lifecycle. Only the control plane migrates; invokers only check, because two processes
 * racing to migrate, or an old invoker writing to a newer schema, is how data gets lost.
 */
public final class Schema {

    private static final String MIGRATIONS = "classpath:db/migration";

    private Schema() {}

    /**
     * Applies pending migrations (control plane, at start) and returns the resulting version, from the migration's
     * own result: a second look at the history (Flyway's info) would scan the migrations and query again at every
     * start.
     */
    public static String migrate(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }

    /**
     * Refuses to go on unless the database is at exactly the schema version this build ships.
     *
     * @throws SchemaMismatchException naming both versions and what to do
     */
    public static void requireCurrent(DataSource dataSource) {
        var info = flyway(dataSource).info();
        MigrationInfo current = info.current();
        MigrationVersion expected = Arrays.stream(info.all())
                .filter(migration -> migration.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo)
                .orElseThrow(() -> new SchemaMismatchException("no migrations on the classpath at " + MIGRATIONS));
        if (current == null) {
            throw new SchemaMismatchException("database has no sockeye schema; this build expects version " + expected
                    + ". Start the control plane first: it creates and migrates the schema.");
        }
        if (current.getState() == MigrationState.FUTURE_SUCCESS
                || current.getVersion().compareTo(expected) > 0) {
            throw new SchemaMismatchException("database schema is at version " + current.getVersion()
                    + ", newer than version " + expected + " this build understands. Upgrade this process.");
        }
        if (info.pending().length > 0) {
            throw new SchemaMismatchException("database schema is at version " + current.getVersion()
                    + ", older than version " + expected + " this build expects. Start the upgraded control "
                    + "plane first: it migrates the schema.");
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load();
    }
}
