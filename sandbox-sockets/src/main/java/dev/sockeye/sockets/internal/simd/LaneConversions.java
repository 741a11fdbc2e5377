package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Instructions that change the lane shape: narrow (saturating), extend, extmul, extadd_pairwise, dot, the
 * saturating float-to-int truncations, int-to-float conversions, demote and promote.
 */
final class LaneConversions {
    private static final long U32 = 0xffff_ffffL;
    private static final double TWO_TO_32 = 4294967296d;

    private LaneConversions() {}

    /** Executes {@code op} if it is one of this family's; false when it is not. */
    static boolean eval(OpCode op, MStack stack) {
        switch (op) {
            case I8x16_NARROW_I16x8_S -> narrowToBytes(stack, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case I8x16_NARROW_I16x8_U -> narrowToBytes(stack, 0, 0xff);
            case I16x8_NARROW_I32x4_S -> narrowToShorts(stack, Short.MIN_VALUE, Short.MAX_VALUE);
            case I16x8_NARROW_I32x4_U -> narrowToShorts(stack, 0, 0xffff);
            case I16x8_EXTEND_LOW_I8x16_S ->
                V128.ofShorts(widenBytes(V128.pop(stack), 0, true)).push(stack);
            case I16x8_EXTEND_HIGH_I8x16_S ->
                V128.ofShorts(widenBytes(V128.pop(stack), 8, true)).push(stack);
            case I16x8_EXTEND_LOW_I8x16_U ->
                V128.ofShorts(widenBytes(V128.pop(stack), 0, false)).push(stack);
            case I16x8_EXTEND_HIGH_I8x16_U ->
                V128.ofShorts(widenBytes(V128.pop(stack), 8, false)).push(stack);
            case I32x4_EXTEND_LOW_I16x8_S ->
                V128.ofInts(widenShorts(V128.pop(stack), 0, true)).push(stack);
            case I32x4_EXTEND_HIGH_I16x8_S ->
                V128.ofInts(widenShorts(V128.pop(stack), 4, true)).push(stack);
            case I32x4_EXTEND_LOW_I16x8_U ->
                V128.ofInts(widenShorts(V128.pop(stack), 0, false)).push(stack);
            case I32x4_EXTEND_HIGH_I16x8_U ->
                V128.ofInts(widenShorts(V128.pop(stack), 4, false)).push(stack);
            case I64x2_EXTEND_LOW_I32x4_S ->
                V128.ofLongs(widenInts(V128.pop(stack), 0, true)).push(stack);
            case I64x2_EXTEND_HIGH_I32x4_S ->
                V128.ofLongs(widenInts(V128.pop(stack), 2, true)).push(stack);
            case I64x2_EXTEND_LOW_I32x4_U ->
                V128.ofLongs(widenInts(V128.pop(stack), 0, false)).push(stack);
            case I64x2_EXTEND_HIGH_I32x4_U ->
                V128.ofLongs(widenInts(V128.pop(stack), 2, false)).push(stack);
            case I16x8_EXTMUL_LOW_I8x16_S -> extmulBytes(stack, 0, true);
            case I16x8_EXTMUL_HIGH_I8x16_S -> extmulBytes(stack, 8, true);
            case I16x8_EXTMUL_LOW_I8x16_U -> extmulBytes(stack, 0, false);
            case I16x8_EXTMUL_HIGH_I8x16_U -> extmulBytes(stack, 8, false);
            case I32x4_EXTMUL_LOW_I16x8_S -> extmulShorts(stack, 0, true);
            case I32x4_EXTMUL_HIGH_I16x8_S -> extmulShorts(stack, 4, true);
            case I32x4_EXTMUL_LOW_I16x8_U -> extmulShorts(stack, 0, false);
            case I32x4_EXTMUL_HIGH_I16x8_U -> extmulShorts(stack, 4, false);
            case I64x2_EXTMUL_LOW_I32x4_S -> extmulInts(stack, 0, true);
            case I64x2_EXTMUL_HIGH_I32x4_S -> extmulInts(stack, 2, true);
            case I64x2_EXTMUL_LOW_I32x4_U -> extmulInts(stack, 0, false);
            case I64x2_EXTMUL_HIGH_I32x4_U -> extmulInts(stack, 2, false);
            case I16x8_EXTADD_PAIRWISE_I8x16_S -> extaddBytes(stack, true);
            case I16x8_EXTADD_PAIRWISE_I8x16_U -> extaddBytes(stack, false);
            case I32x4_EXTADD_PAIRWISE_I16x8_S -> extaddShorts(stack, true);
            case I32x4_EXTADD_PAIRWISE_I16x8_U -> extaddShorts(stack, false);
            case I32x4_DOT_I16x8_S -> dot(stack);
            case I32x4_TRUNC_SAT_F32X4_S -> Lanewise.ints(stack, bits -> (int) Float.intBitsToFloat(bits));
            case I32x4_TRUNC_SAT_F32X4_U ->
                Lanewise.ints(stack, bits -> truncSatUnsigned((double) Float.intBitsToFloat(bits)));
            case F32x4_CONVERT_I32x4_S -> Lanewise.ints(stack, i -> Float.floatToRawIntBits((float) i));
            case F32x4_CONVERT_I32x4_U -> Lanewise.ints(stack, i -> Float.floatToRawIntBits((float) (i & U32)));
            case I32x4_TRUNC_SAT_F64x2_S_ZERO -> {
                double[] d = V128.pop(stack).doubles();
                V128.ofInts(new int[] {(int) d[0], (int) d[1], 0, 0}).push(stack);
            }
            case I32x4_TRUNC_SAT_F64x2_U_ZERO -> {
                double[] d = V128.pop(stack).doubles();
                V128.ofInts(new int[] {truncSatUnsigned(d[0]), truncSatUnsigned(d[1]), 0, 0})
                        .push(stack);
            }
            case F64x2_CONVERT_LOW_I32x4_S -> {
                int[] i = V128.pop(stack).ints();
                V128.ofDoubles(new double[] {i[0], i[1]}).push(stack);
            }
            case F64x2_CONVERT_LOW_I32x4_U -> {
                int[] i = V128.pop(stack).ints();
                V128.ofDoubles(new double[] {i[0] & U32, i[1] & U32}).push(stack);
            }
            case F32x4_DEMOTE_LOW_F64x2_ZERO -> {
                double[] d = V128.pop(stack).doubles();
                V128.ofFloats(new float[] {(float) d[0], (float) d[1], 0f, 0f}).push(stack);
            }
            case F64x2_PROMOTE_LOW_F32x4 -> {
                float[] f = V128.pop(stack).floats();
                V128.ofDoubles(new double[] {f[0], f[1]}).push(stack);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Unsigned saturating truncation to u32: NaN and negatives give 0, too large gives 0xffffffff. */
    private static int truncSatUnsigned(double value) {
        if (Double.isNaN(value) || value <= 0) {
            return 0;
        }
        if (value >= TWO_TO_32) {
            return -1;
        }
        return (int) (long) value;
    }

    private static void narrowToBytes(MStack stack, int min, int max) {
        short[] b = V128.pop(stack).shorts();
        short[] a = V128.pop(stack).shorts();
        var lanes = new byte[16];
        for (int i = 0; i < 8; i++) {
            lanes[i] = (byte) IntegerArithmetic.clamp(a[i], min, max);
            lanes[i + 8] = (byte) IntegerArithmetic.clamp(b[i], min, max);
        }
        V128.ofBytes(lanes).push(stack);
    }

    private static void narrowToShorts(MStack stack, int min, int max) {
        int[] b = V128.pop(stack).ints();
        int[] a = V128.pop(stack).ints();
        var lanes = new short[8];
        for (int i = 0; i < 4; i++) {
            lanes[i] = (short) IntegerArithmetic.clamp(a[i], min, max);
            lanes[i + 4] = (short) IntegerArithmetic.clamp(b[i], min, max);
        }
        V128.ofShorts(lanes).push(stack);
    }

    private static short[] widenBytes(V128 v, int from, boolean signed) {
        byte[] bytes = v.bytes();
        var lanes = new short[8];
        for (int i = 0; i < 8; i++) {
            lanes[i] = (short) (signed ? bytes[from + i] : bytes[from + i] & 0xff);
        }
        return lanes;
    }

    private static int[] widenShorts(V128 v, int from, boolean signed) {
        short[] shorts = v.shorts();
        var lanes = new int[4];
        for (int i = 0; i < 4; i++) {
            lanes[i] = signed ? shorts[from + i] : shorts[from + i] & 0xffff;
        }
        return lanes;
    }

    private static long[] widenInts(V128 v, int from, boolean signed) {
        int[] ints = v.ints();
        var lanes = new long[2];
        for (int i = 0; i < 2; i++) {
            lanes[i] = signed ? ints[from + i] : ints[from + i] & U32;
        }
        return lanes;
    }

    private static void extmulBytes(MStack stack, int from, boolean signed) {
        short[] b = widenBytes(V128.pop(stack), from, signed);
        short[] a = widenBytes(V128.pop(stack), from, signed);
        for (int i = 0; i < a.length; i++) {
            a[i] = (short) (signed ? a[i] * b[i] : (a[i] & 0xffff) * (b[i] & 0xffff));
        }
        V128.ofShorts(a).push(stack);
    }

    private static void extmulShorts(MStack stack, int from, boolean signed) {
        int[] b = widenShorts(V128.pop(stack), from, signed);
        int[] a = widenShorts(V128.pop(stack), from, signed);
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * b[i];
        }
        V128.ofInts(a).push(stack);
    }

    private static void extmulInts(MStack stack, int from, boolean signed) {
        long[] b = widenInts(V128.pop(stack), from, signed);
        long[] a = widenInts(V128.pop(stack), from, signed);
        new V128(a[0] * b[0], a[1] * b[1]).push(stack);
    }

    private static void extaddBytes(MStack stack, boolean signed) {
        byte[] a = V128.pop(stack).bytes();
        var lanes = new short[8];
        for (int i = 0; i < 8; i++) {
            int x = signed ? a[2 * i] : a[2 * i] & 0xff;
            int y = signed ? a[2 * i + 1] : a[2 * i + 1] & 0xff;
            lanes[i] = (short) (x + y);
        }
        V128.ofShorts(lanes).push(stack);
    }

    private static void extaddShorts(MStack stack, boolean signed) {
        short[] a = V128.pop(stack).shorts();
        var lanes = new int[4];
        for (int i = 0; i < 4; i++) {
            int x = signed ? a[2 * i] : a[2 * i] & 0xffff;
            int y = signed ? a[2 * i + 1] : a[2 * i + 1] & 0xffff;
            lanes[i] = x + y;
        }
        V128.ofInts(lanes).push(stack);
    }

    /** i32x4.dot_i16x8_s: each i32 lane is the sum of two adjacent i16 products (wrapping only for all -32768). */
    private static void dot(MStack stack) {
        short[] b = V128.pop(stack).shorts();
        short[] a = V128.pop(stack).shorts();
        var lanes = new int[4];
        for (int i = 0; i < 4; i++) {
            lanes[i] = a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
        }
        V128.ofInts(lanes).push(stack);
    }
}
