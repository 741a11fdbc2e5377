package dev.sockeye.store.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded cluster lives in the platform's home, which follows SOCKEYE_HOME, then HOME, as `./sockeye up` does. */
class EmbeddedDataDirectoryTest {

    private static Path defaultFor(Map<String, String> environment) {
        return StoreConfig.Postgres.Embedded.defaultDataDirectory(environment, "/home/account");
    }

    @Test
    void sockeyeHomeWins() {
        assertThat(defaultFor(Map.of("SOCKEYE_HOME", "/srv/sockeye", "HOME", "/x")))
                .isEqualTo(Path.of("/srv/sockeye/data"));
    }

    @Test
    void homeComesBeforeTheAccountsHomeDirectory() {
        assertThat(defaultFor(Map.of("HOME", "/x"))).isEqualTo(Path.of("/x/.sockeye/data"));
    }

    @Test
    void withoutEitherTheAccountsHomeDirectoryIsUsed() {
        assertThat(defaultFor(Map.of())).isEqualTo(Path.of("/home/account/.sockeye/data"));
    }
}
