package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
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
 */
public final class SimdMachine extends InterpreterMachine {
    private static final int PREFIX_SHIFT = 8;
    private static final int SIMD_PREFIX = 0xfd;

    public SimdMachine(Instance instance) {
        super(instance);
    }

    /**
     * Whether the module uses SIMD anywhere: a v128 in a signature, global or local, or any SIMD instruction. Such
     * a module runs whole in this machine.
     */
    public static boolean usedBy(WasmModule module) {
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

    private static boolean hasV128(FunctionType type) {
        return type.params().contains(ValType.V128) || type.returns().contains(ValType.V128);
    }

    @Override
    protected void evalDefault(
            MStack stack, Instance instance, Deque<StackFrame> callStack, Instruction instruction, Operands operands) {
        if (LocalSetOrder.isSwap(instruction)) {
            LocalSetOrder.swap(stack);
            return;
        }
        OpCode op = instruction.opcode();
        Immediates immediates = operands::get;
        boolean done = LaneAccess.eval(op, stack, immediates)
                || VectorMemory.eval(op, stack, instance, immediates)
                || IntegerArithmetic.eval(op, stack)
                || LaneTests.eval(op, stack)
                || FloatArithmetic.eval(op, stack)
                || LaneConversions.eval(op, stack);
        if (!done) {
            super.evalDefault(stack, instance, callStack, instruction, operands);
        }
    }
}
