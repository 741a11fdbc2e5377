package dev.sockeye.sockets.internal.simd;

import static dev.sockeye.sockets.internal.simd.Lanewise.compareDoubles;
import static dev.sockeye.sockets.internal.simd.Lanewise.compareFloats;
import static dev.sockeye.sockets.internal.simd.Lanewise.doubles;
import static dev.sockeye.sockets.internal.simd.Lanewise.floats;
import static dev.sockeye.sockets.internal.simd.Lanewise.ints;
import static dev.sockeye.sockets.internal.simd.Lanewise.longs;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * f32x4 and f64x2 lane arithmetic, comparisons and rounding. Java's float operations are IEEE 754 with
 * round-to-nearest-even, as Wasm's are; {@code Math.min}/{@code max} already give Wasm's min/max (a NaN operand
 * gives NaN, and -0 is below +0). abs, neg are sign-bit operations, so they keep NaN payloads as the spec asks.
 */
final class FloatArithmetic {
    private static final int F32_SIGN = 0x8000_0000;
    private static final long F64_SIGN = 0x8000_0000_0000_0000L;

    private FloatArithmetic() {}

    /** Executes {@code op} if it is one of this family's; false when it is not. */
    static boolean eval(OpCode op, MStack stack) {
        switch (op) {
            case F32x4_ADD -> floats(stack, (a, b) -> a + b);
            case F32x4_SUB -> floats(stack, (a, b) -> a - b);
            case F32x4_MUL -> floats(stack, (a, b) -> a * b);
            case F32x4_DIV -> floats(stack, (a, b) -> a / b);
            case F32x4_MIN -> floats(stack, Math::min);
            case F32x4_MAX -> floats(stack, Math::max);
            // pmin/pmax are the C-style ternaries the spec defines: b < a ? b : a, a < b ? b : a.
            case F32x4_PMIN -> floats(stack, (a, b) -> b < a ? b : a);
            case F32x4_PMAX -> floats(stack, (a, b) -> a < b ? b : a);
            case F32x4_SQRT -> floats(stack, a -> (float) Math.sqrt(a));
            case F32x4_CEIL -> floats(stack, a -> (float) Math.ceil(a));
            case F32x4_FLOOR -> floats(stack, a -> (float) Math.floor(a));
            case F32x4_TRUNC -> floats(stack, a -> (float) truncate(a));
            case F32x4_NEAREST -> floats(stack, a -> (float) Math.rint(a));
            case F32x4_ABS -> ints(stack, a -> a & ~F32_SIGN);
            case F32x4_NEG -> ints(stack, a -> a ^ F32_SIGN);
            case F32x4_EQ -> compareFloats(stack, (a, b) -> a == b);
            case F32x4_NE -> compareFloats(stack, (a, b) -> a != b);
            case F32x4_LT -> compareFloats(stack, (a, b) -> a < b);
            case F32x4_GT -> compareFloats(stack, (a, b) -> a > b);
            case F32x4_LE -> compareFloats(stack, (a, b) -> a <= b);
            case F32x4_GE -> compareFloats(stack, (a, b) -> a >= b);
            case F64x2_ADD -> doubles(stack, Double::sum);
            case F64x2_SUB -> doubles(stack, (a, b) -> a - b);
            case F64x2_MUL -> doubles(stack, (a, b) -> a * b);
            case F64x2_DIV -> doubles(stack, (a, b) -> a / b);
            case F64x2_MIN -> doubles(stack, Math::min);
            case F64x2_MAX -> doubles(stack, Math::max);
            case F64x2_PMIN -> doubles(stack, (a, b) -> b < a ? b : a);
            case F64x2_PMAX -> doubles(stack, (a, b) -> a < b ? b : a);
            case F64x2_SQRT -> doubles(stack, Math::sqrt);
            case F64x2_CEIL -> doubles(stack, Math::ceil);
            case F64x2_FLOOR -> doubles(stack, Math::floor);
            case F64x2_TRUNC -> doubles(stack, FloatArithmetic::truncate);
            case F64x2_NEAREST -> doubles(stack, Math::rint);
            case F64x2_ABS -> longs(stack, a -> a & ~F64_SIGN);
            case F64x2_NEG -> longs(stack, a -> a ^ F64_SIGN);
            case F64x2_EQ -> compareDoubles(stack, (a, b) -> a == b);
            case F64x2_NE -> compareDoubles(stack, (a, b) -> a != b);
            case F64x2_LT -> compareDoubles(stack, (a, b) -> a < b);
            case F64x2_GT -> compareDoubles(stack, (a, b) -> a > b);
            case F64x2_LE -> compareDoubles(stack, (a, b) -> a <= b);
            case F64x2_GE -> compareDoubles(stack, (a, b) -> a >= b);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Rounds toward zero, keeping the sign of zero (trunc(-0.5) is -0). */
    private static double truncate(double value) {
        return value < 0 ? Math.ceil(value) : Math.floor(value);
    }
}
