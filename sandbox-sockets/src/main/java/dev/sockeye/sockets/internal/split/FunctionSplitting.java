package dev.sockeye.sockets.internal.split;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.sockeye.sockets.internal.rewrite.FunctionBodies;
import dev.sockeye.sockets.internal.rewrite.ModuleCopy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The module as Chicory's compiler is shown it so that its huge functions run compiled: each function with more
 * than {@value #SPLIT_ABOVE_BYTES} bytes of code has runs of its statements moved into new functions appended after
 * the module's own ({@link BodySplitter}), so no index of the module moves. Chicory compiles one JVM method per
 * function, and a method over 64 KiB of bytecode cannot exist (Chicory then interprets the function, the eval loop
 * of a language runtime for instance), while one over 8,000 bytes is never compiled by HotSpot's JIT; the pieces
 * are small enough for both. The rewritten module is validated again, so a mistake here refuses the split (the
 * function then stays as it was) rather than running wrong code.
 *
 * <p>The instance still belongs to the module as parsed: exports, tables, traps are the module's own; only the
 * compiled classes come from the rewrite, and a function left to Chicory's interpreter runs its original body.
 */
public final class FunctionSplitting {
    /** Functions with more code than this (wasm bytes, about the JIT's limit once compiled to JVM bytecode). */
    static final int SPLIT_ABOVE_BYTES = 8 * 1024;

    private FunctionSplitting() {}

    /** {@code module} with its huge functions split, or empty when it has none this rewrite can split. */
    public static Optional<WasmModule> of(WasmModule module) {
        if (module.typeSection().typeCount() != module.typeSection().subTypeCount()) {
            return Optional.empty(); // recursive type groups (GC): not rewritten
        }
        var types = new ArrayList<FunctionType>();
        for (int i = 0; i < module.typeSection().subTypeCount(); i++) {
            types.add(module.typeSection().getType(i));
        }
        var functionTypes = new ArrayList<FunctionType>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport function) {
                functionTypes.add(types.get(function.typeIndex()));
            }
        }
        int imported = functionTypes.size();
        CodeSection code = module.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            functionTypes.add(types.get(module.functionSection().getFunctionType(i)));
        }
        var typeIndex = new HashMap<FunctionType, Integer>();
        for (int i = types.size() - 1; i >= 0; i--) {
            typeIndex.put(types.get(i), i);
        }
        var splitBodies = new LinkedHashMap<Integer, byte[]>();
        var newTypes = new ArrayList<Integer>();
        var newBodies = new ArrayList<byte[]>();
        BodySplitter.NewFunctions newFunctions = (type, body) -> {
            newTypes.add(typeIndex.computeIfAbsent(type, added -> {
                types.add(added);
                return types.size() - 1;
            }));
            newBodies.add(body);
            return imported + code.functionBodyCount() + newBodies.size() - 1;
        };
        for (int i = 0; i < code.functionBodyCount(); i++) {
            FunctionBody body = code.getFunctionBody(i);
            if (codeBytes(body) <= SPLIT_ABOVE_BYTES) {
                continue;
            }
            int addedBefore = newBodies.size();
            int typesBefore = types.size();
            byte[] split =
                    BodySplitter.split(functionTypes.get(imported + i), body, functionTypes, types, newFunctions);
            if (split == null) {
                // refused: forget the pieces it had already added
                newBodies.subList(addedBefore, newBodies.size()).clear();
                newTypes.subList(addedBefore, newTypes.size()).clear();
                for (int t = types.size() - 1; t >= typesBefore; t--) {
                    typeIndex.remove(types.remove(t));
                }
                continue;
            }
            splitBodies.put(i, split);
        }
        if (splitBodies.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(combined(module, types, splitBodies, newTypes, newBodies));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty(); // the rewrite did not validate: the functions stay as they were
        }
    }

    /** The size of a body's code in bytes, as the module holds it. */
    static int codeBytes(FunctionBody body) {
        var instructions = body.instructions();
        return instructions.isEmpty()
                ? 0
                : instructions.get(instructions.size() - 1).address()
                        - instructions.get(0).address();
    }

    private static WasmModule combined(
            WasmModule module,
            List<FunctionType> types,
            Map<Integer, byte[]> splitBodies,
            List<Integer> newTypes,
            List<byte[]> newBodies) {
        var written = new ArrayList<>(splitBodies.values());
        written.addAll(newBodies);
        List<FunctionBody> parsed = FunctionBodies.parse(written);
        var replaced = new HashMap<Integer, FunctionBody>();
        int next = 0;
        for (int own : splitBodies.keySet()) {
            replaced.put(own, parsed.get(next++));
        }
        return ModuleCopy.withAppendedFunctions(module, types, replaced, newTypes, parsed.subList(next, parsed.size()));
    }
}
