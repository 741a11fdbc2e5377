package dev.sockeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.egress.EgressRuleValidator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The default deployment: the control plane owns an embedded Postgres whose data survives restarts. */
class EmbeddedPolicyStoreTest {

    @Test
    void functionsSurviveARestartOfTheOwnerProcess() {
        Path dataDirectory = TestPostgres.tempDirectory("sockeye-home").resolve("data");
        StoreConfig config = StoreConfig.embedded(dataDirectory, TestPostgres.KEYS);

        try (PolicyStore controlPlane =
                PolicyStore.openForControlPlane(config, EgressRuleValidator.singleLineRules())) {
            Fixtures.createFunction(controlPlane, "hello", "/hello");
            assertThat(controlPlane.database().embeddedServer()).isPresent();
        }
        try (PolicyStore restarted = PolicyStore.openForControlPlane(config, EgressRuleValidator.singleLineRules())) {
            assertThat(restarted.functions().get("hello").routes()).containsExactly("/hello");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).content().isEqualToIgnoringNewLines("17");
    }
}
