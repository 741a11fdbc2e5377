package dev.sockeye.sockets.simd;

import static dev.sockeye.sockets.simd.Lanes.f32;
import static dev.sockeye.sockets.simd.Lanes.f64;
import static dev.sockeye.sockets.simd.Lanes.i16;
import static dev.sockeye.sockets.simd.Lanes.i32;
import static dev.sockeye.sockets.simd.Lanes.i64;
import static dev.sockeye.sockets.simd.Lanes.i8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * guests/wat/simd_conversions.wat: narrowing saturates (signed input, signed or unsigned output), extend and
 * extmul widen the low or high half, extadd_pairwise adds neighbours, dot sums neighbouring products, float to
 * int truncation saturates (NaN gives 0), int to float rounds to nearest even, demote/promote the low lanes.
 */
class SimdConversionsTest {
    private static final int MIN = Integer.MIN_VALUE;
    private static final int MAX = Integer.MAX_VALUE;

    static SimdModule guest;

    @BeforeAll
    static void start() {
        guest = new SimdModule("simd_conversions");
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    @Test
    void narrowSaturatesToTheNarrowerLane() {
        long[] a = i16(300, -300, 127, -128, 5, -5, 0, 1000);
        long[] b = i16(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(guest.call("i8x16.narrow_i16x8_s", a, b))
                .containsExactly(i8(127, -128, 127, -128, 5, -5, 0, 127, 1, 2, 3, 4, 5, 6, 7, 8));
        assertThat(guest.call("i8x16.narrow_i16x8_u", a, b))
                .containsExactly(i8(255, 0, 127, 0, 5, 0, 0, 255, 1, 2, 3, 4, 5, 6, 7, 8));
        long[] c = i32(70000, -70000, 5, -5);
        long[] d = i32(32767, 32768, -32769, 0);
        assertThat(guest.call("i16x8.narrow_i32x4_s", c, d))
                .containsExactly(i16(32767, -32768, 5, -5, 32767, 32767, -32768, 0));
        assertThat(guest.call("i16x8.narrow_i32x4_u", c, d)).containsExactly(i16(65535, 0, 5, 0, 32767, 32768, 0, 0));
    }

    @Test
    void extendWidensTheLowOrHighHalfSignedOrUnsigned() {
        long[] v = i8(-1, 2, -3, 4, 5, 6, 7, 8, -128, 127, 0, 1, 2, 3, 4, -2);
        assertThat(guest.call("i16x8.extend_low_i8x16_s", v)).containsExactly(i16(-1, 2, -3, 4, 5, 6, 7, 8));
        assertThat(guest.call("i16x8.extend_low_i8x16_u", v)).containsExactly(i16(255, 2, 253, 4, 5, 6, 7, 8));
        assertThat(guest.call("i16x8.extend_high_i8x16_s", v)).containsExactly(i16(-128, 127, 0, 1, 2, 3, 4, -2));
        assertThat(guest.call("i16x8.extend_high_i8x16_u", v)).containsExactly(i16(128, 127, 0, 1, 2, 3, 4, 254));
        long[] w = i16(-1, 2, -32768, 4, 5, 6, 7, -2);
        assertThat(guest.call("i32x4.extend_low_i16x8_s", w)).containsExactly(i32(-1, 2, -32768, 4));
        assertThat(guest.call("i32x4.extend_low_i16x8_u", w)).containsExactly(i32(65535, 2, 32768, 4));
        assertThat(guest.call("i32x4.extend_high_i16x8_s", w)).containsExactly(i32(5, 6, 7, -2));
        assertThat(guest.call("i32x4.extend_high_i16x8_u", w)).containsExactly(i32(5, 6, 7, 65534));
        long[] x = i32(-1, 2, MIN, 4);
        assertThat(guest.call("i64x2.extend_low_i32x4_s", x)).containsExactly(i64(-1, 2));
        assertThat(guest.call("i64x2.extend_low_i32x4_u", x)).containsExactly(i64(0xffffffffL, 2));
        assertThat(guest.call("i64x2.extend_high_i32x4_s", x)).containsExactly(i64(MIN, 4));
        assertThat(guest.call("i64x2.extend_high_i32x4_u", x)).containsExactly(i64(0x80000000L, 4));
    }

    @Test
    void extmulMultipliesTheWidenedHalves() {
        long[] a = i8(-128, 127, -1, 2, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 5);
        long[] b = i8(-128, 127, -1, 3, 0, 0, 0, 0, 2, -1, 0, 0, 0, 0, 0, 5);
        assertThat(guest.call("i16x8.extmul_low_i8x16_s", a, b)).containsExactly(i16(16384, 16129, 1, 6, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.extmul_low_i8x16_u", a, b))
                .containsExactly(i16(16384, 16129, 65025, 6, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.extmul_high_i8x16_s", a, b)).containsExactly(i16(-2, 1, 0, 0, 0, 0, 0, 25));
        assertThat(guest.call("i16x8.extmul_high_i8x16_u", a, b)).containsExactly(i16(510, 65025, 0, 0, 0, 0, 0, 25));
        long[] c = i16(-32768, 32767, -1, 2, -1, 0, 0, 3);
        long[] d = i16(-32768, 32767, -1, 3, 2, 0, 0, 3);
        assertThat(guest.call("i32x4.extmul_low_i16x8_s", c, d)).containsExactly(i32(1 << 30, 1073676289, 1, 6));
        assertThat(guest.call("i32x4.extmul_low_i16x8_u", c, d)).containsExactly(i32(1 << 30, 1073676289, -131071, 6));
        assertThat(guest.call("i32x4.extmul_high_i16x8_s", c, d)).containsExactly(i32(-2, 0, 0, 9));
        assertThat(guest.call("i32x4.extmul_high_i16x8_u", c, d)).containsExactly(i32(131070, 0, 0, 9));
        long[] e = i32(-1, 3, MIN, 2);
        long[] f = i32(-1, 5, MIN, -2);
        assertThat(guest.call("i64x2.extmul_low_i32x4_s", e, f)).containsExactly(i64(1, 15));
        assertThat(guest.call("i64x2.extmul_low_i32x4_u", e, f)).containsExactly(i64(0xfffffffe00000001L, 15));
        assertThat(guest.call("i64x2.extmul_high_i32x4_s", e, f)).containsExactly(i64(1L << 62, -4));
        assertThat(guest.call("i64x2.extmul_high_i32x4_u", e, f)).containsExactly(i64(1L << 62, 0x1fffffffcL));
    }

    @Test
    void extaddPairwiseAndDotCombineNeighbours() {
        long[] v = i8(-128, -128, 127, 127, -1, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(guest.call("i16x8.extadd_pairwise_i8x16_s", v)).containsExactly(i16(-256, 254, 0, 0, 3, 7, 11, 15));
        assertThat(guest.call("i16x8.extadd_pairwise_i8x16_u", v)).containsExactly(i16(256, 254, 256, 0, 3, 7, 11, 15));
        long[] w = i16(-32768, -32768, 32767, 32767, -1, 1, 5, 6);
        assertThat(guest.call("i32x4.extadd_pairwise_i16x8_s", w)).containsExactly(i32(-65536, 65534, 0, 11));
        assertThat(guest.call("i32x4.extadd_pairwise_i16x8_u", w)).containsExactly(i32(65536, 65534, 65536, 11));
        // Only (-32768 * -32768) * 2 overflows an i32, and wraps to -2^31.
        assertThat(guest.call(
                        "i32x4.dot_i16x8_s",
                        i16(-32768, -32768, 1, 2, 3, 4, -1, -1),
                        i16(-32768, -32768, 5, 6, -7, 8, 1, 1)))
                .containsExactly(i32(MIN, 17, 11, -2));
    }

    @Test
    void floatToIntTruncationSaturatesAndMapsNanToZero() {
        assertThat(guest.call("i32x4.trunc_sat_f32x4_s", f32(-3e9f, -1.9f, 3e9f, Float.NaN)))
                .containsExactly(i32(MIN, -1, MAX, 0));
        assertThat(guest.call("i32x4.trunc_sat_f32x4_u", f32(-3e9f, 4.5f, 5e9f, -0.9f)))
                .containsExactly(i32(0, 4, -1, 0));
        assertThat(guest.call("i32x4.trunc_sat_f64x2_s_zero", f64(-1e10, 2.9))).containsExactly(i32(MIN, 2, 0, 0));
        assertThat(guest.call("i32x4.trunc_sat_f64x2_u_zero", f64(Double.NaN, 1e10)))
                .containsExactly(i32(0, -1, 0, 0));
    }

    @Test
    void intToFloatRoundsToNearestEven() {
        assertThat(guest.call("f32x4.convert_i32x4_s", i32(-1, 16777217, MIN, 0)))
                .containsExactly(f32(-1, 16777216, -2147483648f, 0));
        assertThat(guest.call("f32x4.convert_i32x4_u", i32(-1, 16777219, MIN, 1)))
                .containsExactly(f32(4294967296f, 16777220, 2147483648f, 1));
        assertThat(guest.call("f64x2.convert_low_i32x4_s", i32(-1, MIN, 99, 99)))
                .containsExactly(f64(-1, -2147483648.0));
        assertThat(guest.call("f64x2.convert_low_i32x4_u", i32(-1, MIN, 99, 99)))
                .containsExactly(f64(4294967295.0, 2147483648.0));
    }

    @Test
    void demoteAndPromoteConvertTheLowLanes() {
        assertThat(guest.call("f32x4.demote_f64x2_zero", f64(1e300, 0.1)))
                .containsExactly(f32(Float.POSITIVE_INFINITY, 0.1f, 0, 0));
        assertThat(guest.call("f64x2.promote_low_f32x4", f32(0.1f, -0f, 9, 9))).containsExactly(f64(0.1f, -0.0));
    }
}
