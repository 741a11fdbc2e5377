package dev.sockeye.store.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDirectory;

    @Test
    void runsPostgres17DurablyAndKeepsDataAcrossRestarts() throws SQLException {
        try (var server = EmbeddedPostgresServer.start(dataDirectory, 0)) {
            try (Connection connection = server.dataSource("postgres").getConnection()) {
                assertThat(show(connection, "server_version")).startsWith("17.");
                assertThat(show(connection, "fsync")).isEqualTo("on");
                assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
                connection.createStatement().execute("create table kept (value text)");
                connection.createStatement().execute("insert into kept values ('still here')");
            }
        }
        try (var server = EmbeddedPostgresServer.start(dataDirectory, 0);
                Connection connection = server.dataSource("postgres").getConnection()) {
            ResultSet rows = connection.createStatement().executeQuery("select value from kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        ResultSet row = connection.createStatement().executeQuery("show " + setting);
        row.next();
        return row.getString(1);
    }
}
