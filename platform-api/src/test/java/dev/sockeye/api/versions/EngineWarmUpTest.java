package dev.sockeye.api.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.Sandbox;
import org.junit.jupiter.api.Test;

class EngineWarmUpTest {

    @Test
    void generatedModuleIsAValidModuleSockeyeCanLink() {
        byte[] wasm = EngineWarmUp.generatedModule();
        var inspection = Sandbox.inspect(wasm);
        assertThat(inspection.functionCount()).isEqualTo(4000);
        assertThat(inspection.runnable()).isTrue();
        assertThat(wasm.length).isGreaterThan(50_000);
    }
}
