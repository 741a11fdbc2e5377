package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.rewrite.FunctionBodies;
import dev.sockeye.sockets.internal.rewrite.ModuleCopy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The module as Chicory's compiler is shown it so that functions using SIMD run compiled too: a wasm-to-wasm
 * rewrite with no v128 left. Each v128 in a signature, a local or on the stack is two i64 (low half, then high),
 * as {@link SimdMachine} holds it in two slots, so compiled and interpreted functions still call each other with
 * the same arguments. {@link FunctionLowering} rewrites each body; the SIMD instructions it does not expand become
 * calls to functions appended after the module's own (so no index of the module moves), one per instruction and
 * immediates, which the instance's machine runs in Java ({@link LoweredMachine}, with {@link LaneCalls}). A
 * function the rewrite does not handle keeps running in {@link SimdMachine}; its body in the rewritten module is
 * a bare {@code unreachable}, never run. The rewritten module is validated again, so a mistake here refuses the
 * rewrite (the caller then interprets every v128 function) rather than running wrong code.
 *
 * <p>The instance still belongs to the module as parsed: exports, imports, traps and their messages are the
 * module's own; only the compiled classes come from the rewrite.
 */
public final class V128Lowering {
    private static final byte[] UNREACHABLE_BODY = {0, 0x00, 0x0b};

    /**
     * The rewrite of a module.
     *
     * @param module what the compiler is shown
     * @param interpreted the module's functions left to {@link SimdMachine}
     * @param laneCalls the indices of the appended lane call functions
     * @param machine makes, for an instance and the indices the compiled code does not run (interpreted functions
     *     and lane calls), the machine that runs them
     */
    public record Lowered(
            WasmModule module,
            Set<Integer> interpreted,
            Set<Integer> laneCalls,
            BiFunction<Instance, int[], Machine> machine) {}

    private V128Lowering() {}

    /**
     * Rewrites {@code module} (as {@link LocalSetOrder#repaired} returns it) whose functions {@code v128Functions}
     * touch a v128; empty when the module's types cannot be rewritten (see {@link ScalarSignatures}) or the
     * rewrite does not validate.
     */
    public static Optional<Lowered> of(WasmModule module, Set<Integer> v128Functions) {
        Optional<List<FunctionType>> scalarTypes = ScalarSignatures.scalarTypes(module.typeSection());
        if (scalarTypes.isEmpty()) {
            return Optional.empty();
        }
        var types = new ArrayList<>(scalarTypes.get());
        // A block type index that reads as a value type opcode would be misread: pad past such indices.
        while (ValType.ID.isValidOpcode(types.size()) || types.size() == 0x40) {
            types.add(FunctionType.empty());
        }
        int v128BlockType = types.size();
        types.add(FunctionType.of(List.of(), List.of(ValType.I64, ValType.I64)));

        int imported = module.importSection().count(ExternalType.FUNCTION);
        int ownFunctions = module.functionSection().functionCount();
        int firstLaneCall = imported + ownFunctions;
        // Shared by instructions with the same opcode and immediates; one of a function left interpreted stays,
        // unused.
        var laneCalls = new LinkedHashMap<LaneCallKey, Integer>();
        var callInstructions = new ArrayList<Instruction>();
        List<ValType> globals = V128Functions.globalTypes(module);
        var interpreted = new TreeSet<Integer>();
        var loweredBodies = new LinkedHashMap<Integer, byte[]>();
        for (int funcId : v128Functions) {
            int own = funcId - imported;
            FunctionType type =
                    module.typeSection().getType(module.functionSection().getFunctionType(own));
            FunctionBody body = module.codeSection().getFunctionBody(own);
            byte[] lowered = FunctionLowering.lowered(
                    type,
                    body,
                    global -> ValType.V128.equals(globals.get(global)),
                    v128BlockType,
                    instruction -> firstLaneCall
                            + laneCalls.computeIfAbsent(LaneCallKey.of(instruction), added -> {
                                callInstructions.add(instruction);
                                return callInstructions.size() - 1;
                            }));
            if (lowered == null) {
                interpreted.add(funcId);
                loweredBodies.put(funcId, UNREACHABLE_BODY);
            } else {
                loweredBodies.put(funcId, lowered);
            }
        }
        var typeIndex = new LinkedHashMap<FunctionType, Integer>();
        var callTypes = new int[callInstructions.size()];
        var results = new int[callInstructions.size()];
        for (int i = 0; i < callInstructions.size(); i++) {
            FunctionType signature = LaneCalls.signature(callInstructions.get(i).opcode());
            callTypes[i] = typeIndex.computeIfAbsent(signature, added -> {
                types.add(added);
                return types.size() - 1;
            });
            results[i] = signature.returns().size();
        }
        try {
            WasmModule shown = combined(module, types, callTypes, loweredBodies, callInstructions.size());
            var callIds = new TreeSet<Integer>();
            for (int i = 0; i < callInstructions.size(); i++) {
                callIds.add(firstLaneCall + i);
            }
            Instruction[] calls = callInstructions.toArray(Instruction[]::new);
            BiFunction<Instance, int[], Machine> machines =
                    (instance, functions) -> new LoweredMachine(instance, functions, firstLaneCall, calls, results);
            return Optional.of(new Lowered(shown, interpreted, callIds, machines));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty(); // the rewrite did not validate: every v128 function stays interpreted
        }
    }

    /** Lane calls are shared by instructions with the same opcode and immediates. */
    private record LaneCallKey(int opcode, List<Long> immediates) {
        static LaneCallKey of(Instruction instruction) {
            return new LaneCallKey(
                    instruction.opcode().opcode(),
                    Arrays.stream(instruction.operands()).boxed().toList());
        }
    }

    /** The module with the rewritten types, the lane call functions appended, and the rewritten bodies. */
    private static WasmModule combined(
            WasmModule module,
            List<FunctionType> types,
            int[] callTypes,
            Map<Integer, byte[]> loweredBodies,
            int callCount) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        var written = new ArrayList<byte[]>(loweredBodies.values());
        for (int i = 0; i < callCount; i++) {
            written.add(UNREACHABLE_BODY);
        }
        List<FunctionBody> parsed = FunctionBodies.parse(written);
        var replaced = new HashMap<Integer, FunctionBody>();
        int next = 0;
        for (int funcId : loweredBodies.keySet()) {
            replaced.put(funcId - imported, parsed.get(next++));
        }
        var callTypeList = Arrays.stream(callTypes).boxed().toList();
        return ModuleCopy.withAppendedFunctions(
                module, types, replaced, callTypeList, parsed.subList(next, parsed.size()));
    }
}
