package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.rewrite.InstructionEncoding;
import dev.sockeye.sockets.internal.rewrite.WasmBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * One function's body rewritten without v128 (see {@link V128Lowering}): each v128 local becomes two i64 locals
 * (low half first), each v128 on the stack two i64 values (high half on top), and each SIMD instruction either a
 * few scalar instructions over scratch locals appended to the function (the moves, constants, plain loads and
 * stores, splats, lane extraction, shuffles, bitwise operations, integer add and sub, any_true) or a call to its
 * {@link LaneCalls} function (as is each read or write of a v128 global). Null when the body holds something this
 * rewrite does not handle (reference-typed locals, exception handling, GC or atomic instructions): the function then
 * stays interpreted.
 */
final class FunctionLowering {
    private static final long HIGH_BITS_8 = 0x8080_8080_8080_8080L;
    private static final long HIGH_BITS_16 = 0x8000_8000_8000_8000L;
    private static final long HIGH_BITS_32 = 0x8000_0000_8000_0000L;
    private static final long U32 = 0xffff_ffffL;
    private static final int EMPTY_BLOCK = 0x40;

    /** Opcodes as the binary format spells them. */
    private static final int DROP = 0x1a;

    private static final int SELECT = 0x1b;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int LOCAL_TEE = 0x22;
    private static final int I64_LOAD = 0x29;
    private static final int I64_STORE = 0x37;
    private static final int I64_CONST = 0x42;
    private static final int I64_EQZ = 0x50;
    private static final int I32_AND = 0x71;
    private static final int I32_CONST = 0x41;
    private static final int I64_ADD = 0x7c;
    private static final int I64_SUB = 0x7d;
    private static final int I64_MUL = 0x7e;
    private static final int I64_AND = 0x83;
    private static final int I64_OR = 0x84;
    private static final int I64_XOR = 0x85;
    private static final int I64_SHL = 0x86;
    private static final int I64_SHR_U = 0x88;
    private static final int I32_WRAP_I64 = 0xa7;
    private static final int I64_EXTEND_I32_U = 0xad;
    private static final int I32_REINTERPRET_F32 = 0xbc;
    private static final int I64_REINTERPRET_F64 = 0xbd;
    private static final int F32_REINTERPRET_I32 = 0xbe;
    private static final int F64_REINTERPRET_I64 = 0xbf;
    private static final int I32_EXTEND8_S = 0xc0;
    private static final int I32_EXTEND16_S = 0xc1;
    private static final int I32_EQZ = 0x45;
    private static final int CALL = 0x10;

    private final List<ValType> localTypes;
    private final int[] newIndex;
    private final IntPredicate v128Global;
    private final int v128BlockType;
    private final ToIntFunction<Instruction> laneCall;
    private final WasmBytes code = new WasmBytes();
    private final int a0;
    private final int a1;
    private final int b0;
    private final int b1;
    private final int address;
    private final int condition;
    private final List<ValType> declaredLocals = new ArrayList<>();

    private FunctionLowering(
            FunctionType type,
            FunctionBody body,
            IntPredicate v128Global,
            int v128BlockType,
            ToIntFunction<Instruction> laneCall) {
        this.localTypes = new ArrayList<>(type.params());
        localTypes.addAll(body.localTypes());
        this.v128Global = v128Global;
        this.v128BlockType = v128BlockType;
        this.laneCall = laneCall;
        newIndex = new int[localTypes.size()];
        int next = 0;
        for (int i = 0; i < localTypes.size(); i++) {
            newIndex[i] = next;
            boolean vector = ValType.V128.equals(localTypes.get(i));
            next += vector ? 2 : 1;
            if (i >= type.params().size()) {
                declaredLocals.add(vector ? ValType.I64 : localTypes.get(i));
                if (vector) {
                    declaredLocals.add(ValType.I64);
                }
            }
        }
        a0 = next;
        a1 = next + 1;
        b0 = next + 2;
        b1 = next + 3;
        address = next + 4;
        condition = next + 5;
        declaredLocals.addAll(List.of(ValType.I64, ValType.I64, ValType.I64, ValType.I64, ValType.I32, ValType.I32));
    }

