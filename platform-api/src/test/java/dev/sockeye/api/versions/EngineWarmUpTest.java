package dev.sockeye.api.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import dev.sockeye.sockets.internal.wasi.Preview1Linker;
import org.junit.jupiter.api.Test;

class EngineWarmUpTest {

    @Test
    void generatedModuleIsAValidModuleSockeyeCanLink() {
        byte[] wasm = EngineWarmUp.generatedModule();
        var module = Parser.parse(wasm);
        assertThat(module.functionSection().functionCount()).isEqualTo(4000);
        assertThat(Preview1Linker.standard().unsatisfiedImports(module)).isEmpty();
        assertThat(wasm.length).isGreaterThan(50_000);
    }
}
