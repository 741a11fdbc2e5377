package dev.sockeye.store.database;

import java.nio.file.Path;
import java.sql.Connection;

/**
 * The owner a crash test kills with SIGKILL: starts Postgres on the directory given, commits one row, prints the
 * postmaster's pid and waits to be killed.
 */
public final class KilledOwner {
    private KilledOwner() {}

    public static void main(String[] args) throws Exception {
        var server = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
        try (Connection connection = server.dataSource("postgres").getConnection()) {
            connection.createStatement().execute("create table kept (value text)");
            connection.createStatement().execute("insert into kept values ('committed before the kill')");
        }
        System.out.println("postmaster=" + server.postmasterPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
