package dev.sockeye.sockets.simd;

import static dev.sockeye.sockets.simd.Lanes.asF32;
import static dev.sockeye.sockets.simd.Lanes.asF64;
import static dev.sockeye.sockets.simd.Lanes.f32;
import static dev.sockeye.sockets.simd.Lanes.f64;
import static dev.sockeye.sockets.simd.Lanes.i32;
import static dev.sockeye.sockets.simd.Lanes.i64;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * guests/wat/simd_float.wat: f32x4/f64x2 arithmetic, min/max (NaN if either is NaN, -0 below +0), pmin/pmax
 * (the ternary b < a ? b : a, so NaN only from the first operand), comparisons (false with NaN except ne),
 * abs/neg as sign-bit operations that keep NaN payloads, sqrt and rounding (nearest is ties-to-even).
 */
class SimdFloatTest {
    private static final float NAN = Float.NaN;
    private static final int T = -1;

    static SimdModule guest;

    @BeforeAll
    static void start() {
        guest = new SimdModule("simd_float");
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    private static float[] f32x4(String export, long[]... v) {
        return asF32(guest.call(export, (Object[]) v));
    }

    private static double[] f64x2(String export, long[]... v) {
        return asF64(guest.call(export, (Object[]) v));
    }

    @Test
    void arithmeticRoundsToNearestAndPropagatesNan() {
        long[] a = f32(1.5f, 3e38f, NAN, 1f);
        long[] b = f32(2.25f, 3e38f, 1f, 3f);
        assertThat(f32x4("f32x4.add", a, b)).containsExactly(3.75f, Float.POSITIVE_INFINITY, NAN, 4f);
        assertThat(f32x4("f32x4.sub", a, b)).containsExactly(-0.75f, 0f, NAN, -2f);
        assertThat(f32x4("f32x4.mul", a, b)).containsExactly(3.375f, Float.POSITIVE_INFINITY, NAN, 3f);
        assertThat(f32x4("f32x4.div", a, b)).containsExactly(1.5f / 2.25f, 1f, NAN, 1f / 3f);
        assertThat(f64x2("f64x2.add", f64(0.1, 1), f64(0.2, Double.NaN))).containsExactly(0.1 + 0.2, Double.NaN);
        assertThat(f64x2("f64x2.sub", f64(0.1, 1), f64(0.2, 1))).containsExactly(0.1 - 0.2, 0.0);
        assertThat(f64x2("f64x2.mul", f64(1e308, -2), f64(10, 0.5))).containsExactly(Double.POSITIVE_INFINITY, -1.0);
        assertThat(f64x2("f64x2.div", f64(1, -1), f64(0, 3))).containsExactly(Double.POSITIVE_INFINITY, -1.0 / 3);
    }

    @Test
    void minAndMaxGiveNanForAnyNanAndOrderSignedZeros() {
        long[] a = f32(-0f, 0f, NAN, 1f);
        long[] b = f32(0f, -0f, 5f, NAN);
        assertThat(guest.call("f32x4.min", a, b)).containsExactly(f32(-0f, -0f, NAN, NAN));
        assertThat(guest.call("f32x4.max", a, b)).containsExactly(f32(0f, 0f, NAN, NAN));
        assertThat(guest.call("f64x2.min", f64(-0.0, Double.NaN), f64(0.0, 1))).containsExactly(f64(-0.0, Double.NaN));
        assertThat(guest.call("f64x2.max", f64(-0.0, 2), f64(0.0, Double.NaN))).containsExactly(f64(0.0, Double.NaN));
    }

    @Test
    void pminAndPmaxAreTheTernaryOfTheSpec() {
        // pmin(a, b) = b < a ? b : a: equal zeros give a, a NaN b gives a, a NaN a gives the NaN.
        long[] a = f32(-0f, 0f, NAN, 1f);
        long[] b = f32(0f, -0f, 5f, NAN);
        assertThat(guest.call("f32x4.pmin", a, b)).containsExactly(f32(-0f, 0f, NAN, 1f));
        assertThat(guest.call("f32x4.pmax", a, b)).containsExactly(f32(-0f, 0f, NAN, 1f));
        assertThat(guest.call("f32x4.pmin", f32(3, 1, 0, 0), f32(2, 4, 0, 0))).containsExactly(f32(2, 1, 0, 0));
        assertThat(guest.call("f32x4.pmax", f32(3, 1, 0, 0), f32(2, 4, 0, 0))).containsExactly(f32(3, 4, 0, 0));
        assertThat(guest.call("f64x2.pmin", f64(3, Double.NaN), f64(2, 1))).containsExactly(f64(2, Double.NaN));
        assertThat(guest.call("f64x2.pmax", f64(3, 1), f64(4, Double.NaN))).containsExactly(f64(4, 1));
    }

    @Test
    void comparisonsAreFalseWithNanExceptNe() {
        long[] a = f32(1, NAN, -0f, 2);
        long[] b = f32(1, NAN, 0f, 1);
        assertThat(guest.call("f32x4.eq", a, b)).containsExactly(i32(T, 0, T, 0));
        assertThat(guest.call("f32x4.ne", a, b)).containsExactly(i32(0, T, 0, T));
        assertThat(guest.call("f32x4.lt", a, b)).containsExactly(i32(0, 0, 0, 0));
        assertThat(guest.call("f32x4.gt", a, b)).containsExactly(i32(0, 0, 0, T));
        assertThat(guest.call("f32x4.le", a, b)).containsExactly(i32(T, 0, T, 0));
        assertThat(guest.call("f32x4.ge", a, b)).containsExactly(i32(T, 0, T, T));
        long[] c = f64(Double.NaN, 1);
        long[] d = f64(1, 2);
        assertThat(guest.call("f64x2.eq", c, d)).containsExactly(i64(0, 0));
        assertThat(guest.call("f64x2.ne", c, d)).containsExactly(i64(T, T));
        assertThat(guest.call("f64x2.lt", c, d)).containsExactly(i64(0, T));
        assertThat(guest.call("f64x2.gt", c, d)).containsExactly(i64(0, 0));
        assertThat(guest.call("f64x2.le", c, d)).containsExactly(i64(0, T));
        assertThat(guest.call("f64x2.ge", c, d)).containsExactly(i64(0, 0));
    }

    @Test
    void absAndNegOnlyTouchTheSignBitEvenOfNan() {
        long[] a = i32(0xffc00001, 0x7fa00000, Float.floatToRawIntBits(-2.5f), 0);
        assertThat(guest.call("f32x4.abs", a))
                .containsExactly(i32(0x7fc00001, 0x7fa00000, Float.floatToRawIntBits(2.5f), 0));
        assertThat(guest.call("f32x4.neg", a))
                .containsExactly(i32(0x7fc00001, 0xffa00000, Float.floatToRawIntBits(2.5f), 0x80000000));
        long[] b = i64(0xfff8000000000001L, Double.doubleToRawLongBits(3));
        assertThat(guest.call("f64x2.abs", b)).containsExactly(i64(0x7ff8000000000001L, Double.doubleToRawLongBits(3)));
        assertThat(guest.call("f64x2.neg", b))
                .containsExactly(i64(0x7ff8000000000001L, Double.doubleToRawLongBits(-3)));
    }

    @Test
    void sqrtAndRoundingFollowIeee() {
        assertThat(f32x4("f32x4.sqrt", f32(4, 2, -1, -0f))).containsExactly(2f, (float) Math.sqrt(2), NAN, -0f);
        assertThat(f64x2("f64x2.sqrt", f64(9, -0.0))).containsExactly(3.0, -0.0);
        long[] v = f32(2.5f, -0.5f, 3.5f, -1.7f);
        assertThat(guest.call("f32x4.nearest", v)).containsExactly(f32(2f, -0f, 4f, -2f));
        assertThat(guest.call("f32x4.ceil", v)).containsExactly(f32(3f, -0f, 4f, -1f));
        assertThat(guest.call("f32x4.floor", v)).containsExactly(f32(2f, -1f, 3f, -2f));
        assertThat(guest.call("f32x4.trunc", v)).containsExactly(f32(2f, -0f, 3f, -1f));
        assertThat(guest.call("f64x2.nearest", f64(-2.5, 0.5))).containsExactly(f64(-2, 0));
        assertThat(guest.call("f64x2.ceil", f64(-0.5, 1.1))).containsExactly(f64(-0.0, 2));
        assertThat(guest.call("f64x2.floor", f64(-0.5, 1.9))).containsExactly(f64(-1, 1));
        assertThat(guest.call("f64x2.trunc", f64(-0.5, 1.9))).containsExactly(f64(-0.0, 1));
        assertThat(f64x2("f64x2.trunc", f64(Double.NaN, Double.NEGATIVE_INFINITY)))
                .containsExactly(Double.NaN, Double.NEGATIVE_INFINITY);
    }
}
