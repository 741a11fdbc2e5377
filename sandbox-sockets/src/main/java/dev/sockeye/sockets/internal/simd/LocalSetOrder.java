package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.rewrite.ModuleCopy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works around Chicory 1.7.5's interpreter storing a v128 in a local with its halves the other way round from how
 * it reads it back ({@code local.set} writes the top slot first, {@code local.get} reads the lower slot first), so
 * that a vector put in a local and read again comes back with its two halves swapped; parameters, which arrive in
 * order, are unaffected. The fix rewrites each function once, at load: every v128 {@code local.set} gets a swap of
 * the two top stack slots before it, every v128 {@code local.tee} one before and one after, and branch targets
 * move with the instructions. {@link SimdMachine} runs the swap.
 */
public final class LocalSetOrder {
    /** The address that marks an inserted swap; parsed instructions have their offset in the module, never -1. */
    static final int SWAP_ADDRESS = -1;

    private LocalSetOrder() {}

    /** Whether {@code instruction} is a swap this class inserted. */
    static boolean isSwap(Instruction instruction) {
        return instruction.address() == SWAP_ADDRESS;
    }

    /** Swaps the two slots on top of the stack: the halves of the v128 there. */
    static void swap(MStack stack) {
        long top = stack.pop();
        long below = stack.pop();
        stack.push(top);
        stack.push(below);
    }

    /**
     * The module with its v128 local writes repaired; the module itself when it has none. Call it once per parsed
     * module: the try_table handlers of the result are those of {@code module}, moved.
     */
    public static WasmModule repaired(WasmModule module) {
        CodeSection code = module.codeSection();
        var bodies = new ArrayList<FunctionBody>(code.functionBodyCount());
        boolean changed = false;
        for (int i = 0; i < code.functionBodyCount(); i++) {
            FunctionBody body = code.getFunctionBody(i);
            FunctionType type =
                    module.typeSection().getType(module.functionSection().getFunctionType(i));
            var localTypes = new ArrayList<ValType>(type.params());
            localTypes.addAll(body.localTypes());
            FunctionBody fixed = repaired(body, localTypes);
            changed |= fixed != body;
            bodies.add(fixed);
        }
        if (!changed) {
            return module;
        }
        var newCode = CodeSection.builder().setRequiresDataCount(code.isRequiresDataCount());
        bodies.forEach(newCode::addFunctionBody);
        return ModuleCopy.withCode(module, newCode.build());
    }

    private static FunctionBody repaired(FunctionBody body, List<ValType> localTypes) {
        List<AnnotatedInstruction> old = body.instructions();
        // Where each old instruction's code starts in the new list (its inserted swap, if any); one past the end too.
        var start = new int[old.size() + 1];
        int next = 0;
        for (int i = 0; i < old.size(); i++) {
            start[i] = next;
            next += 1 + swapsBefore(old.get(i), localTypes) + swapsAfter(old.get(i), localTypes);
        }
        start[old.size()] = next;
        if (next == old.size()) {
            return body;
        }
        var replaced = new IdentityHashMap<Instruction, Instruction>();
        var fixed = new ArrayList<AnnotatedInstruction>(next);
        for (AnnotatedInstruction instruction : old) {
            for (int s = 0; s < swapsBefore(instruction, localTypes); s++) {
                fixed.add(swapInstruction(instruction.depth()));
            }
            AnnotatedInstruction moved = moved(instruction, start, replaced);
            replaced.put(instruction, moved);
            fixed.add(moved);
            for (int s = 0; s < swapsAfter(instruction, localTypes); s++) {
                fixed.add(swapInstruction(instruction.depth()));
            }
        }
        return new FunctionBody(body.localTypes(), fixed);
    }

    private static int swapsBefore(Instruction instruction, List<ValType> localTypes) {
        return writesV128Local(instruction, localTypes) ? 1 : 0;
    }

    private static int swapsAfter(Instruction instruction, List<ValType> localTypes) {
        return instruction.opcode() == OpCode.LOCAL_TEE && writesV128Local(instruction, localTypes) ? 1 : 0;
    }

    private static boolean writesV128Local(Instruction instruction, List<ValType> localTypes) {
        OpCode op = instruction.opcode();
        return (op == OpCode.LOCAL_SET || op == OpCode.LOCAL_TEE)
                && ValType.V128.equals(localTypes.get((int) instruction.operand(0)));
    }

    private static AnnotatedInstruction swapInstruction(int depth) {
        return AnnotatedInstruction.builder()
                .from(new Instruction(SWAP_ADDRESS, OpCode.I8x16_SHUFFLE, Instruction.EMPTY_OPERANDS))
                .withDepth(depth)
                .build();
    }

    /** A copy of {@code instruction} with its branch targets moved to where their instructions now start. */
    private static AnnotatedInstruction moved(
            AnnotatedInstruction instruction, int[] start, Map<Instruction, Instruction> replaced) {
        var builder = AnnotatedInstruction.builder().from(instruction).withDepth(instruction.depth());
        if (instruction.labelTrue() != AnnotatedInstruction.UNDEFINED_LABEL) {
            builder.withLabelTrue(start[instruction.labelTrue()]);
        }
        if (instruction.labelFalse() != AnnotatedInstruction.UNDEFINED_LABEL) {
            builder.withLabelFalse(start[instruction.labelFalse()]);
        }
        if (instruction.opcode() == OpCode.BR_TABLE) {
            builder.withLabelTable(
                    instruction.labelTable().stream().map(label -> start[label]).toList());
        }
        if (instruction.catches() != null) {
            for (var handler : instruction.catches()) {
                handler.resolvedLabel(start[handler.resolvedLabel()]);
            }
            builder.withCatches(instruction.catches());
        }
        if (instruction.scope() != null) {
            builder.withScope(replaced.getOrDefault(instruction.scope(), instruction.scope()));
        }
        return builder.build();
    }
}
