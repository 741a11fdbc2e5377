package dev.sockeye.api.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code SOCKEYE_LOG_FORMAT} ({@code text}, the default, or {@code json}), the standalone invoker's variable, as the
 * Quarkus setting it stands for: {@code quarkus.log.console.json.enabled}. Quarkus' JSON formatter then writes one
 * object per line with the invoker's field names (application.properties renames Quarkus' own). Ranks above
 * application.properties and below the environment, so an explicit {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED} wins.
 */
public final class LogFormatConfigSource implements ConfigSource {

    static final String VARIABLE = "SOCKEYE_LOG_FORMAT";
    static final String JSON_ENABLED = "quarkus.log.console.json.enabled";
    private static final int BETWEEN_APPLICATION_PROPERTIES_AND_ENVIRONMENT = 260;

    private final Map<String, String> properties;

    /** Read by Quarkus (ServiceLoader) from the process environment. */
    public LogFormatConfigSource() {
        this(System.getenv(VARIABLE));
    }

    /**
     * JSON for {@code json}, text for anything else: {@link SockeyeConfig.Log#format()} refuses values other than
     * {@code text} and {@code json} (Quarkus' configuration check, one line, no stack trace).
     */
    LogFormatConfigSource(String format) {
        boolean json = format != null && format.strip().equalsIgnoreCase("json");
        this.properties = Map.of(JSON_ENABLED, Boolean.toString(json));
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return VARIABLE;
    }

    @Override
    public int getOrdinal() {
        return BETWEEN_APPLICATION_PROPERTIES_AND_ENVIRONMENT;
    }
}
