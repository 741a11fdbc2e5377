package dev.sockeye.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Direct SQL for tests that check what is really in the tables. */
public final class Sql {

    private Sql() {}

    public static long queryLong(PolicyStore store, String sql, Object... parameters) {
        return (Long) query(store.database().pooled(), sql, parameters, rows -> rows.getLong(1));
    }

    public static byte[] queryBytes(PolicyStore store, String sql, Object... parameters) {
        return (byte[]) query(store.database().pooled(), sql, parameters, rows -> rows.getBytes(1));
    }

    public static String queryString(PolicyStore store, String sql, Object... parameters) {
        return (String) query(store.database().pooled(), sql, parameters, rows -> rows.getString(1));
    }

    public static void execute(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private interface Column {
        Object read(ResultSet rows) throws SQLException;
    }

    private static Object query(DataSource dataSource, String sql, Object[] parameters, Column column) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            ResultSet rows = statement.executeQuery();
            if (!rows.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return column.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
