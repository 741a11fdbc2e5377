package dev.sockeye.sockets.simd;

import static dev.sockeye.sockets.simd.Lanes.i16;
import static dev.sockeye.sockets.simd.Lanes.i32;
import static dev.sockeye.sockets.simd.Lanes.i64;
import static dev.sockeye.sockets.simd.Lanes.i8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * guests/wat/simd_compare.wat: comparisons give all ones (-1) for true and 0 for false per lane; the bitwise
 * operations act on all 128 bits; any_true, all_true and bitmask reduce a vector to an i32.
 */
class SimdCompareTest {
    private static final int T = -1;

    static SimdModule guest;

    @BeforeAll
    static void start() {
        guest = new SimdModule("simd_compare");
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    private static int scalar(String export, long[] v) {
        return (int) guest.call(export, v)[0];
    }

    @Test
    void byteComparisonsReadLanesSignedOrUnsigned() {
        long[] a = i8(-1, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        long[] b = i8(1, -1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(guest.call("i8x16.eq", a, b)).containsExactly(i8(0, 0, T, T, T, T, T, T, T, T, T, T, T, T, T, 0));
        assertThat(guest.call("i8x16.ne", a, b)).containsExactly(i8(T, T, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, T));
        assertThat(guest.call("i8x16.lt_s", a, b)).containsExactly(i8(T, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, T));
        assertThat(guest.call("i8x16.lt_u", a, b)).containsExactly(i8(0, T, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, T));
        assertThat(guest.call("i8x16.gt_s", a, b)).containsExactly(i8(0, T, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.gt_u", a, b)).containsExactly(i8(T, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.le_s", a, b)).containsExactly(i8(T, 0, T, T, T, T, T, T, T, T, T, T, T, T, T, T));
        assertThat(guest.call("i8x16.le_u", a, b)).containsExactly(i8(0, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T));
        assertThat(guest.call("i8x16.ge_s", a, b)).containsExactly(i8(0, T, T, T, T, T, T, T, T, T, T, T, T, T, T, 0));
        assertThat(guest.call("i8x16.ge_u", a, b)).containsExactly(i8(T, 0, T, T, T, T, T, T, T, T, T, T, T, T, T, 0));
    }

    @Test
    void wideLaneComparisonsReadLanesSignedOrUnsigned() {
        long[] a = i16(-1, 1, 5, 0, 0, 0, 0, 0);
        long[] b = i16(1, -1, 5, 0, 0, 0, 0, 0);
        assertThat(guest.call("i16x8.eq", a, b)).containsExactly(i16(0, 0, T, T, T, T, T, T));
        assertThat(guest.call("i16x8.ne", a, b)).containsExactly(i16(T, T, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.lt_s", a, b)).containsExactly(i16(T, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.lt_u", a, b)).containsExactly(i16(0, T, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.gt_s", a, b)).containsExactly(i16(0, T, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.gt_u", a, b)).containsExactly(i16(T, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.le_s", a, b)).containsExactly(i16(T, 0, T, T, T, T, T, T));
        assertThat(guest.call("i16x8.le_u", a, b)).containsExactly(i16(0, T, T, T, T, T, T, T));
        assertThat(guest.call("i16x8.ge_s", a, b)).containsExactly(i16(0, T, T, T, T, T, T, T));
        assertThat(guest.call("i16x8.ge_u", a, b)).containsExactly(i16(T, 0, T, T, T, T, T, T));
        long[] c = i32(-1, 1, 5, Integer.MIN_VALUE);
        long[] d = i32(1, -1, 5, Integer.MAX_VALUE);
        assertThat(guest.call("i32x4.eq", c, d)).containsExactly(i32(0, 0, T, 0));
        assertThat(guest.call("i32x4.ne", c, d)).containsExactly(i32(T, T, 0, T));
        assertThat(guest.call("i32x4.lt_s", c, d)).containsExactly(i32(T, 0, 0, T));
        assertThat(guest.call("i32x4.lt_u", c, d)).containsExactly(i32(0, T, 0, 0));
        assertThat(guest.call("i32x4.gt_s", c, d)).containsExactly(i32(0, T, 0, 0));
        assertThat(guest.call("i32x4.gt_u", c, d)).containsExactly(i32(T, 0, 0, T));
        assertThat(guest.call("i32x4.le_s", c, d)).containsExactly(i32(T, 0, T, T));
        assertThat(guest.call("i32x4.le_u", c, d)).containsExactly(i32(0, T, T, 0));
        assertThat(guest.call("i32x4.ge_s", c, d)).containsExactly(i32(0, T, T, 0));
        assertThat(guest.call("i32x4.ge_u", c, d)).containsExactly(i32(T, 0, T, T));
        long[] e = i64(-1, 7);
        long[] f = i64(1, 7);
        assertThat(guest.call("i64x2.eq", e, f)).containsExactly(i64(0, T));
        assertThat(guest.call("i64x2.ne", e, f)).containsExactly(i64(T, 0));
        assertThat(guest.call("i64x2.lt_s", e, f)).containsExactly(i64(T, 0));
        assertThat(guest.call("i64x2.gt_s", e, f)).containsExactly(i64(0, 0));
        assertThat(guest.call("i64x2.le_s", e, f)).containsExactly(i64(T, T));
        assertThat(guest.call("i64x2.ge_s", e, f)).containsExactly(i64(0, T));
    }

    @Test
    void bitwiseOperationsActOnAllBits() {
        long[] a = i64(0xff00ff00ff00ff00L, 0x0123456789abcdefL);
        long[] b = i64(0x0ff00ff00ff00ff0L, 0xffffffff00000000L);
        assertThat(guest.call("v128.and", a, b)).containsExactly(i64(0x0f000f000f000f00L, 0x0123456700000000L));
        assertThat(guest.call("v128.andnot", a, b)).containsExactly(i64(0xf000f000f000f000L, 0x0000000089abcdefL));
        assertThat(guest.call("v128.or", a, b)).containsExactly(i64(0xfff0fff0fff0fff0L, 0xffffffff89abcdefL));
        assertThat(guest.call("v128.xor", a, b)).containsExactly(i64(0xf0f0f0f0f0f0f0f0L, 0xfedcba9889abcdefL));
        assertThat(guest.call("v128.not", a)).containsExactly(i64(0x00ff00ff00ff00ffL, 0xfedcba9876543210L));
        // bitselect takes a's bits where the mask is 1 and b's where it is 0.
        assertThat(guest.call("v128.bitselect", a, b, i64(0xffffffff00000000L, 0x00000000ffffffffL)))
                .containsExactly(i64(0xff00ff000ff00ff0L, 0xffffffff89abcdefL));
    }

    @Test
    void reductionsLookAtEveryLane() {
        assertThat(scalar("v128.any_true", i64(0, 0))).isZero();
        assertThat(scalar("v128.any_true", i64(0, 1L << 63))).isEqualTo(1);
        assertThat(scalar("i8x16.all_true", i8(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1)))
                .isEqualTo(1);
        assertThat(scalar("i8x16.all_true", i8(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0)))
                .isZero();
        assertThat(scalar("i16x8.all_true", i16(1, 1, 1, 1, 1, 1, 1, 256))).isEqualTo(1);
        assertThat(scalar("i16x8.all_true", i16(1, 1, 1, 0, 1, 1, 1, 1))).isZero();
        assertThat(scalar("i32x4.all_true", i32(1, 1, 1, 1 << 31))).isEqualTo(1);
        assertThat(scalar("i32x4.all_true", i32(0x10000, 0, 1, 1))).isZero();
        assertThat(scalar("i64x2.all_true", i64(1L << 40, 1))).isEqualTo(1);
        assertThat(scalar("i64x2.all_true", i64(0, 1))).isZero();
        assertThat(scalar("i8x16.bitmask", i8(-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2)))
                .isEqualTo(0x8005);
        assertThat(scalar("i16x8.bitmask", i16(-1, 0, 0, 0, 0, 0, 0, 0x8000))).isEqualTo(0x81);
        assertThat(scalar("i32x4.bitmask", i32(0, -1, 1, Integer.MIN_VALUE))).isEqualTo(0b1010);
        assertThat(scalar("i64x2.bitmask", i64(-1, 1))).isEqualTo(1);
    }
}
