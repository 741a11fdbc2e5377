package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * SIMD instructions that {@link V128Lowering} does not expand into scalar code (and reads and writes of v128
 * globals) become a call to a function of their own, appended to the module; the compiled code reaches it through the instance's machine, which hands it
 * here. Each such function is one instruction with its immediates, run by the same lane code as
 * {@link SimdMachine} over its flattened operands (a v128 is two i64, low half first), so the semantics and trap
 * messages are the interpreter's.
 */
final class LaneCalls {
    private static final List<String> UNARY = List.of(
            "NOT", "ABS", "NEG", "POPCNT", "SQRT", "CEIL", "FLOOR", "TRUNC", "NEAREST", "EXTEND", "EXTADD", "CONVERT",
            "DEMOTE", "PROMOTE");
    private static final List<ValType> VECTOR = List.of(ValType.I64, ValType.I64);

    private LaneCalls() {}

    /** The operands and results of {@code op} on the stack, each v128 as two i64. */
    static FunctionType signature(OpCode op) {
        if (op == OpCode.GLOBAL_GET) {
            return type(List.of(), List.of(), VECTOR);
        }
        if (op == OpCode.GLOBAL_SET) {
            return type(VECTOR, List.of(), List.of());
        }
        String name = op.name();
        String shape = name.substring(0, name.indexOf('_'));
        String operation = name.substring(name.indexOf('_') + 1);
        if (name.startsWith("V128_STORE")) {
            return type(List.of(ValType.I32), VECTOR, List.of());
        }
        if (name.startsWith("V128_LOAD")) {
            return name.endsWith("_LANE")
                    ? type(List.of(ValType.I32), VECTOR, VECTOR)
                    : type(List.of(ValType.I32), List.of(), VECTOR);
        }
        if (operation.equals("SPLAT")) {
            return type(List.of(laneType(shape)), List.of(), VECTOR);
        }
        if (operation.startsWith("EXTRACT_LANE")) {
            return type(VECTOR, List.of(), List.of(laneType(shape)));
        }
        if (operation.equals("REPLACE_LANE")) {
            return type(VECTOR, List.of(laneType(shape)), VECTOR);
        }
        if (operation.equals("ANY_TRUE") || operation.equals("ALL_TRUE") || operation.equals("BITMASK")) {
            return type(VECTOR, List.of(), List.of(ValType.I32));
        }
        if (operation.equals("SHL") || operation.startsWith("SHR_")) {
            return type(VECTOR, List.of(ValType.I32), VECTOR);
        }
        if (op == OpCode.V128_BITSELECT) {
            return type(VECTOR, concat(VECTOR, VECTOR), VECTOR);
        }
        if (op == OpCode.V128_CONST) {
            return type(List.of(), List.of(), VECTOR);
        }
        for (String unary : UNARY) {
            if (operation.startsWith(unary)) {
                return type(VECTOR, List.of(), VECTOR);
            }
        }
        return type(VECTOR, VECTOR, VECTOR);
    }

    /** Runs {@code instruction} (a SIMD one) over {@code args}, returning its results as the stack holds them. */
    static long[] call(Instance instance, Instruction instruction, int results, long[] args) {
        if (instruction.opcode() == OpCode.GLOBAL_GET || instruction.opcode() == OpCode.GLOBAL_SET) {
            return v128Global(instance, instruction, args);
        }
        var stack = new MStack();
        for (long arg : args) {
            stack.push(arg);
        }
        if (!SimdMachine.evalLanes(instruction.opcode(), stack, instance, instruction::operand)) {
            throw new IllegalStateException("not a SIMD instruction: " + instruction.opcode());
        }
        var out = new long[results];
        for (int i = results - 1; i >= 0; i--) {
            out[i] = stack.pop();
        }
        return out;
    }

    /** global.get or global.set of a v128 global, as Chicory's interpreter keeps it: two halves. */
    private static long[] v128Global(Instance instance, Instruction instruction, long[] args) {
        GlobalInstance global = instance.global((int) instruction.operand(0));
        if (instruction.opcode() == OpCode.GLOBAL_GET) {
            return new long[] {global.getValueLow(), global.getValueHigh()};
        }
        global.setValueLow(args[0]);
        global.setValueHigh(args[1]);
        return new long[0];
    }

    private static ValType laneType(String shape) {
        return switch (shape) {
            case "I64x2" -> ValType.I64;
            case "F32x4" -> ValType.F32;
            case "F64x2" -> ValType.F64;
            default -> ValType.I32;
        };
    }

    private static FunctionType type(List<ValType> first, List<ValType> second, List<ValType> results) {
        return FunctionType.of(concat(first, second), results);
    }

    private static List<ValType> concat(List<ValType> first, List<ValType> second) {
        var all = new ArrayList<ValType>(first);
        all.addAll(second);
        return all;
    }
}
