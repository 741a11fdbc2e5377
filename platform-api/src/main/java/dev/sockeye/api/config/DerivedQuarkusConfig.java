package dev.sockeye.api.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Quarkus settings that follow from Sockeye's own, so an operator sets one variable as for the standalone
 * invoker: {@code sockeye.log.format} ({@code SOCKEYE_LOG_FORMAT}) {@code json} switches Quarkus' JSON console
 * formatter on ({@code quarkus.log.console.json.enabled}; application.properties renames its fields to the
 * invoker's); {@code sockeye.invoker.drain-seconds} ({@code SOCKEYE_INVOKER_DRAIN_SECONDS}) plus the interrupted
 * runs' grace is how long Quarkus' graceful shutdown waits ({@code quarkus.shutdown.timeout}), so the embedded
 * invoker's 503s for runs interrupted at the drain deadline still go out. Ranks above application.properties and
 * below the environment: an explicit {@code QUARKUS_*} variable wins. Bad values are left to {@link SockeyeConfig},
 * whose check names them.
 */
public final class DerivedQuarkusConfig implements ConfigSourceFactory {

    /** {@link SockeyeConfig.Invoker#drainSeconds()}'s default, as the standalone invoker's. */
    static final String DEFAULT_DRAIN_SECONDS = "25";
    /** After the drain deadline, how long interrupted runs get to send their 503, as on the standalone invoker. */
    public static final int INTERRUPT_GRACE_SECONDS = 3;
    /** Beyond the drain and the grace: the shutdown's own steps (heartbeat row, change feed, store). */
    private static final int SHUTDOWN_MARGIN_SECONDS = 2;

    private static final int BETWEEN_APPLICATION_PROPERTIES_AND_ENVIRONMENT = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        var derived = new HashMap<String, String>();
        String format = value(context, "sockeye.log.format", "text");
        derived.put(
                "quarkus.log.console.json.enabled",
                Boolean.toString(format.strip().equalsIgnoreCase("json")));
        try {
            long drain = Long.parseLong(value(context, "sockeye.invoker.drain-seconds", DEFAULT_DRAIN_SECONDS)
                    .strip());
            derived.put(
                    "quarkus.shutdown.timeout",
                    (Math.max(0, drain) + INTERRUPT_GRACE_SECONDS + SHUTDOWN_MARGIN_SECONDS) + "s");
        } catch (NumberFormatException badValue) {
            // SockeyeConfig refuses it, naming sockeye.invoker.drain-seconds.
        }
        return List.of(new PropertiesConfigSource(
                derived, "sockeye-derived-quarkus-config", BETWEEN_APPLICATION_PROPERTIES_AND_ENVIRONMENT));
    }

    private static String value(ConfigSourceContext context, String name, String otherwise) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? otherwise : value.getValue();
    }
}