    /**
     * The body (its locals and code, without the size prefix) with every v128 gone, or null when it holds
     * something this rewrite leaves to the interpreter.
     *
     * @param v128Global whether a global index holds a v128
     * @param v128BlockType the type index of a block type {@code [] -> [i64 i64]}
     * @param laneCall the function index of the call that runs an instruction not expanded here
     */
    static byte[] lowered(
            FunctionType type,
            FunctionBody body,
            IntPredicate v128Global,
            int v128BlockType,
            ToIntFunction<Instruction> laneCall) {
        var lowering = new FunctionLowering(type, body, v128Global, v128BlockType, laneCall);
        for (ValType local : lowering.declaredLocals) {
            if (!isNumeric(local)) {
                return null;
            }
        }
        for (Instruction instruction : body.instructions()) {
            if (!LocalSetOrder.isSwap(instruction) && !lowering.lower(instruction)) {
                return null;
            }
        }
        var out = new WasmBytes().u32(lowering.declaredLocals.size());
        for (ValType local : lowering.declaredLocals) {
            out.u32(1).u8((int) local.id());
        }
        return out.bytes(lowering.code.toByteArray()).toByteArray();
    }

    private static boolean isNumeric(ValType type) {
        return type.equals(ValType.I32)
                || type.equals(ValType.I64)
                || type.equals(ValType.F32)
                || type.equals(ValType.F64);
    }

    private boolean isV128Local(Instruction instruction) {
        return ValType.V128.equals(localTypes.get((int) instruction.operand(0)));
    }

    private boolean lower(Instruction instruction) {
        OpCode op = instruction.opcode();
        switch (op) {
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE -> local(instruction);
            case DROP -> {
                if (instruction.operand(0) == ValType.ID.V128) {
                    code.u8(DROP);
                }
                code.u8(DROP);
            }
            case SELECT -> select(instruction.operand(0) == ValType.ID.V128);
            case SELECT_T -> {
                if (instruction.operandCount() != 1 || !InstructionEncoding.isValueType(instruction.operand(0))) {
                    return false;
                }
                if (instruction.operand(0) == ValType.ID.V128) {
                    select(true);
                } else {
                    code.u8(0x1c).u32(1).u8((int) instruction.operand(0));
                }
            }
            case BLOCK, LOOP, IF -> {
                long blockType = instruction.operand(0);
                code.u8(op.opcode());
                if (blockType == ValType.ID.V128) {
                    code.s64(v128BlockType);
                } else if (blockType == EMPTY_BLOCK || InstructionEncoding.isValueType(blockType)) {
                    code.u8((int) blockType);
                } else if (blockType >= 0) {
                    code.s64(blockType);
                } else {
                    return false;
                }
            }
            case GLOBAL_GET, GLOBAL_SET -> {
                if (!v128Global.test((int) instruction.operand(0))) {
                    return generic(instruction);
                }
                laneCall(instruction); // the instance's own global, which interpreted functions see too
            }
            default -> {
                return SimdMachine.isSimd(op) ? simd(instruction) : generic(instruction);
            }
        }
        return true;
    }

    private void local(Instruction instruction) {
        int index = newIndex[(int) instruction.operand(0)];
        int opcode = instruction.opcode().opcode();
        if (!isV128Local(instruction)) {
            code.u8(opcode).u32(index);
            return;
        }
        switch (instruction.opcode()) {
            case LOCAL_GET -> get(index).get(index + 1);
            case LOCAL_SET -> set(index + 1).set(index);
            default -> {
                set(index + 1);
                code.u8(LOCAL_TEE).u32(index);
                get(index + 1);
            }
        }
    }

    /** select of two v128 (a below b, then the i32 condition): the halves are chosen one at a time. */
    private void select(boolean vector) {
        if (!vector) {
            code.u8(SELECT);
            return;
        }
        code.u8(LOCAL_SET).u32(condition);
        set(b1).set(b0).set(a1);
        get(b0).get(condition);
        code.u8(SELECT);
        get(a1).get(b1).get(condition);
        code.u8(SELECT);
    }

    private FunctionLowering get(int local) {
        code.u8(LOCAL_GET).u32(local);
        return this;
    }

    private FunctionLowering set(int local) {
        code.u8(LOCAL_SET).u32(local);
        return this;
    }

    private FunctionLowering i64(long value) {
        code.u8(I64_CONST).s64(value);
        return this;
    }

    private FunctionLowering op(int opcode) {
        code.u8(opcode);
        return this;
    }

