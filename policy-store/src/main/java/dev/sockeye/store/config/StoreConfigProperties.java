package dev.sockeye.store.config;

import dev.sockeye.store.errors.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link StoreConfig} from flat {@code sockeye.*} properties (a file, system properties or environment
 * mapped by the caller), for processes without Quarkus config such as a standalone invoker.
 *
 * <pre>
 * sockeye.db.url                  jdbc:postgresql://... ; absent = embedded Postgres
 * sockeye.db.user / .password     external database credentials
 * sockeye.db.property.NAME        driver property, e.g. sockeye.db.property.sslmode=verify-full
 * sockeye.db.data-dir             embedded data directory          (default ~/.sockeye/data)
 * sockeye.db.port                 embedded port, 0 = any free one  (default 0)
 * sockeye.db.pool-size                                             (default 8)
 * sockeye.secrets.active-key      id of the key new values are encrypted with (required)
 * sockeye.secrets.key.ID          base64 of a 32-byte AES key      (at least the active one)
 * sockeye.audit.batch-size / .flush-interval / .queue-capacity / .retention / .stderr-tail-bytes
 * sockeye.change-feed.min-reconnect-delay / .max-reconnect-delay / .poll-interval
 * </pre>
 * Durations are ISO-8601 ({@code PT0.2S}) or a number with a unit: {@code 200ms}, {@code 5s}, {@code 10m},
 * {@code 1h}, {@code 30d}. Unset keys take the defaults documented on {@link StoreConfig}.
 *
 * <p>{@link #fromEnvironment} names the same keys as environment variables, as platform-api's Quarkus config
 * does: upper case, {@code .} and {@code -} as {@code _} ({@code SOCKEYE_DB_POOL_SIZE}); the ids of
 * {@code SOCKEYE_SECRETS_KEY_<ID>} and the names of {@code SOCKEYE_DB_PROPERTY_<NAME>} are taken in lower case.
 */
public final class StoreConfigProperties {

    private static final String KEY_PREFIX = "sockeye.secrets.key.";
    private static final String DRIVER_PROPERTY_PREFIX = "sockeye.db.property.";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /** Every key with a fixed name; the two prefixes above take a name of the operator's. */
    private static final List<String> FIXED_KEYS = List.of(
            "sockeye.db.url",
            "sockeye.db.user",
            "sockeye.db.password",
            "sockeye.db.data-dir",
            "sockeye.db.port",
            "sockeye.db.pool-size",
            "sockeye.secrets.active-key",
            "sockeye.audit.batch-size",
            "sockeye.audit.flush-interval",
            "sockeye.audit.queue-capacity",
            "sockeye.audit.retention",
            "sockeye.audit.stderr-tail-bytes",
            "sockeye.change-feed.min-reconnect-delay",
            "sockeye.change-feed.max-reconnect-delay",
            "sockeye.change-feed.poll-interval");

    private final Map<String, String> properties;

    private StoreConfigProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    public static StoreConfig parse(Map<String, String> properties) {
        return new StoreConfigProperties(new TreeMap<>(properties)).toConfig();
    }

    /**
     * The {@code sockeye.*} properties named by environment variables ({@code SOCKEYE_DB_URL} is
     * {@code sockeye.db.url}); other variables are ignored.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        for (String key : FIXED_KEYS) {
            String value = environment.get(variableName(key));
            if (value != null) {
                properties.put(key, value);
            }
        }
        for (String prefix : List.of(KEY_PREFIX, DRIVER_PROPERTY_PREFIX)) {
            String variablePrefix = variableName(prefix);
            environment.forEach((name, value) -> {
                if (name.startsWith(variablePrefix) && name.length() > variablePrefix.length()) {
                    properties.put(
                            prefix + name.substring(variablePrefix.length()).toLowerCase(Locale.ROOT), value);
                }
            });
        }
        return properties;
    }

    private static String variableName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private StoreConfig toConfig() {
        StoreConfig.Audit auditDefaults = StoreConfig.Audit.defaults();
        StoreConfig.ChangeFeed feedDefaults = StoreConfig.ChangeFeed.defaults();
        return new StoreConfig(
                postgres(),
                integer("sockeye.db.pool-size", StoreConfig.DEFAULT_POOL_SIZE),
                secretKeys(),
                new StoreConfig.Audit(
                        integer("sockeye.audit.batch-size", auditDefaults.batchSize()),
                        duration("sockeye.audit.flush-interval", auditDefaults.flushInterval()),
                        integer("sockeye.audit.queue-capacity", auditDefaults.queueCapacity()),
                        duration("sockeye.audit.retention", auditDefaults.retention()),
                        integer("sockeye.audit.stderr-tail-bytes", auditDefaults.stderrTailBytes())),
                new StoreConfig.ChangeFeed(
                        duration("sockeye.change-feed.min-reconnect-delay", feedDefaults.minReconnectDelay()),
                        duration("sockeye.change-feed.max-reconnect-delay", feedDefaults.maxReconnectDelay()),
                        duration("sockeye.change-feed.poll-interval", feedDefaults.pollInterval())));
    }

    private StoreConfig.Postgres postgres() {
        String url = properties.get("sockeye.db.url");
        if (url == null) {
            String dataDirectory = properties.get("sockeye.db.data-dir");
            return new StoreConfig.Postgres.Embedded(
                    dataDirectory == null
                            ? StoreConfig.Postgres.Embedded.defaultDataDirectory()
                            : Path.of(dataDirectory),
                    integer("sockeye.db.port", StoreConfig.Postgres.Embedded.ANY_FREE_PORT));
        }
        return new StoreConfig.Postgres.External(
                url,
                properties.get("sockeye.db.user"),
                properties.getOrDefault("sockeye.db.password", ""),
                withPrefix(DRIVER_PROPERTY_PREFIX));
    }

    private SecretKeys secretKeys() {
        String activeKeyId = properties.get("sockeye.secrets.active-key");
        if (activeKeyId == null) {
            throw new StoreException.Invalid(
                    "sockeye.secrets.active-key is required (with sockeye.secrets.key." + "<id>=<base64 of 32 bytes>)");
        }
        return SecretKeys.parse(activeKeyId, withPrefix(KEY_PREFIX));
    }

    private Map<String, String> withPrefix(String prefix) {
        Map<String, String> matching = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                matching.put(key.substring(prefix.length()), value);
            }
        });
        return matching;
    }

    private int integer(String key, int defaultValue) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StoreException.Invalid(key + " must be a whole number, was '" + value + "'");
        }
    }

    private Duration duration(String key, Duration defaultValue) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher simple = SIMPLE_DURATION.matcher(value.trim());
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new StoreException.Invalid(
                    key + " must be a duration like 200ms, 5s, 30d or PT0.2S, was '" + value + "'");
        }
    }
}
