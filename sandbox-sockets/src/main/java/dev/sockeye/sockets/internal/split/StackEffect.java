package dev.sockeye.sockets.internal.split;

import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * How many values an instruction outside the control instructions pops and pushes, for the opcodes of the core
 * format up to bulk memory and reference types. {@link #UNKNOWN} for the rest (SIMD, atomics, GC, exceptions): the
 * splitter then stops looking for split points in that block. Calls and blocks depend on types: the caller works
 * those out.
 */
final class StackEffect {
    /** An instruction whose effect is not known here. */
    static final int UNKNOWN = Integer.MIN_VALUE;

    private StackEffect() {}

    /** Values popped by {@code instruction}, or {@link #UNKNOWN}. */
    static int pops(Instruction instruction) {
        int code = instruction.opcode().opcode();
        if (code >> 8 == 0xfc) {
            return switch (code & 0xff) {
                case 0, 1, 2, 3, 4, 5, 6, 7 -> 1; // trunc_sat
                case 8, 10, 11, 12, 14, 17 -> 3; // memory.init, memory.copy, memory.fill, table.init/copy/fill
                case 9, 13, 16 -> 0; // data.drop, elem.drop, table.size
                case 15 -> 2; // table.grow
                default -> UNKNOWN;
            };
        }
        if (code >> 8 != 0) {
            return UNKNOWN;
        }
        if (code == 0x01 || code == 0x23 || code == 0x3f || code >= 0x41 && code <= 0x44) {
            return 0; // nop, global.get, memory.size, constants
        }
        if (code == 0x20 || code == 0xd0 || code == 0xd2) {
            return 0; // local.get, ref.null, ref.func
        }
        if (code == 0x1a || code == 0x21 || code == 0x22 || code == 0x24 || code == 0x25) {
            return 1; // drop, local.set, local.tee, global.set, table.get
        }
        if (code == 0x26) {
            return 2; // table.set
        }
        if (code == 0x1b || code == 0x1c) {
            return 3; // select
        }
        if (code >= 0x28 && code <= 0x35 || code == 0x40) {
            return 1; // loads, memory.grow
        }
        if (code >= 0x36 && code <= 0x3e) {
            return 2; // stores
        }
        if (code == 0x45 || code == 0x50 || code == 0xd1) {
            return 1; // eqz, ref.is_null
        }
        if (code >= 0x46 && code <= 0x66 && code != 0x50) {
            return 2; // comparisons
        }
        if (code >= 0x67 && code <= 0x69 || code >= 0x79 && code <= 0x7b) {
            return 1; // clz, ctz, popcnt
        }
        if (code >= 0x6a && code <= 0x78 || code >= 0x7c && code <= 0x8a) {
            return 2; // integer binary operations
        }
        if (code >= 0x8b && code <= 0x91 || code >= 0x99 && code <= 0x9f) {
            return 1; // float unary operations
        }
        if (code >= 0x92 && code <= 0x98 || code >= 0xa0 && code <= 0xa6) {
            return 2; // float binary operations
        }
        if (code >= 0xa7 && code <= 0xc4) {
            return 1; // conversions, reinterpretations, sign extensions
        }
        return UNKNOWN;
    }

    /** Values pushed by an instruction {@link #pops} knows. */
    static int pushes(Instruction instruction) {
        OpCode op = instruction.opcode();
        int code = op.opcode();
        if (code >> 8 == 0xfc) {
            int sub = code & 0xff;
            return sub <= 7 || sub == 15 || sub == 16 ? 1 : 0;
        }
        return switch (code) {
            case 0x01, 0x1a, 0x21, 0x24, 0x26 -> 0;
            default -> code >= 0x36 && code <= 0x3e ? 0 : 1;
        };
    }
}
