package dev.sockeye.store.database;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Lists of strings to and from Postgres {@code text[]} columns. */
public final class SqlArrays {

    private SqlArrays() {}

    public static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    public static List<String> texts(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
