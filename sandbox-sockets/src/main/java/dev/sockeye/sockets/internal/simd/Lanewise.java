package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Applies a scalar operation to every lane of the v128 operands on the stack and pushes the result: plain Java
 * over lanes. Integer lanes reach the operation sign-extended to {@code int} (unsigned operations mask them); the
 * result keeps the lane's low bits, which is the wrap-around the spec asks for.
 */
final class Lanewise {
    /** A binary operation on f32 lanes. */
    @FunctionalInterface
    interface FloatBinary {
        float apply(float a, float b);
    }

    /** A unary operation on f32 lanes. */
    @FunctionalInterface
    interface FloatUnary {
        float apply(float a);
    }

    /** A comparison of two f32 lanes. */
    @FunctionalInterface
    interface FloatTest {
        boolean test(float a, float b);
    }

    /** A comparison of two f64 lanes. */
    @FunctionalInterface
    interface DoubleTest {
        boolean test(double a, double b);
    }

    private Lanewise() {}

    /** All ones for true, all zeros for false: the lane value of a vector comparison. */
    static int mask(boolean value) {
        return value ? -1 : 0;
    }

    static void bytes(MStack stack, IntBinaryOperator op) {
        byte[] b = V128.pop(stack).bytes();
        byte[] a = V128.pop(stack).bytes();
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) op.applyAsInt(a[i], b[i]);
        }
        V128.ofBytes(a).push(stack);
    }

    static void bytes(MStack stack, IntUnaryOperator op) {
        byte[] a = V128.pop(stack).bytes();
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) op.applyAsInt(a[i]);
        }
        V128.ofBytes(a).push(stack);
    }

    static void shorts(MStack stack, IntBinaryOperator op) {
        short[] b = V128.pop(stack).shorts();
        short[] a = V128.pop(stack).shorts();
        for (int i = 0; i < a.length; i++) {
            a[i] = (short) op.applyAsInt(a[i], b[i]);
        }
        V128.ofShorts(a).push(stack);
    }

    static void shorts(MStack stack, IntUnaryOperator op) {
        short[] a = V128.pop(stack).shorts();
        for (int i = 0; i < a.length; i++) {
            a[i] = (short) op.applyAsInt(a[i]);
        }
        V128.ofShorts(a).push(stack);
    }

    static void ints(MStack stack, IntBinaryOperator op) {
        int[] b = V128.pop(stack).ints();
        int[] a = V128.pop(stack).ints();
        for (int i = 0; i < a.length; i++) {
            a[i] = op.applyAsInt(a[i], b[i]);
        }
        V128.ofInts(a).push(stack);
    }

    static void ints(MStack stack, IntUnaryOperator op) {
        int[] a = V128.pop(stack).ints();
        for (int i = 0; i < a.length; i++) {
            a[i] = op.applyAsInt(a[i]);
        }
        V128.ofInts(a).push(stack);
    }

    static void longs(MStack stack, LongBinaryOperator op) {
        V128 b = V128.pop(stack);
        V128 a = V128.pop(stack);
        new V128(op.applyAsLong(a.lo(), b.lo()), op.applyAsLong(a.hi(), b.hi())).push(stack);
    }

    static void longs(MStack stack, LongUnaryOperator op) {
        V128 a = V128.pop(stack);
        new V128(op.applyAsLong(a.lo()), op.applyAsLong(a.hi())).push(stack);
    }

    /** A shift: the i32 count on top, then the vector; the count is taken modulo the lane width. */
    static void shiftBytes(MStack stack, IntBinaryOperator op) {
        int count = (int) stack.pop() & 7;
        bytes(stack, lane -> op.applyAsInt(lane, count));
    }

    static void shiftShorts(MStack stack, IntBinaryOperator op) {
        int count = (int) stack.pop() & 15;
        shorts(stack, lane -> op.applyAsInt(lane, count));
    }

    static void shiftInts(MStack stack, IntBinaryOperator op) {
        int count = (int) stack.pop() & 31;
        ints(stack, lane -> op.applyAsInt(lane, count));
    }

    static void shiftLongs(MStack stack, LongBinaryOperator op) {
        int count = (int) stack.pop() & 63;
        longs(stack, lane -> op.applyAsLong(lane, count));
    }

    static void floats(MStack stack, FloatBinary op) {
        float[] b = V128.pop(stack).floats();
        float[] a = V128.pop(stack).floats();
        for (int i = 0; i < a.length; i++) {
            a[i] = op.apply(a[i], b[i]);
        }
        V128.ofFloats(a).push(stack);
    }

    static void floats(MStack stack, FloatUnary op) {
        float[] a = V128.pop(stack).floats();
        for (int i = 0; i < a.length; i++) {
            a[i] = op.apply(a[i]);
        }
        V128.ofFloats(a).push(stack);
    }

    static void compareFloats(MStack stack, FloatTest test) {
        float[] b = V128.pop(stack).floats();
        float[] a = V128.pop(stack).floats();
        var result = new int[4];
        for (int i = 0; i < a.length; i++) {
            result[i] = mask(test.test(a[i], b[i]));
        }
        V128.ofInts(result).push(stack);
    }

    static void doubles(MStack stack, DoubleBinaryOperator op) {
        double[] b = V128.pop(stack).doubles();
        double[] a = V128.pop(stack).doubles();
        V128.ofDoubles(new double[] {op.applyAsDouble(a[0], b[0]), op.applyAsDouble(a[1], b[1])})
                .push(stack);
    }

    static void doubles(MStack stack, DoubleUnaryOperator op) {
        double[] a = V128.pop(stack).doubles();
        V128.ofDoubles(new double[] {op.applyAsDouble(a[0]), op.applyAsDouble(a[1])})
                .push(stack);
    }

    static void compareDoubles(MStack stack, DoubleTest test) {
        double[] b = V128.pop(stack).doubles();
        double[] a = V128.pop(stack).doubles();
        new V128(mask(test.test(a[0], b[0])), mask(test.test(a[1], b[1]))).push(stack);
    }
}
