package dev.sockeye.sockets;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds engine features a parsed module uses that Chicory 1.7.5 cannot run, so that such a module is refused with
 * one line naming the feature instead of failing in the compiler with a stack trace. Today: fixed-width SIMD,
 * which Chicory's parser reads but neither its compiler nor its interpreter executes.
 */
final class UnsupportedFeatures {
    static final String SIMD = "SIMD (v128)";
    /** Every SIMD instruction is the prefix byte 0xfd then its index; Chicory numbers them 0xfdNN. */
    private static final int SIMD_PREFIX = 0xfd;

    private static final int PREFIX_SHIFT = 8;

    private UnsupportedFeatures() {}

    /** The features of {@code module} Sockeye does not support; empty when it can run. */
    static List<String> of(WasmModule module) {
        var features = new ArrayList<String>();
        if (usesSimd(module)) {
            features.add(SIMD);
        }
        return features;
    }

    private static boolean usesSimd(WasmModule module) {
        var types = module.typeSection();
        for (int i = 0; i < types.typeCount(); i++) {
            if (hasV128(types.getType(i))) {
                return true;
            }
        }
        var globals = module.globalSection();
        for (int i = 0; i < globals.globalCount(); i++) {
            if (ValType.V128.equals(globals.getGlobal(i).valueType())) {
                return true;
            }
        }
        for (FunctionBody body : module.codeSection().functionBodies()) {
            if (body.localTypes().contains(ValType.V128)) {
                return true;
            }
            for (var instruction : body.instructions()) {
                if (instruction.opcode().opcode() >> PREFIX_SHIFT == SIMD_PREFIX) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasV128(FunctionType type) {
        return type.params().contains(ValType.V128) || type.returns().contains(ValType.V128);
    }
}
