package dev.sockeye.sockets.internal.split;

import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.rewrite.InstructionEncoding;
import dev.sockeye.sockets.internal.rewrite.WasmBytes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One function's body with runs of its statements moved into functions of their own (see {@link FunctionSplitting}).
 * A statement here is a stretch of instructions of one block that leaves the stack as it found it: the splitter
 * follows the stack height through each block and cuts where it is back at the block's start. A run of
 * consecutive statements becomes one new function when nothing in it branches out of it or returns: the new
 * function takes every local the run uses as a parameter and returns those it writes, and the run's place holds
 * a call that passes them in and stores them back. A statement that branches out stays, and the blocks inside it are
 * split the same way. Runs are at most {@link #CHUNK_BYTES} of code, so each new function is far below the JVM's
 * method limit and, as JVM bytecode, within what HotSpot's JIT compiles ({@code HugeMethodLimit}).
 */
final class BodySplitter {
    /** The most code (wasm bytes) one new function holds. */
    static final int CHUNK_BYTES = 2048;
    /** Below this a run stays in place: its call would cost more than moving it saves. */
    private static final int MIN_CHUNK_BYTES = 96;
    /** The most locals a run may pass in (JVM methods take at most 255 parameter slots). */
    private static final int MAX_CHUNK_LOCALS = 64;

    private static final int EMPTY_BLOCK = 0x40;

    /** Adds a new function with this type and body (locals and code, no size prefix) and returns its index. */
    interface NewFunctions {
        int add(FunctionType type, byte[] body);
    }

    /** A body this splitter does not rewrite (an instruction it cannot copy): the function is left as it is. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    private final List<? extends Instruction> code;
    private final int[] address;
    private final int[] end;
    private final int[] elseAt;
    private final List<ValType> localTypes;
    private final List<FunctionType> functionTypes;
    private final List<FunctionType> types;
    private final NewFunctions newFunctions;
    private final WasmBytes out = new WasmBytes();

    private BodySplitter(
            FunctionType type,
            FunctionBody body,
            List<FunctionType> functionTypes,
            List<FunctionType> types,
            NewFunctions newFunctions) {
        this.code = body.instructions();
        this.functionTypes = functionTypes;
        this.types = types;
        this.newFunctions = newFunctions;
        this.localTypes = new ArrayList<>(type.params());
        localTypes.addAll(body.localTypes());
        int count = code.size();
        address = new int[count + 1];
        for (int i = 0; i < count; i++) {
            address[i] = code.get(i).address();
        }
        address[count] = count == 0 ? 0 : address[count - 1] + 1;
        end = new int[count];
        elseAt = new int[count];
        var open = new ArrayList<Integer>();
        for (int i = 0; i < count; i++) {
            elseAt[i] = -1;
            switch (code.get(i).opcode()) {
                case BLOCK, LOOP, IF -> open.add(i);
                case ELSE -> elseAt[open.get(open.size() - 1)] = i;
                case END -> {
                    if (!open.isEmpty()) {
                        end[open.remove(open.size() - 1)] = i;
                    }
                }
                default -> {}
            }
        }
    }

    /**
     * The body rewritten (its locals and code, without the size prefix), with the new functions it calls passed to
     * {@code newFunctions}, or null when it holds something this splitter does not copy.
     *
     * @param functionTypes the type of every function of the module by index, imports first
     * @param types the module's type section
     */
    static byte[] split(
            FunctionType type,
            FunctionBody body,
            List<FunctionType> functionTypes,
            List<FunctionType> types,
            NewFunctions newFunctions) {
        var splitter = new BodySplitter(type, body, functionTypes, types, newFunctions);
        try {
            int last = splitter.code.size() - 1; // the function's own end
            splitter.sequence(0, last, 0);
            splitter.out.u8(OpCode.END.opcode());
        } catch (Refused e) {
            return null;
        }
        var result = new WasmBytes();
        declareLocals(result, body.localTypes());
        return result.bytes(splitter.out.toByteArray()).toByteArray();
    }

    private static void declareLocals(WasmBytes result, List<ValType> locals) {
        var groups = new ArrayList<int[]>(); // {count, type id}
        for (ValType local : locals) {
            int id = (int) local.id();
            if (!groups.isEmpty() && groups.get(groups.size() - 1)[1] == id) {
                groups.get(groups.size() - 1)[0]++;
            } else {
                groups.add(new int[] {1, id});
            }
        }
        result.u32(groups.size());
        for (int[] group : groups) {
            result.u32(group[0]).u8(group[1]);
        }
    }

    /** Writes the instructions {@code [from, to)} of one block, {@code height} values on its stack at first. */
    private void sequence(int from, int to, int height) {
        boolean known = height == 0;
        int statementStart = from;
        int runStart = from;
        int runBytes = 0;
        var runLocals = new BitSet();
        int i = from;
        while (i < to) {
            Instruction instruction = code.get(i);
            OpCode op = instruction.opcode();
            int next = i + 1;
            if (op == OpCode.BLOCK || op == OpCode.LOOP || op == OpCode.IF) {
                int[] blockType = blockType(instruction);
                height += blockType[1] - blockType[0] - (op == OpCode.IF ? 1 : 0);
                next = end[i] + 1;
            } else if (known) {
                int effect = effect(instruction);
                if (effect == StackEffect.UNKNOWN) {
                    known = false;
                } else {
                    height += effect;
                }
            }
            i = next;
            if (!known || height != 0) {
                continue;
            }
            // [statementStart, i) is a statement: add it to the run, or end the run and write it in place
            Facts facts = facts(statementStart, i);
            int bytes = address[i] - address[statementStart];
            if (facts.movable() && bytes <= CHUNK_BYTES) {
                var locals = (BitSet) runLocals.clone();
                locals.or(facts.used);
                if (runBytes + bytes > CHUNK_BYTES || locals.cardinality() > MAX_CHUNK_LOCALS) {
                    run(runStart, statementStart, runBytes);
                    runStart = statementStart;
                    runBytes = 0;
                    locals = facts.used;
                }
                runBytes += bytes;
                runLocals = locals;
            } else {
                run(runStart, statementStart, runBytes);
                inPlace(statementStart, i);
                runStart = i;
                runBytes = 0;
                runLocals = new BitSet();
            }
            statementStart = i;
        }
        run(runStart, statementStart, runBytes);
        inPlace(statementStart, to);
    }

    /** Writes a run of movable statements: as a call to a new function, or in place when it is short. */
    private void run(int from, int to, int bytes) {
        if (from == to) {
            return;
        }
        if (bytes < MIN_CHUNK_BYTES) {
            copy(from, to, null, out);
            return;
        }
        Facts facts = facts(from, to);
        int[] used = facts.used.stream().toArray();
        int[] written = facts.written.stream().toArray();
        var renumbered = new int[localTypes.size()];
        var params = new ArrayList<ValType>();
        for (int k = 0; k < used.length; k++) {
            renumbered[used[k]] = k;
            params.add(localTypes.get(used[k]));
        }
        var results = new ArrayList<ValType>();
        for (int local : written) {
            results.add(localTypes.get(local));
        }
        // the new function: the run with its locals renumbered, then the locals it wrote as its results
        var body = new WasmBytes().u32(0);
        copy(from, to, renumbered, body);
        for (int local : written) {
            body.u8(OpCode.LOCAL_GET.opcode()).u32(renumbered[local]);
        }
        body.u8(OpCode.END.opcode());
        int function = newFunctions.add(FunctionType.of(params, results), body.toByteArray());
        for (int local : used) {
            out.u8(OpCode.LOCAL_GET.opcode()).u32(local);
        }
        out.u8(OpCode.CALL.opcode()).u32(function);
        for (int k = written.length - 1; k >= 0; k--) {
            out.u8(OpCode.LOCAL_SET.opcode()).u32(written[k]);
        }
    }

    /** Writes {@code [from, to)} in place; the blocks in it are split as sequences of their own. */
    private void inPlace(int from, int to) {
        int i = from;
        while (i < to) {
            Instruction instruction = code.get(i);
            OpCode op = instruction.opcode();
            if (op != OpCode.BLOCK && op != OpCode.LOOP && op != OpCode.IF) {
                copyOne(instruction, null, out);
                i++;
                continue;
            }
            copyOne(instruction, null, out);
            int params = blockType(instruction)[0];
            int close = end[i];
            int otherwise = elseAt[i];
            if (otherwise < 0) {
                sequence(i + 1, close, params);
            } else {
                sequence(i + 1, otherwise, params);
                copyOne(code.get(otherwise), null, out);
                sequence(otherwise + 1, close, params);
            }
            copyOne(code.get(close), null, out);
            i = close + 1;
        }
    }

    private void copy(int from, int to, int[] renumbered, WasmBytes into) {
        for (int i = from; i < to; i++) {
            copyOne(code.get(i), renumbered, into);
        }
    }

    /** Copies one instruction, its local renumbered when {@code renumbered} is not null. */
    private static void copyOne(Instruction instruction, int[] renumbered, WasmBytes into) {
        OpCode op = instruction.opcode();
        switch (op) {
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE -> {
                int local = (int) instruction.operand(0);
                into.u8(op.opcode()).u32(renumbered == null ? local : renumbered[local]);
            }
            case BLOCK, LOOP, IF -> {
                long blockType = instruction.operand(0);
                into.u8(op.opcode());
                if (blockType == EMPTY_BLOCK || InstructionEncoding.isValueType(blockType)) {
                    into.u8((int) blockType);
                } else {
                    into.s64(blockType);
                }
            }
            case SELECT_T -> {
                into.u8(0x1c).u32(instruction.operandCount());
                for (long type : instruction.operands()) {
                    into.u8((int) type);
                }
            }
            default -> {
                if (!InstructionEncoding.encode(instruction, into)) {
                    throw new Refused();
                }
            }
        }
    }

    /** What a stretch of instructions touches, and whether it may move into a function of its own. */
    private record Facts(BitSet used, BitSet written, boolean leaves, boolean numericLocals) {
        boolean movable() {
            return !leaves && numericLocals;
        }
    }

    private Facts facts(int from, int to) {
        var used = new BitSet();
        var written = new BitSet();
        boolean leaves = false;
        int depth = 0;
        for (int i = from; i < to && !leaves; i++) {
            Instruction instruction = code.get(i);
            switch (instruction.opcode()) {
                case BLOCK, LOOP, IF -> depth++;
                case END -> depth--;
                case LOCAL_GET -> used.set((int) instruction.operand(0));
                case LOCAL_SET, LOCAL_TEE -> {
                    used.set((int) instruction.operand(0));
                    written.set((int) instruction.operand(0));
                }
                case BR, BR_IF -> leaves = instruction.operand(0) >= depth;
                case BR_TABLE -> {
                    for (long label : instruction.operands()) {
                        leaves |= label >= depth;
                    }
                }
                case RETURN, RETURN_CALL, RETURN_CALL_INDIRECT -> leaves = true;
                default -> leaves = StackEffect.pops(instruction) == StackEffect.UNKNOWN && !isControl(instruction);
            }
        }
        boolean numeric = used.stream().allMatch(local -> isNumeric(localTypes.get(local)));
        return new Facts(used, written, leaves, numeric);
    }

    /** Control instructions the stack follower handles itself (the rest of its unknowns are never moved). */
    private static boolean isControl(Instruction instruction) {
        return switch (instruction.opcode()) {
            case UNREACHABLE, ELSE, CALL, CALL_INDIRECT -> true;
            default -> false;
        };
    }

    /** The stack height change of a non-block instruction, or {@link StackEffect#UNKNOWN} past which it is lost. */
    private int effect(Instruction instruction) {
        switch (instruction.opcode()) {
            case CALL -> {
                FunctionType callee = functionTypes.get((int) instruction.operand(0));
                return callee.returns().size() - callee.params().size();
            }
            case CALL_INDIRECT -> {
                FunctionType callee = types.get((int) instruction.operand(0));
                return callee.returns().size() - callee.params().size() - 1;
            }
            case BR_IF -> {
                return -1;
            }
            default -> {
                int pops = StackEffect.pops(instruction);
                return pops == StackEffect.UNKNOWN ? pops : StackEffect.pushes(instruction) - pops;
            }
        }
    }

    /** How many values a block takes and leaves: {params, results}. */
    private int[] blockType(Instruction instruction) {
        long id = instruction.operand(0);
        if (id == EMPTY_BLOCK) {
            return new int[] {0, 0};
        }
        if (InstructionEncoding.isValueType(id)) {
            return new int[] {0, 1};
        }
        if (id < 0 || id >= types.size() || ValType.ID.isValidOpcode((int) id)) {
            throw new Refused(); // a reference-typed block result, which reads like an index
        }
        FunctionType type = types.get((int) id);
        return new int[] {type.params().size(), type.returns().size()};
    }

    private static boolean isNumeric(ValType type) {
        return type.equals(ValType.I32)
                || type.equals(ValType.I64)
                || type.equals(ValType.F32)
                || type.equals(ValType.F64);
    }
}
