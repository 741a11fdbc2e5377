package dev.sockeye.store.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.errors.StoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aStartAfterItsOwnerWasKilledStopsTheOrphanedPostgresAndKeepsItsData() throws Exception {
        var owner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledOwner.class.getName(),
                        dataDirectory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long orphanPid;
        try (var lines = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("postmaster="));
            assertThat(line).as("the owner started postgres").isNotNull();
            orphanPid = Long.parseLong(line.substring("postmaster=".length()));
        }
        owner.destroyForcibly().waitFor();
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertThat(orphan.isAlive()).as("SIGKILL left postgres running").isTrue();

        try (var server = EmbeddedPostgresServer.start(dataDirectory, 0);
                Connection connection = server.dataSource("postgres").getConnection()) {
            assertThat(orphan.isAlive()).isFalse();
            ResultSet rows = connection.createStatement().executeQuery("select value from kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("committed before the kill");
        }
    }

    @Test
    void aDataDirectoryInUseIsRefusedWithoutTouchingItsServer() throws SQLException {
        try (var server = EmbeddedPostgresServer.start(dataDirectory, 0)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDirectory, 0))
                    .isInstanceOf(StoreException.Unavailable.class)
                    .hasMessageContaining("is in use by another running Sockeye process");
            try (Connection connection = server.dataSource("postgres").getConnection()) {
                assertThat(show(connection, "server_version")).startsWith("17.");
            }
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        ResultSet row = connection.createStatement().executeQuery("show " + setting);
        row.next();
        return row.getString(1);
    }
}
