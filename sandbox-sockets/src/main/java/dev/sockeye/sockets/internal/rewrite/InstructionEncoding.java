package dev.sockeye.sockets.internal.rewrite;

import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.WasmEncoding;

/**
 * A parsed instruction written back in the binary format, from the operands Chicory's parser decoded and the
 * immediates' encodings it lists per opcode ({@link OpCode#signature}). Only what the rewrites copy
 * unchanged: it refuses GC, atomic and exception instructions, and block types and value type vectors, which they
 * write themselves.
 */
public final class InstructionEncoding {
    private InstructionEncoding() {}

    /** Copies a non-SIMD instruction, re-encoded from the operands Chicory's parser decoded. */
    public static boolean encode(Instruction instruction, WasmBytes code) {
        OpCode op = instruction.opcode();
        int prefix = op.opcode() >> 8;
        if (prefix == 0xfb
                || prefix == 0xfe
                || op == OpCode.TRY_TABLE
                || op == OpCode.THROW
                || op == OpCode.THROW_REF) {
            return false;
        }
        if (prefix == 0) {
            code.u8(op.opcode());
        } else {
            code.u8(prefix).u32(op.opcode() & 0xff);
        }
        long[] operands = instruction.operands();
        int at = 0;
        for (WasmEncoding encoding : OpCode.signature(op)) {
            switch (encoding) {
                case BYTE -> code.u8((int) operands[at++]);
                case VARUINT -> code.u32(operands[at++]);
                case VARSINT32, VARSINT64 -> code.s64(operands[at++]);
                case FLOAT32 -> code.littleEndian(operands[at++], 4);
                case FLOAT64 -> code.littleEndian(operands[at++], 8);
                case VEC_VARUINT -> {
                    // br_table: its labels, then the default one (the signature's next VARUINT)
                    int count = operands.length - at - 1;
                    code.u32(count);
                    for (int i = 0; i < count; i++) {
                        code.u32(operands[at++]);
                    }
                }
                case MEMARG -> {
                    memarg(code, operands[at], operands[at + 1], operands[at + 2]);
                    at += 3;
                }
                default -> {
                    return false; // block types, value type vectors, catches: handled above or refused
                }
            }
        }
        return true;
    }

    /** Whether a block type operand as Chicory's parser decodes it names a value type (not a type index). */
    public static boolean isValueType(long blockType) {
        return blockType == ValType.ID.I32
                || blockType == ValType.ID.I64
                || blockType == ValType.ID.F32
                || blockType == ValType.ID.F64
                || blockType == ValType.ID.V128;
    }

    /** A memory instruction's immediates: alignment (with the memory index flag), memory index if not 0, offset. */
    public static void memarg(WasmBytes code, long align, long offset, long memory) {
        if (memory == 0) {
            code.u32(align).u32(offset);
        } else {
            code.u32(align | 0x40).u32(memory).u32(offset);
        }
    }
}
