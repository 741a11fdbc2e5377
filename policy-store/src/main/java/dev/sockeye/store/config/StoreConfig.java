package dev.sockeye.store.config;

import dev.sockeye.store.errors.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything policy-store can be configured with. Quarkus (platform-api) fills it from its config mapping,
 * a standalone invoker from its own flags; the defaults below are what {@code ./sockeye up} uses.
 *
 * @param postgres   where Postgres is: embedded (default, data in {@code ~/.sockeye/data}) or external
 * @param poolSize   JDBC pool size per process (default 8)
 * @param secretKeys AES-256 keys by id and the id that encrypts new values
 * @param audit      batching and retention of audit rows
 * @param changeFeed reconnect behaviour of change-feed subscribers
 */
public record StoreConfig(Postgres postgres, int poolSize, SecretKeys secretKeys, Audit audit, ChangeFeed changeFeed) {

    public static final int DEFAULT_POOL_SIZE = 8;

    public StoreConfig {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(secretKeys, "secretKeys");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(changeFeed, "changeFeed");
        if (poolSize < 1) {
            throw new StoreException.Invalid("poolSize must be at least 1, was " + poolSize);
        }
    }

    /** Embedded Postgres in {@code dataDirectory} and every other setting at its default. */
    public static StoreConfig embedded(Path dataDirectory, SecretKeys secretKeys) {
        return new StoreConfig(
                new Postgres.Embedded(dataDirectory, Postgres.Embedded.ANY_FREE_PORT),
                DEFAULT_POOL_SIZE,
                secretKeys,
                Audit.defaults(),
                ChangeFeed.defaults());
    }

    /** Where the database lives. */
    public sealed interface Postgres {

        /**
         * Postgres 17 started and stopped by this process, data kept across restarts.
         *
         * @param dataDirectory cluster directory; default {@code ~/.sockeye/data}
         * @param port          TCP port on localhost; {@code 0} picks a free one at each start
         */
        record Embedded(Path dataDirectory, int port) implements Postgres {
            public static final int ANY_FREE_PORT = 0;

            /** {@code <home>/data}, with the platform's home: {@code $SOCKEYE_HOME}, else {@code $HOME/.sockeye}. */
            public static Path defaultDataDirectory() {
                return defaultDataDirectory(System.getenv(), System.getProperty("user.home"));
            }

            /**
             * The default for this environment. {@code $HOME} comes before Java's {@code user.home}, which is read from
             * the account database and ignores {@code HOME=/x ./sockeye invoker}.
             */
            static Path defaultDataDirectory(java.util.Map<String, String> environment, String userHome) {
                String sockeyeHome = environment.get("SOCKEYE_HOME");
                if (sockeyeHome != null && !sockeyeHome.isBlank()) {
                    return Path.of(sockeyeHome, "data");
                }
                String home = environment.get("HOME");
                return Path.of(home != null && !home.isBlank() ? home : userHome, ".sockeye", "data");
            }

            public Embedded {
                Objects.requireNonNull(dataDirectory, "dataDirectory");
                if (port < 0 || port > 65_535) {
                    throw new StoreException.Invalid("embedded postgres port must be 0..65535, was " + port);
                }
            }
        }

        /**
         * A Postgres run by someone else.
         *
         * @param jdbcUrl              e.g. {@code jdbc:postgresql://db:5432/sockeye}
         * @param connectionProperties passed to the driver as-is: TLS goes here ({@code sslmode=verify-full},
         *                             {@code sslrootcert=/etc/ssl/db-ca.pem}, ...)
         */
        record External(String jdbcUrl, String user, String password, Map<String, String> connectionProperties)
                implements Postgres {
            public External {
                if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                    throw new StoreException.Invalid(
                            "external database url must start with jdbc:postgresql:, was " + jdbcUrl);
                }
                connectionProperties = Map.copyOf(connectionProperties);
            }

            @Override
            public String toString() {
                return "External[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, connectionProperties="
                        + connectionProperties + "]";
            }
        }
    }

    /**
     * Audit writing happens off the hot path in batches.
     *
     * @param batchSize       rows per transaction at most (default 500)
     * @param flushInterval   longest a recorded row waits before it is written (default 200 ms)
     * @param queueCapacity   rows buffered in memory while Postgres is slow or down (default 50 000)
     * @param retention       rows older than this are deleted by {@code AuditRetention} (default 30 days)
     * @param stderrTailBytes how much of an invocation's stderr is kept, from the end (default 4 KiB)
     */
    public record Audit(
            int batchSize, Duration flushInterval, int queueCapacity, Duration retention, int stderrTailBytes) {
        public Audit {
            if (batchSize < 1 || queueCapacity < batchSize) {
                throw new StoreException.Invalid(
                        "audit batchSize must be >= 1 and <= queueCapacity, was " + batchSize + "/" + queueCapacity);
            }
            if (flushInterval.isNegative() || flushInterval.isZero() || retention.isNegative() || retention.isZero()) {
                throw new StoreException.Invalid("audit flushInterval and retention must be positive");
            }
            if (stderrTailBytes < 0) {
                throw new StoreException.Invalid("audit stderrTailBytes must be >= 0, was " + stderrTailBytes);
            }
        }

        public static Audit defaults() {
            return new Audit(500, Duration.ofMillis(200), 50_000, Duration.ofDays(30), 4096);
        }
    }

    /**
     * Change-feed subscribers hold one LISTEN connection each.
     *
     * @param minReconnectDelay first wait after the connection is lost (default 50 ms), doubled per failure
     * @param maxReconnectDelay cap of that wait (default 5 s)
     * @param pollInterval      how long one wait for notifications blocks before checking for shutdown
     *                          (default 500 ms; notifications themselves arrive without delay)
     */
    public record ChangeFeed(Duration minReconnectDelay, Duration maxReconnectDelay, Duration pollInterval) {
        public ChangeFeed {
            if (minReconnectDelay.isNegative()
                    || maxReconnectDelay.compareTo(minReconnectDelay) < 0
                    || pollInterval.isNegative()
                    || pollInterval.isZero()) {
                throw new StoreException.Invalid("change feed delays must be positive and min <= max");
            }
        }

        public static ChangeFeed defaults() {
            return new ChangeFeed(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(500));
        }
    }
}
