package dev.sockeye.sockets.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.sockets.GuestModuleException;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.modules.ModuleInspection;
import dev.sockeye.sockets.modules.UnsatisfiedImport;
import dev.sockeye.sockets.testing.Guests;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Sandbox#inspect} and the refusal of modules using features Sockeye does not run (relaxed SIMD:
 * guests/wat/relaxed_simd.wat), while fixed-width SIMD (guests/wat/simd.wat) runs.
 */
class ModuleInspectionTest {
    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void compilingARelaxedSimdModuleIsRefusedWithOneLineNamingTheInstruction() {
        assertThatThrownBy(() -> sandbox.compile(Guests.bytes("relaxed_simd")))
                .isInstanceOf(GuestModuleException.class)
                .hasMessage("uses relaxed SIMD (i8x16.relaxed_swizzle) (not supported)");
    }

    @Test
    void interpretingARelaxedSimdModuleIsRefusedLikewise() {
        assertThatThrownBy(() -> sandbox.interpret(Guests.bytes("relaxed_simd")))
                .isInstanceOf(GuestModuleException.class)
                .hasMessage("uses relaxed SIMD (i8x16.relaxed_swizzle) (not supported)");
    }

    @Test
    void inspectionNamesRelaxedSimdAsUnsupportedAndStillListsImportsAndMemory() {
        ModuleInspection inspection = Sandbox.inspect(Guests.bytes("relaxed_simd"));

        assertThat(inspection.unsupportedFeatures()).containsExactly("relaxed SIMD (i8x16.relaxed_swizzle)");
        assertThat(inspection.imports()).containsExactly("wasi_snapshot_preview1.proc_exit");
        assertThat(inspection.memory()).isEqualTo(new ModuleInspection.DeclaredMemory(1, 65536));
        assertThat(inspection.unsatisfiedImports()).isEmpty();
        assertThat(inspection.runnable()).isFalse();
    }

    @Test
    void inspectionOfAFixedWidthSimdModuleFindsNothingUnsupported() {
        ModuleInspection inspection = Sandbox.inspect(Guests.bytes("simd"));

        assertThat(inspection.unsupportedFeatures()).isEmpty();
        assertThat(inspection.runnable()).isTrue();
    }

    @Test
    void inspectionListsImportsMemoryAndFunctionsOfASnapshot0SocketGuest() {
        ModuleInspection inspection = Sandbox.inspect(Guests.bytes("snapshot0"));

        assertThat(inspection.imports()).hasSize(13).contains("wasi_unstable.fd_seek", "wasi_unstable.sock_open");
        assertThat(inspection.usesSockets()).isTrue();
        assertThat(inspection.memory()).isEqualTo(new ModuleInspection.DeclaredMemory(1, 65536));
        assertThat(inspection.functionCount()).isEqualTo(11);
        assertThat(inspection.runnable()).isTrue();
    }

    @Test
    void aGuestWithoutSocketImportsDoesNotUseSockets() {
        ModuleInspection inspection = Sandbox.inspect(Guests.bytes("hello_wagi"));

        assertThat(inspection.usesSockets()).isFalse();
        assertThat(inspection.imports()).allMatch(name -> name.startsWith("wasi_snapshot_preview1."));
        assertThat(inspection.runnable()).isTrue();
    }

    @Test
    void inspectionListsEachUnsatisfiedImportWithoutThrowing() {
        ModuleInspection inspection = Sandbox.inspect(Guests.bytes("unlinkable"));

        assertThat(inspection.unsatisfiedImports())
                .extracting(UnsatisfiedImport::toString)
                .contains("env.host_magic: unknown import module");
        assertThat(inspection.runnable()).isFalse();
    }

    @Test
    void bytesThatAreNotAModuleAreAGuestModuleException() {
        byte[] wasm = Guests.bytes("hello_wagi");
        byte[] truncated = java.util.Arrays.copyOf(wasm, wasm.length / 2);

        assertThatThrownBy(() -> Sandbox.inspect("not wasm".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module");
        assertThatThrownBy(() -> Sandbox.inspect(truncated))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module");
    }
}
