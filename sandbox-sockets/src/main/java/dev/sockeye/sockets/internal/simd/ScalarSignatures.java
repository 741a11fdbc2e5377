package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.rewrite.ModuleCopy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The module as Chicory's compiler is shown it when some functions stay interpreted: each v128 in a function type
 * stands as two i64 (the interpreter's two slots), because the compiler has no v128 type and fails on any
 * signature holding one, even of a function it does not compile. Only interpreted functions have or call such a
 * signature, so the compiled code never runs the stand-in; it merely has to exist.
 */
public final class ScalarSignatures {
    private ScalarSignatures() {}

    /**
     * The module with v128 signatures stood in for; the module itself when it has none; empty when a stand-in
     * would equal another of the module's types (call_indirect would then take one for the other) or the module
     * has GC type groups, which this rewrite does not keep.
     */
    public static Optional<WasmModule> of(WasmModule module) {
        Optional<List<FunctionType>> rewritten = scalarTypes(module.typeSection());
        if (rewritten.isEmpty()) {
            return Optional.empty();
        }
        if (rewritten.get().equals(functionTypes(module.typeSection()))) {
            return Optional.of(module);
        }
        var section = TypeSection.builder();
        rewritten.get().forEach(section::addFunctionType);
        return Optional.of(ModuleCopy.withTypes(module, section.build()));
    }

    /**
     * The module's function types, in order, with each v128 as two i64; empty when a stand-in would equal another
     * of the module's types or the module has GC type groups.
     */
    static Optional<List<FunctionType>> scalarTypes(TypeSection types) {
        if (!onlyPlainFunctionTypes(types)) {
            return Optional.empty();
        }
        var rewritten = new ArrayList<FunctionType>(types.subTypeCount());
        var originals = new HashMap<FunctionType, FunctionType>();
        for (FunctionType type : functionTypes(types)) {
            FunctionType scalar = FunctionType.of(scalar(type.params()), scalar(type.returns()));
            FunctionType earlier = originals.putIfAbsent(scalar, type);
            if (earlier != null && !earlier.equals(type)) {
                return Optional.empty();
            }
            rewritten.add(scalar);
        }
        return Optional.of(rewritten);
    }

    private static List<FunctionType> functionTypes(TypeSection types) {
        var all = new ArrayList<FunctionType>(types.subTypeCount());
        for (int i = 0; i < types.subTypeCount(); i++) {
            all.add(types.getType(i));
        }
        return all;
    }

    private static boolean onlyPlainFunctionTypes(TypeSection types) {
        if (types.typeCount() != types.subTypeCount()) {
            return false;
        }
        for (int i = 0; i < types.subTypeCount(); i++) {
            var subType = types.getSubType(i);
            if (!subType.isFinal()
                    || subType.typeIdx().length != 0
                    || subType.compType().funcType() == null) {
                return false;
            }
        }
        return true;
    }

    static List<ValType> scalar(List<ValType> values) {
        var scalar = new ArrayList<ValType>(values.size());
        for (ValType value : values) {
            if (ValType.V128.equals(value)) {
                scalar.add(ValType.I64);
                scalar.add(ValType.I64);
            } else {
                scalar.add(value);
            }
        }
        return scalar;
    }
}
