package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.runtime.internal.CompilerInterpreterMachine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.Deque;

/**
 * Chicory's interpreter plus the fixed-width SIMD instructions, for modules that use v128 (Chicory 1.7.5's
 * compiler and interpreter run none of them). Chicory's parser decodes and validates the instructions, and its
 * interpreter already moves v128 values through locals, globals, calls, blocks and select as two stack slots;
 * every instruction it does not know reaches {@link #evalDefault}, which runs the SIMD ones as plain Java over
 * lanes. Run it on a module {@link LocalSetOrder#repaired}, which also fixes how v128 locals are written.
 *
 * <p>It is the interpreter Chicory's compiler falls back to ({@link CompilerInterpreterMachine}): it runs the
 * functions it is given (those of {@link V128Functions}, and any too big for one JVM method) and hands every call
 * to another function to the instance's machine, so that those run compiled; calls into the listed functions
 * come back here the same way.
 */
public final class SimdMachine extends CompilerInterpreterMachine {
    private static final int PREFIX_SHIFT = 8;
    private static final int SIMD_PREFIX = 0xfd;

    /** Runs every function of the instance's module: for a module that is interpreted whole. */
    public SimdMachine(Instance instance) {
        super(instance, allFunctions(instance));
    }

    /** Runs the functions {@code interpretedFunctions}; calls to any other go to the instance's machine. */
    public SimdMachine(Instance instance, int[] interpretedFunctions) {
        super(instance, interpretedFunctions);
    }

    private static int[] allFunctions(Instance instance) {
        var module = instance.module();
        int count = module.importSection().count(ExternalType.FUNCTION)
                + module.functionSection().functionCount();
        var all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Whether the module uses SIMD anywhere: a v128 in a signature, global or local, or any SIMD instruction. */
    public static boolean usedBy(WasmModule module) {
        var types = module.typeSection();
        for (int i = 0; i < types.typeCount(); i++) {
            if (V128Functions.hasV128(types.getType(i))) {
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
                if (isSimd(instruction.opcode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code opcode} is a fixed-width SIMD instruction (prefix 0xfd; Chicory numbers them 0xfdNN). */
    public static boolean isSimd(OpCode opcode) {
        return opcode.opcode() >> PREFIX_SHIFT == SIMD_PREFIX;
    }

    @Override
    protected void evalDefault(
            MStack stack, Instance instance, Deque<StackFrame> callStack, Instruction instruction, Operands operands) {
        if (LocalSetOrder.isSwap(instruction)) {
            LocalSetOrder.swap(stack);
            return;
        }
        if (!evalLanes(instruction.opcode(), stack, instance, operands::get)) {
            super.evalDefault(stack, instance, callStack, instruction, operands);
        }
    }

    /** Executes {@code op} if it is a SIMD instruction, over the values on {@code stack}; false when it is not. */
    static boolean evalLanes(OpCode op, MStack stack, Instance instance, Immediates immediates) {
        return LaneAccess.eval(op, stack, immediates)
                || VectorMemory.eval(op, stack, instance, immediates)
                || IntegerArithmetic.eval(op, stack)
                || LaneTests.eval(op, stack)
                || FloatArithmetic.eval(op, stack)
                || LaneConversions.eval(op, stack);
    }
}