    private boolean generic(Instruction instruction) {
        return InstructionEncoding.encode(instruction, code);
    }

    private void memarg(long align, long offset, long memory) {
        InstructionEncoding.memarg(code, align, offset, memory);
    }

    private boolean simd(Instruction instruction) {
        OpCode op = instruction.opcode();
        switch (op) {
            case V128_CONST -> i64(instruction.operand(0)).i64(instruction.operand(1));
            case V128_LOAD -> {
                if (inTwoHalves(instruction)) {
                    load(instruction.operand(1));
                } else {
                    laneCall(instruction);
                }
            }
            case V128_STORE -> {
                if (inTwoHalves(instruction)) {
                    store(instruction.operand(1));
                } else {
                    laneCall(instruction);
                }
            }
            case I8x16_SPLAT -> splat(0xffL, 0x0101_0101_0101_0101L, 0);
            case I16x8_SPLAT -> splat(0xffffL, 0x0001_0001_0001_0001L, 0);
            case I32x4_SPLAT -> splat(U32, 0x0000_0001_0000_0001L, 0);
            case F32x4_SPLAT -> splat(U32, 0x0000_0001_0000_0001L, I32_REINTERPRET_F32);
            case I64x2_SPLAT -> code.u8(LOCAL_TEE).u32(a0).u8(LOCAL_GET).u32(a0);
            case F64x2_SPLAT ->
                op(I64_REINTERPRET_F64).code.u8(LOCAL_TEE).u32(a0).u8(LOCAL_GET).u32(a0);
            case I8x16_EXTRACT_LANE_S -> extract(instruction, 8, I32_EXTEND8_S);
            case I8x16_EXTRACT_LANE_U -> extract(instruction, 8, I32_AND);
            case I16x8_EXTRACT_LANE_S -> extract(instruction, 16, I32_EXTEND16_S);
            case I16x8_EXTRACT_LANE_U -> extract(instruction, 16, I32_AND);
            case I32x4_EXTRACT_LANE -> extract(instruction, 32, 0);
            case F32x4_EXTRACT_LANE -> extract(instruction, 32, F32_REINTERPRET_I32);
            case I64x2_EXTRACT_LANE -> extract(instruction, 64, 0);
            case F64x2_EXTRACT_LANE -> extract(instruction, 64, F64_REINTERPRET_I64);
            case I8x16_SHUFFLE -> shuffle(new V128(instruction.operand(0), instruction.operand(1)).bytes());
            case V128_AND -> halves(I64_AND, false);
            case V128_OR -> halves(I64_OR, false);
            case V128_XOR -> halves(I64_XOR, false);
            case V128_ANDNOT -> halves(I64_AND, true);
            case V128_NOT -> {
                set(a1).i64(-1).op(I64_XOR);
                get(a1).i64(-1).op(I64_XOR);
            }
            case V128_ANY_TRUE -> op(I64_OR).op(I64_EQZ).op(I32_EQZ);
            case I8x16_ADD -> laneAdd(HIGH_BITS_8, true);
            case I8x16_SUB -> laneAdd(HIGH_BITS_8, false);
            case I16x8_ADD -> laneAdd(HIGH_BITS_16, true);
            case I16x8_SUB -> laneAdd(HIGH_BITS_16, false);
            case I32x4_ADD -> laneAdd(HIGH_BITS_32, true);
            case I32x4_SUB -> laneAdd(HIGH_BITS_32, false);
            case I64x2_ADD -> halves(I64_ADD, false);
            case I64x2_SUB -> halves(I64_SUB, false);
            default -> laneCall(instruction);
        }
        return true;
    }

    private void laneCall(Instruction instruction) {
        code.u8(CALL).u32(laneCall.applyAsInt(instruction));
    }

    /** Whether a v128.load or store can be two i64 ones: memory 0, and the high half's offset still a u32. */
    private static boolean inTwoHalves(Instruction instruction) {
        return instruction.operand(2) == 0 && instruction.operand(1) + 8 <= U32;
    }

    /** v128.load as two i64 loads, the high half at offset + 8; an access out of bounds traps on one of them. */
    private void load(long offset) {
        code.u8(LOCAL_TEE).u32(address).u8(I64_LOAD);
        memarg(0, offset, 0);
        get(address).code.u8(I64_LOAD);
        memarg(0, offset + 8, 0);
    }

