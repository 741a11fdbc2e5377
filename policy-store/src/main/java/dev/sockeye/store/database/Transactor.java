package dev.sockeye.store.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a unit of work in one JDBC transaction: commit on success, rollback on any failure, and SQL errors
 * translated by {@link SqlErrors}. Repositories never touch autocommit or rollback themselves.
 */
public final class Transactor {

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Transactor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.map(e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // The original failure is what the caller needs; keep the rollback failure attached to it.
            cause.addSuppressed(rollbackFailure);
        }
    }
}
