package dev.sockeye.sockets.internal.simd;

import static dev.sockeye.sockets.internal.simd.Lanewise.bytes;
import static dev.sockeye.sockets.internal.simd.Lanewise.ints;
import static dev.sockeye.sockets.internal.simd.Lanewise.longs;
import static dev.sockeye.sockets.internal.simd.Lanewise.shorts;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Integer lane arithmetic: add, sub, mul, saturating add/sub, min/max, rounding average, abs, neg, popcnt,
 * q15mulr_sat and the shifts.
 */
final class IntegerArithmetic {
    private static final int U8 = 0xff;
    private static final int U16 = 0xffff;

    private IntegerArithmetic() {}

    /** Executes {@code op} if it is one of this family's; false when it is not. */
    static boolean eval(OpCode op, MStack stack) {
        switch (op) {
            case I8x16_ADD -> bytes(stack, (a, b) -> a + b);
            case I8x16_SUB -> bytes(stack, (a, b) -> a - b);
            case I8x16_ADD_SAT_S -> bytes(stack, (a, b) -> clamp(a + b, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case I8x16_ADD_SAT_U -> bytes(stack, (a, b) -> Math.min((a & U8) + (b & U8), U8));
            case I8x16_SUB_SAT_S -> bytes(stack, (a, b) -> clamp(a - b, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case I8x16_SUB_SAT_U -> bytes(stack, (a, b) -> Math.max((a & U8) - (b & U8), 0));
            case I8x16_MIN_S -> bytes(stack, Math::min);
            case I8x16_MIN_U -> bytes(stack, (a, b) -> Math.min(a & U8, b & U8));
            case I8x16_MAX_S -> bytes(stack, Math::max);
            case I8x16_MAX_U -> bytes(stack, (a, b) -> Math.max(a & U8, b & U8));
            case I8x16_AVGR_U -> bytes(stack, (a, b) -> ((a & U8) + (b & U8) + 1) >>> 1);
            case I8x16_ABS -> bytes(stack, Math::abs);
            case I8x16_NEG -> bytes(stack, a -> -a);
            case I8x16_POPCNT -> bytes(stack, a -> Integer.bitCount(a & U8));
            case I8x16_SHL -> Lanewise.shiftBytes(stack, (a, n) -> a << n);
            case I8x16_SHR_S -> Lanewise.shiftBytes(stack, (a, n) -> a >> n);
            case I8x16_SHR_U -> Lanewise.shiftBytes(stack, (a, n) -> (a & U8) >>> n);
            case I16x8_ADD -> shorts(stack, (a, b) -> a + b);
            case I16x8_SUB -> shorts(stack, (a, b) -> a - b);
            case I16x8_MUL -> shorts(stack, (a, b) -> a * b);
            case I16x8_ADD_SAT_S -> shorts(stack, (a, b) -> clamp(a + b, Short.MIN_VALUE, Short.MAX_VALUE));
            case I16x8_ADD_SAT_U -> shorts(stack, (a, b) -> Math.min((a & U16) + (b & U16), U16));
            case I16x8_SUB_SAT_S -> shorts(stack, (a, b) -> clamp(a - b, Short.MIN_VALUE, Short.MAX_VALUE));
            case I16x8_SUB_SAT_U -> shorts(stack, (a, b) -> Math.max((a & U16) - (b & U16), 0));
            case I16x8_MIN_S -> shorts(stack, Math::min);
            case I16x8_MIN_U -> shorts(stack, (a, b) -> Math.min(a & U16, b & U16));
            case I16x8_MAX_S -> shorts(stack, Math::max);
            case I16x8_MAX_U -> shorts(stack, (a, b) -> Math.max(a & U16, b & U16));
            case I16x8_AVGR_U -> shorts(stack, (a, b) -> ((a & U16) + (b & U16) + 1) >>> 1);
            case I16x8_ABS -> shorts(stack, Math::abs);
            case I16x8_NEG -> shorts(stack, a -> -a);
            // Q15 multiply: round, then shift out the 15 fraction bits; only -1 * -1 overflows.
            case I16x8_Q15MULR_SAT_S ->
                shorts(stack, (a, b) -> clamp((a * b + 0x4000) >> 15, Short.MIN_VALUE, Short.MAX_VALUE));
            case I16x8_SHL -> Lanewise.shiftShorts(stack, (a, n) -> a << n);
            case I16x8_SHR_S -> Lanewise.shiftShorts(stack, (a, n) -> a >> n);
            case I16x8_SHR_U -> Lanewise.shiftShorts(stack, (a, n) -> (a & U16) >>> n);
            case I32x4_ADD -> ints(stack, Integer::sum);
            case I32x4_SUB -> ints(stack, (a, b) -> a - b);
            case I32x4_MUL -> ints(stack, (a, b) -> a * b);
            case I32x4_MIN_S -> ints(stack, Math::min);
            case I32x4_MIN_U -> ints(stack, (a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
            case I32x4_MAX_S -> ints(stack, Math::max);
            case I32x4_MAX_U -> ints(stack, (a, b) -> Integer.compareUnsigned(a, b) >= 0 ? a : b);
            case I32x4_ABS -> ints(stack, Math::abs);
            case I32x4_NEG -> ints(stack, a -> -a);
            case I32x4_SHL -> Lanewise.shiftInts(stack, (a, n) -> a << n);
            case I32x4_SHR_S -> Lanewise.shiftInts(stack, (a, n) -> a >> n);
            case I32x4_SHR_U -> Lanewise.shiftInts(stack, (a, n) -> a >>> n);
            case I64x2_ADD -> longs(stack, Long::sum);
            case I64x2_SUB -> longs(stack, (a, b) -> a - b);
            case I64x2_MUL -> longs(stack, (a, b) -> a * b);
            case I64x2_ABS -> longs(stack, Math::abs);
            case I64x2_NEG -> longs(stack, a -> -a);
            case I64x2_SHL -> Lanewise.shiftLongs(stack, (a, n) -> a << n);
            case I64x2_SHR_S -> Lanewise.shiftLongs(stack, (a, n) -> a >> n);
            case I64x2_SHR_U -> Lanewise.shiftLongs(stack, (a, n) -> a >>> n);
            default -> {
                return false;
            }
        }
        return true;
    }

    static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