    /**
     * v128.store as two i64 stores, the high half first: if it is out of bounds nothing is written, and if it is
     * not then neither is the low half, below it.
     */
    private void store(long offset) {
        set(b1).set(b0).set(address);
        get(address).get(b1).code.u8(I64_STORE);
        memarg(0, offset + 8, 0);
        get(address).get(b0).code.u8(I64_STORE);
        memarg(0, offset, 0);
    }

    /** The lane value (i32 or f32 when {@code reinterpret} is set) repeated into both halves by a multiplication. */
    private void splat(long laneMask, long repeat, int reinterpret) {
        if (reinterpret != 0) {
            op(reinterpret);
        }
        op(I64_EXTEND_I32_U).i64(laneMask).op(I64_AND).i64(repeat).op(I64_MUL);
        code.u8(LOCAL_TEE).u32(a0);
        get(a0);
    }

    /** The lane of {@code bits} width chosen by the immediate, then {@code finish} (sign or zero extension). */
    private void extract(Instruction instruction, int bits, int finish) {
        int lane = (int) instruction.operand(0);
        int shift = (lane * bits) % 64;
        if (lane * bits >= 64) {
            set(a1).op(DROP).get(a1);
        } else {
            op(DROP);
        }
        if (shift != 0) {
            i64(shift).op(I64_SHR_U);
        }
        if (bits == 64) {
            if (finish != 0) {
                op(finish);
            }
            return;
        }
        op(I32_WRAP_I64);
        if (finish == I32_AND) {
            code.u8(I32_CONST).s64(bits == 8 ? 0xff : 0xffff);
        }
        if (finish != 0) {
            op(finish);
        }
    }

    /** A two-operand operation done half by half ({@code complement}: on the second operand's complement). */
    private void halves(int opcode, boolean complement) {
        set(b1).set(b0).set(a1);
        get(b0);
        if (complement) {
            i64(-1).op(I64_XOR);
        }
        op(opcode);
        get(a1).get(b1);
        if (complement) {
            i64(-1).op(I64_XOR);
        }
        op(opcode);
    }

    /**
     * Lane-wise add or sub of 8-, 16- or 32-bit lanes in each 64-bit half, carries kept inside lanes: the sum
     * of the low bits of each lane, with each lane's top bit put back by xor ({@code high} marks those bits).
     */
    private void laneAdd(long high, boolean add) {
        set(b1).set(b0).set(a1).set(a0);
        laneAddHalf(a0, b0, high, add);
        laneAddHalf(a1, b1, high, add);
    }

    private void laneAddHalf(int a, int b, long high, boolean add) {
        if (add) {
            // ((a & ~H) + (b & ~H)) ^ ((a ^ b) & H)
            get(a).i64(~high).op(I64_AND).get(b).i64(~high).op(I64_AND).op(I64_ADD);
            get(a).get(b).op(I64_XOR).i64(high).op(I64_AND).op(I64_XOR);
        } else {
            // ((a | H) - (b & ~H)) ^ ((a ^ ~b) & H)
            get(a).i64(high).op(I64_OR).get(b).i64(~high).op(I64_AND).op(I64_SUB);
            get(a).get(b).i64(-1).op(I64_XOR).op(I64_XOR).i64(high).op(I64_AND).op(I64_XOR);
        }
    }

    /** i8x16.shuffle with its constant selectors: each half of the result ORs runs of bytes taken from a or b. */
    private void shuffle(byte[] selectors) {
        set(b1).set(b0).set(a1).set(a0);
        int[] words = {a0, a1, b0, b1};
        for (int half = 0; half < 2; half++) {
            boolean first = true;
            int k = 0;
            while (k < 8) {
                int source = selectors[half * 8 + k];
                int n = 1;
                while (k + n < 8 && selectors[half * 8 + k + n] == source + n && (source + n) / 8 == source / 8) {
                    n++;
                }
                get(words[source / 8]);
                int from = source % 8;
                if (from != 0) {
                    i64(8L * from).op(I64_SHR_U);
                }
                if (k + n < 8) {
                    i64(n == 8 ? -1 : (1L << (8 * n)) - 1).op(I64_AND);
                }
                if (k != 0) {
                    i64(8L * k).op(I64_SHL);
                }
                if (!first) {
                    op(I64_OR);
                }
                first = false;
                k += n;
            }
        }
    }
}
