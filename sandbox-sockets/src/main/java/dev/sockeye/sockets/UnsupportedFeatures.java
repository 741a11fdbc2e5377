package dev.sockeye.sockets;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.SectionId;
import dev.sockeye.sockets.internal.simd.RelaxedSimd;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds engine features a module uses that Sockeye cannot run, so that such a module is refused with one line
 * naming the feature instead of failing in the engine with a stack trace. Today: relaxed SIMD. (Fixed-width SIMD
 * runs, in {@link dev.sockeye.sockets.internal.simd.SimdMachine}.)
 */
final class UnsupportedFeatures {
    private UnsupportedFeatures() {}

    /** The features of {@code module} (parsed from {@code wasm}) Sockeye does not support; empty when it can run. */
    static List<String> of(WasmModule module, byte[] wasm) {
        var features = new ArrayList<String>();
        if (mayHoldRelaxedSimd(module)) {
            relaxedSimd(wasm).ifPresent(features::add);
        }
        return features;
    }

    /** {@code relaxed SIMD (<first instruction>)} when the module's code holds a relaxed SIMD instruction. */
    static Optional<String> relaxedSimd(byte[] wasm) {
        return RelaxedSimd.firstIn(wasm).map(name -> "relaxed SIMD (" + name + ")");
    }

    /**
     * The module's sections other than its functions and their code, unvalidated: what an inspection needs of a
     * module whose code Chicory cannot parse because of relaxed SIMD.
     */
    static WasmModule withoutCode(byte[] wasm) {
        var parser = Parser.builder().withValidation(false);
        for (int id = SectionId.CUSTOM; id <= SectionId.TAG; id++) {
            if (id != SectionId.CODE && id != SectionId.FUNCTION) {
                parser.includeSectionId(id);
            }
        }
        return parser.build().parse(() -> new java.io.ByteArrayInputStream(wasm));
    }

    private static boolean mayHoldRelaxedSimd(WasmModule module) {
        for (FunctionBody body : module.codeSection().functionBodies()) {
            for (var instruction : body.instructions()) {
                if (RelaxedSimd.mayBeMisread(instruction.opcode().opcode())) {
                    return true;
                }
            }
        }
        return false;
    }
}
