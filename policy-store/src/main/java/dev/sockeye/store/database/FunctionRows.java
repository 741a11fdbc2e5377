package dev.sockeye.store.database;

import dev.sockeye.store.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Resolves a function name to its row id inside a caller's transaction; every repository starts here. */
public final class FunctionRows {

    private FunctionRows() {}

    /** The id of {@code name}, or {@link StoreException.NotFound}. */
    public static long idOf(Connection connection, String name) throws SQLException {
        return find(connection, name, "select id from functions where name = ?");
    }

    /** Like {@link #idOf} but row-locks the function until commit, serialising writers of one function. */
    public static long lockIdOf(Connection connection, String name) throws SQLException {
        return find(connection, name, "select id from functions where name = ? for update");
    }

    private static long find(Connection connection, String name, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, name);
            ResultSet row = select.executeQuery();
            if (!row.next()) {
                throw new StoreException.NotFound("function '" + name + "' does not exist");
            }
            return row.getLong(1);
        }
    }
}
