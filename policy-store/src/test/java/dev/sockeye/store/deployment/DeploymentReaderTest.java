package dev.sockeye.store.deployment;

import static dev.sockeye.store.Fixtures.ACTOR;
import static dev.sockeye.store.Fixtures.createFunction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.Fixtures;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.egress.PolicyMode;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.TriggerVisibility;
import dev.sockeye.store.modules.Sha256;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentReaderTest extends StoreTest {

    @Test
    void snapshotHoldsEveryActiveFunctionWithAllItNeedsToRun() {
        createFunction(store, "hello", "/hello");
        createFunction(store, "draft");
        Fixtures.deploy(store, "hello", Map.of("GREETING", "hi"));
        store.secrets().put("hello", "API_KEY", "k-123", ACTOR);
        store.egressPolicies().replace("hello", List.of("tcp://api.example.com:443"), PolicyMode.ENFORCE, 0, ACTOR);

        DeploymentSnapshot snapshot = store.deployments().loadAll();

        assertThat(snapshot.functions()).singleElement().satisfies(hello -> {
            assertThat(hello.name()).isEqualTo("hello");
            assertThat(hello.version()).isEqualTo(1);
            assertThat(Sha256.hex(hello.wasm())).isEqualTo(hello.moduleSha256());
            assertThat(hello.args()).containsExactly("--serve");
            assertThat(hello.env()).containsExactly(Map.entry("GREETING", "hi"));
            assertThat(hello.fileBundle()).isEmpty();
            assertThat(hello.secrets()).containsExactly(Map.entry("API_KEY", "k-123"));
            assertThat(hello.routes()).containsExactly("/hello");
            assertThat(hello.limits()).isEqualTo(FunctionLimits.DEFAULTS);
            assertThat(hello.visibility()).isEqualTo(TriggerVisibility.PUBLIC);
            assertThat(hello.egressPolicy().rules()).containsExactly("tcp://api.example.com:443");
            assertThat(hello.egressPolicy().revision()).isEqualTo(1);
            assertThat(hello.toString()).doesNotContain("k-123");
        });
        assertThat(snapshot.changeSequence()).isEqualTo(3);
    }

    @Test
    void rollingBackToAnEarlierVersionServesItsModuleAndEnv() {
        createFunction(store, "hello");
        Fixtures.deploy(store, "hello", Map.of("RELEASE", "one"));
        Fixtures.deploy(store, "hello", Map.of("RELEASE", "two"));

        store.functions().activate("hello", 1);

        DeployedFunction hello = store.deployments().load("hello").orElseThrow();
        assertThat(hello.version()).isEqualTo(1);
        assertThat(hello.env()).containsEntry("RELEASE", "one");
    }

    @Test
    void functionWithoutActiveVersionOrDeletedIsNotServed() {
        createFunction(store, "draft");
        createFunction(store, "gone");
        Fixtures.deploy(store, "gone", Map.of());
        store.functions().delete("gone");

        assertThat(store.deployments().load("draft")).isEmpty();
        assertThat(store.deployments().load("gone")).isEmpty();
        assertThat(store.deployments().loadAll().functions()).isEmpty();
    }
}
