package dev.sockeye.sockets.simd;

import static dev.sockeye.sockets.simd.Lanes.i32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.sockets.DiskCompileCache;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.testing.Guests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module that uses SIMD in some functions (guests/wat/simd_mixed.wat: 10 of its 17 functions touch a v128): all
 * run compiled, the SIMD ones rewritten without v128, but for $pong, whose reference-typed local the rewrite does
 * not handle, which stays in the SIMD interpreter; calls cross between compiled and interpreted code both ways.
 */
class SimdSplitTest {
    /** $pong. */
    private static final int INTERPRETED_FUNCTIONS = 1;

    private SimdModule module;

    @BeforeEach
    void open() {
        module = new SimdModule("simd_mixed");
    }

    @AfterEach
    void close() {
        module.close();
    }

    @Test
    void onlyTheFunctionTheRewriteDoesNotHandleIsInterpreted() {
        try (var sandbox = Sandbox.builder().build()) {
            assertThat(sandbox.compile(Guests.bytes("simd_mixed")).interpretedFunctions())
                    .isEqualTo(INTERPRETED_FUNCTIONS);
            assertThat(sandbox.interpret(Guests.bytes("simd_mixed")).interpretedFunctions())
                    .isEqualTo(17);
        }
    }

    @Test
    void aCGuestBuiltWithSimdRunsWholeCompiled() {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("simd_diff"));

            assertThat(guest.interpretedFunctions()).isZero();
        }
    }

    @Test
    void aFunctionTooBigToCompileIsInterpretedWhileTheSimdOneRunsCompiled() {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("huge_function_simd"));
            var outcome = sandbox.run(
                    guest,
                    GuestOptions.builder()
                            .guard(EgressGuard.denyAll(EgressListener.none()))
                            .build());

            assertThat(guest.interpretedFunctions()).isEqualTo(1);
            assertThat(outcome.exitCode()).isEqualTo(42);
        }
    }

    @Test
    void compiledAndSimdFunctionsCallEachOtherDirectly() {
        assertThat(module.call("double", 5)).containsExactly(10);
        assertThat(module.call("simd_sum", 5)).containsExactly(50);
        assertThat(module.call("scalar_calls_simd", 5)).containsExactly(51);
    }

    @Test
    void aV128CrossesOnlyBetweenInterpretedFunctionsAndExports() {
        assertThat(module.call("vec_inc", (Object) i32(10, 20, 30, 40))).containsExactly(i32(11, 22, 33, 44));
        assertThat(module.call("pass_through")).containsExactly(8);
    }

    @Test
    void callIndirectReachesEitherKindFromEitherKind() {
        assertThat(module.call("scalar_via_table", 3, 0)).containsExactly(6);
        assertThat(module.call("scalar_via_table", 3, 1)).containsExactly(34);
        assertThat(module.call("simd_via_table", 3, 0)).containsExactly(6);
        assertThat(module.call("simd_via_table", 3, 1)).containsExactly(34);
        assertThat(module.call("simd_vector_via_table", 2)).containsExactly(44);
    }

    @Test
    void callIndirectChecksTheSignatureAcrossTheSplit() {
        assertThatThrownBy(() -> module.call("scalar_via_table", 3, 2))
                .hasMessageContaining("indirect call type mismatch");
        assertThatThrownBy(() -> module.call("simd_vector_via_table", 0))
                .hasMessageContaining("indirect call type mismatch");
    }

    @Test
    void trapsPropagateAcrossTheSplitBothWays() {
        assertThat(module.call("scalar_load_via_simd", 0)).containsExactly(0);
        assertThatThrownBy(() -> module.call("scalar_load_via_simd", 65536 - 16))
                .hasMessageContaining("out of bounds memory access");
        assertThat(module.call("simd_divide", 4)).containsExactly(25);
        assertThatThrownBy(() -> module.call("simd_divide", 0)).hasMessageContaining("divide by zero");
    }

    @Test
    void recursionAlternatesBetweenCompiledAndInterpreted() {
        assertThat(module.call("ping", 500)).containsExactly(500);
    }

    @Test
    void unboundedRecursionAcrossTheSplitExhaustsTheStackAsAnError() {
        assertThatThrownBy(() -> module.call("ping", Integer.MAX_VALUE)).hasMessage("call stack exhausted");
    }

    @Test
    void theSplitModuleRunsFromACachedCompile(@TempDir Path cacheDirectory) throws Exception {
        var cache = new DiskCompileCache(cacheDirectory);
        try (var sandbox = Sandbox.builder().build()) {
            var first = sandbox.compile(Guests.bytes("simd_mixed"), cache);
            var second = sandbox.compile(Guests.bytes("simd_mixed"), cache);
            var outcome = sandbox.run(
                    second,
                    GuestOptions.builder()
                            .guard(EgressGuard.denyAll(EgressListener.none()))
                            .build());

            assertThat(first.interpretedFunctions()).isEqualTo(INTERPRETED_FUNCTIONS);
            assertThat(second.interpretedFunctions()).isEqualTo(INTERPRETED_FUNCTIONS);
            assertThat(outcome.exitCode()).isEqualTo(42);
            try (var entries = Files.list(cache.directory())) {
                assertThat(entries).hasSize(1);
            }
        }
    }
}
