package dev.sockeye.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where {@code ./sockeye up} keeps its data: SOCKEYE_HOME, else $HOME/.sockeye, else the account's home. */
public class SockeyeHomeTest {

    /** The mapping as Quarkus builds it, from {@code environment} only (other tests read settings with it). */
    public static SockeyeConfig config(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SockeyeConfig.class)
                .withConverter(Path.class, 100, new PathConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(java.time.Duration.class, 100, new DurationConverter())
                // The environment as a config source, as Quarkus' own env source maps SOCKEYE_HOME to sockeye.home.
                .withSources(new io.smallrye.config.EnvConfigSource(environment, 300))
                .withSources(new PropertiesConfigSource(
                        Map.of("user.home", System.getProperty("user.home")), "system properties", 400))
                .addDefaultInterceptors() // expands ${...} in defaults, as Quarkus does
                .build();
        return config.getConfigMapping(SockeyeConfig.class);
    }

    @Test
    void theDataDirectoryFollowsHome() {
        assertThat(config(Map.of("HOME", "/tmp/elsewhere")).home()).isEqualTo(Path.of("/tmp/elsewhere/.sockeye"));
    }

    @Test
    void sockeyeHomeWinsOverHome() {
        assertThat(config(Map.of("HOME", "/tmp/elsewhere", "SOCKEYE_HOME", "/srv/sockeye"))
                        .home())
                .isEqualTo(Path.of("/srv/sockeye"));
    }

    @Test
    void withoutHomeItIsTheAccountsHome() {
        assertThat(config(Map.of()).home()).isEqualTo(Path.of(System.getProperty("user.home"), ".sockeye"));
    }
}
