package dev.sockeye.sockets.simd;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.OpCode;
import dev.sockeye.sockets.internal.simd.SimdMachine;
import dev.sockeye.sockets.testing.Guests;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The per-family WAT tests together use every fixed-width SIMD instruction Chicory's parser knows. */
class SimdCoverageTest {
    private static final Set<String> FAMILY_MODULES =
            Set.of("simd_lanes", "simd_memory", "simd_integer", "simd_compare", "simd_float", "simd_conversions");

    @Test
    void theFamilyModulesUseAllTwoHundredThirtySixSimdInstructions() {
        Set<OpCode> all =
                Arrays.stream(OpCode.values()).filter(SimdMachine::isSimd).collect(Collectors.toSet());
        var used = EnumSet.noneOf(OpCode.class);
        for (String name : FAMILY_MODULES) {
            for (var body : Parser.parse(Guests.bytes(name)).codeSection().functionBodies()) {
                body.instructions().stream()
                        .map(instruction -> instruction.opcode())
                        .filter(SimdMachine::isSimd)
                        .forEach(used::add);
            }
        }

        assertThat(all).hasSize(236);
        assertThat(used).containsExactlyInAnyOrderElementsOf(all);
    }
}
