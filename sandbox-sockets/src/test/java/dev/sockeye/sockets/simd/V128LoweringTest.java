package dev.sockeye.sockets.simd;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.internal.simd.LocalSetOrder;
import dev.sockeye.sockets.internal.simd.SimdMachine;
import dev.sockeye.sockets.internal.simd.V128Functions;
import dev.sockeye.sockets.internal.simd.V128Lowering;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Functions that use SIMD run compiled: V128Lowering rewrites them without v128 for Chicory's compiler, so none of
 * the SIMD test guests needs the SIMD interpreter (the per-family tests therefore check the compiled path), and the
 * benchmark's SIMD build computes what its scalar build does.
 */
class V128LoweringTest {
    private static final Pattern SUM = Pattern.compile("sum=(\\d+) ");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "simd",
                "simd_compare",
                "simd_conversions",
                "simd_float",
                "simd_integer",
                "simd_lanes",
                "simd_memory",
                "simd_diff",
                "simd_sum"
            })
    void everySimdFunctionOfTheTestGuestsRunsCompiled(String name) {
        try (var sandbox = Sandbox.builder().build()) {
            assertThat(sandbox.compile(Guests.bytes(name)).interpretedFunctions())
                    .isZero();
        }
    }

    @Test
    void theRewriteHasNoV128LeftAndAppendsOneFunctionPerLaneCall() {
        // simd_lanes: v128 through locals, a global, blocks, calls and select, and instructions of every kind
        var module = LocalSetOrder.repaired(Parser.parse(Guests.bytes("simd_lanes")));
        var simdFunctions = V128Functions.of(module);

        var lowered = V128Lowering.of(module, simdFunctions).orElseThrow();

        assertThat(simdFunctions).isNotEmpty();
        assertThat(codeUsesV128(lowered.module())).isFalse();
        assertThat(codeUsesV128(module)).isTrue();
        assertThat(lowered.interpreted()).isEmpty();
        assertThat(lowered.laneCalls()).isNotEmpty();
        assertThat(lowered.module().functionSection().functionCount())
                .isEqualTo(module.functionSection().functionCount()
                        + lowered.laneCalls().size());
        assertThat(lowered.module().exportSection().exportCount())
                .isEqualTo(module.exportSection().exportCount());
    }

    @Test
    void theSumBenchmarksSimdBuildAgreesWithItsScalarBuild() {
        assertThat(sumPrintedBy("simd_sum")).isEqualTo(sumPrintedBy("simd_sum_scalar"));
    }

    /** Whether a type, a local or an instruction of {@code module} is or makes a v128 (globals aside). */
    private static boolean codeUsesV128(WasmModule module) {
        for (int i = 0; i < module.typeSection().typeCount(); i++) {
            if (V128Functions.hasV128(module.typeSection().getType(i))) {
                return true;
            }
        }
        for (FunctionBody body : module.codeSection().functionBodies()) {
            if (body.localTypes().contains(ValType.V128)
                    || body.instructions().stream().anyMatch(i -> SimdMachine.isSimd(i.opcode()))) {
                return true;
            }
        }
        return false;
    }

    private static String sumPrintedBy(String name) {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes(name));
            var run = GuestRun.start(sandbox, guest, EgressGuard.denyAll(EgressListener.none()), "1");

            assertThat(run.await().exitCode()).isZero();
            var sum = SUM.matcher(run.stdout());
            assertThat(sum.find()).as("sum in %s", run.stdout()).isTrue();
            return sum.group(1);
        }
    }
}
