package dev.sockeye.policy.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sockeye.policy.StoreConfig;
import dev.sockeye.policy.StoreException;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * This process's way to Postgres: a pool for repositories and an unpooled source for the change feed's
 * long-lived LISTEN connection. With an embedded database it also owns (starts and stops) the server.
 */
public final class Database implements AutoCloseable {

    /** Database created inside the embedded cluster. */
    public static final String EMBEDDED_DATABASE_NAME = "sockeye";

    private final HikariDataSource pooled;
    private final DataSource direct;
    private final EmbeddedPostgresServer embeddedServer;

    private Database(HikariDataSource pooled, DataSource direct, EmbeddedPostgresServer embeddedServer) {
        this.pooled = pooled;
        this.direct = direct;
        this.embeddedServer = embeddedServer;
    }

    /** Connects to the configured database, starting the embedded server first if that is the choice. */
    public static Database open(StoreConfig.Database config, int poolSize) {
        return switch (config) {
            case StoreConfig.Database.External external -> connect(external, poolSize, null);
            case StoreConfig.Database.Embedded embedded -> {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(embedded.dataDirectory(), embedded.port());
                try {
                    server.createDatabaseIfMissing(EMBEDDED_DATABASE_NAME);
                    var asExternal = new StoreConfig.Database.External(server.jdbcUrl(EMBEDDED_DATABASE_NAME),
                            EmbeddedPostgresServer.SUPERUSER, "", Map.of());
                    yield connect(asExternal, poolSize, server);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
        };
    }

    private static Database connect(StoreConfig.Database.External config, int poolSize,
                                    EmbeddedPostgresServer server) {
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setPoolName("sockeye-policy-store");
        poolConfig.setJdbcUrl(config.jdbcUrl());
        poolConfig.setUsername(config.user());
        poolConfig.setPassword(config.password());
        poolConfig.setMaximumPoolSize(poolSize);
        // Let the caller start even while Postgres is still coming up; failures surface on first use.
        poolConfig.setInitializationFailTimeout(-1);
        config.connectionProperties().forEach(poolConfig::addDataSourceProperty);
        return new Database(new HikariDataSource(poolConfig), unpooled(config), server);
    }

    private static DataSource unpooled(StoreConfig.Database.External config) {
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
        pooled.close();
        if (embeddedServer != null) {
            embeddedServer.close();
        }
    }
}
