package dev.sockeye.store.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.errors.StoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * This process's way to Postgres: a pool for repositories and an unpooled source for the change feed's
 * long-lived LISTEN connection. With an embedded database it also owns (starts and stops) the server.
 */
public final class Database implements AutoCloseable {

    /** Database created inside the embedded cluster. */
    public static final String EMBEDDED_DATABASE_NAME = "sockeye";

    /**
     * How long a caller waits for a pooled connection before the store reports Postgres unavailable (an API
     * request then gets its 503 with Retry-After). Hikari's default of 30 s made every API request during an
     * outage hang for 30 s; a healthy pool hands out a connection in well under a millisecond.
     */
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(3);

    private final DataSource pooled;
    private final DataSource direct;
    private final EmbeddedPostgresServer embeddedServer;
    private final Runnable closePool;

    private Database(DataSource pooled, DataSource direct, EmbeddedPostgresServer embeddedServer, Runnable closePool) {
        this.pooled = pooled;
        this.direct = direct;
        this.embeddedServer = embeddedServer;
        this.closePool = closePool;
    }

    /**
     * Uses data sources someone else owns (e.g. Quarkus' Agroal pool); {@link #close()} leaves them open.
     *
     * @param direct a source of fresh, unpooled connections for the change feed's LISTEN
     */
    public static Database borrowing(DataSource pooled, DataSource direct) {
        return new Database(pooled, direct, null, () -> {});
    }

    /** Connects to the configured database, starting the embedded server first if that is the choice. */
    public static Database open(StoreConfig.Postgres config, int poolSize) {
        return switch (config) {
            case StoreConfig.Postgres.External external -> connect(external, poolSize, null);
            case StoreConfig.Postgres.Embedded embedded -> {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(embedded.dataDirectory(), embedded.port());
                try {
                    server.ownerClosesIt();
                    server.createDatabaseIfMissing(EMBEDDED_DATABASE_NAME);
                    var asExternal = new StoreConfig.Postgres.External(
                            server.jdbcUrl(EMBEDDED_DATABASE_NAME), EmbeddedPostgresServer.SUPERUSER, "", Map.of());
                    yield connect(asExternal, poolSize, server);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
        };
    }

    private static Database connect(StoreConfig.Postgres.External config, int poolSize, EmbeddedPostgresServer server) {
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setPoolName("sockeye-policy-store");
        poolConfig.setJdbcUrl(config.jdbcUrl());
        // Named, not looked up through DriverManager: under an application class loader (Quarkus) DriverManager
        // does not see a driver nobody has loaded yet ("No suitable driver").
        poolConfig.setDriverClassName(org.postgresql.Driver.class.getName());
        poolConfig.setUsername(config.user());
        poolConfig.setPassword(config.password());
        poolConfig.setMaximumPoolSize(poolSize);
        // Let the caller start even while Postgres is still coming up; failures surface on first use.
        poolConfig.setInitializationFailTimeout(-1);
        poolConfig.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        config.connectionProperties().forEach(poolConfig::addDataSourceProperty);
        HikariDataSource pool = new HikariDataSource(poolConfig);
        return new Database(pool, unpooled(config), server, pool::close);
    }

    private static DataSource unpooled(StoreConfig.Postgres.External config) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(config.jdbcUrl());
        dataSource.setUser(config.user());
        dataSource.setPassword(config.password());
        for (var property : config.connectionProperties().entrySet()) {
            try {
                dataSource.setProperty(property.getKey(), property.getValue());
            } catch (SQLException e) {
                throw new StoreException.Invalid("unknown postgres connection property " + property.getKey());
            }
        }
        return dataSource;
    }

    public DataSource pooled() {
        return pooled;
    }

    /** A fresh connection per call; for connections held for a long time (LISTEN). */
    public DataSource direct() {
        return direct;
    }

    public Optional<EmbeddedPostgresServer> embeddedServer() {
        return Optional.ofNullable(embeddedServer);
    }

    @Override
    public void close() {
        closePool.run();
        if (embeddedServer != null) {
            embeddedServer.close();
        }
    }
}
