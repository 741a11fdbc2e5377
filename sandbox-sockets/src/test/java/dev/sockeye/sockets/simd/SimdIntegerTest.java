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
 * guests/wat/simd_integer.wat: integer lane arithmetic and shifts, with expected lanes worked out from the spec
 * (results wrap modulo the lane width, _sat saturates, _u reads lanes unsigned, shift counts are modulo the width).
 */
class SimdIntegerTest {
    static SimdModule guest;

    @BeforeAll
    static void start() {
        guest = new SimdModule("simd_integer");
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    private static final long[] A8 = i8(0, 1, 127, -128, -1, 100, -100, 50, 2, 3, 4, 5, 6, 7, 8, 9);
    private static final long[] B8 = i8(1, 1, 1, 1, 1, 100, -100, -50, 0, 0, 0, 0, 0, 0, 0, -1);

    @Test
    void addAndSubWrapAround() {
        assertThat(guest.call("i8x16.add", A8, B8))
                .containsExactly(i8(1, 2, -128, -127, 0, -56, 56, 0, 2, 3, 4, 5, 6, 7, 8, 8));
        assertThat(guest.call("i8x16.sub", A8, B8))
                .containsExactly(i8(-1, 0, 126, 127, -2, 0, 0, 100, 2, 3, 4, 5, 6, 7, 8, 10));
        assertThat(guest.call("i16x8.add", i16(32767, -32768, 1, 2, 3, 4, 5, 6), i16(1, -1, 1, 1, 1, 1, 1, 1)))
                .containsExactly(i16(-32768, 32767, 2, 3, 4, 5, 6, 7));
        assertThat(guest.call("i16x8.sub", i16(0, 5, 0, 0, 0, 0, 0, 0), i16(1, 7, 0, 0, 0, 0, 0, 0)))
                .containsExactly(i16(-1, -2, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i32x4.add", i32(Integer.MAX_VALUE, 1, 2, 3), i32(1, 1, 1, 1)))
                .containsExactly(i32(Integer.MIN_VALUE, 2, 3, 4));
        assertThat(guest.call("i32x4.sub", i32(0, 1, 2, 3), i32(1, 1, 1, 1))).containsExactly(i32(-1, 0, 1, 2));
        assertThat(guest.call("i64x2.add", i64(Long.MAX_VALUE, 5), i64(1, -6)))
                .containsExactly(i64(Long.MIN_VALUE, -1));
        assertThat(guest.call("i64x2.sub", i64(Long.MIN_VALUE, 5), i64(1, 6))).containsExactly(i64(Long.MAX_VALUE, -1));
    }

    @Test
    void mulKeepsTheLowBitsOfTheProduct() {
        assertThat(guest.call("i16x8.mul", i16(300, -2, 256, 0, 1, 2, 3, 4), i16(300, 3, 256, 9, 1, 2, 3, 4)))
                .containsExactly(i16(90000 & 0xffff, -6, 0, 0, 1, 4, 9, 16));
        assertThat(guest.call("i32x4.mul", i32(65536, -3, 7, 0), i32(65536, 5, -7, 1)))
                .containsExactly(i32(0, -15, -49, 0));
        assertThat(guest.call("i64x2.mul", i64(1L << 32, -3), i64(1L << 32, 4))).containsExactly(i64(0, -12));
    }

    @Test
    void saturatingAddAndSubClampToTheLaneRange() {
        long[] a = i8(120, -120, 200, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        long[] b = i8(10, -10, 100, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(guest.call("i8x16.add_sat_s", a, b))
                .containsExactly(i8(127, -128, 44, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.add_sat_u", a, b))
                .containsExactly(i8(130, 255, 255, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.sub_sat_s", a, b))
                .containsExactly(i8(110, -110, -128, -10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.sub_sat_u", a, b))
                .containsExactly(i8(110, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        long[] c = i16(32000, -32000, 65000, 5, 0, 0, 0, 0);
        long[] d = i16(1000, -1000, 1000, 10, 0, 0, 0, 0);
        assertThat(guest.call("i16x8.add_sat_s", c, d)).containsExactly(i16(32767, -32768, 464, 15, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.add_sat_u", c, d)).containsExactly(i16(33000, 65535, 65535, 15, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.sub_sat_s", c, d)).containsExactly(i16(31000, -31000, -1536, -5, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.sub_sat_u", c, d)).containsExactly(i16(31000, 0, 64000, 0, 0, 0, 0, 0));
    }

    @Test
    void minMaxCompareSignedOrUnsignedAndAvgrRoundsUp() {
        long[] a = i8(-1, 1, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3);
        long[] b = i8(1, -1, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4);
        assertThat(guest.call("i8x16.min_s", a, b))
                .containsExactly(i8(-1, -1, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3));
        assertThat(guest.call("i8x16.min_u", a, b))
                .containsExactly(i8(1, 1, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3));
        assertThat(guest.call("i8x16.max_s", a, b))
                .containsExactly(i8(1, 1, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4));
        assertThat(guest.call("i8x16.max_u", a, b))
                .containsExactly(i8(-1, -1, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4));
        // avgr_u is (a + b + 1) / 2 over unsigned lanes: 255 and 1 average to 128, 3 and 4 to 4.
        assertThat(guest.call("i8x16.avgr_u", a, b))
                .containsExactly(i8(128, 128, 128, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4));
        long[] c = i16(-1, 1, 0, 0, 0, 0, 0, 0);
        long[] d = i16(1, -1, 0, 0, 0, 0, 0, 1);
        assertThat(guest.call("i16x8.min_s", c, d)).containsExactly(i16(-1, -1, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.min_u", c, d)).containsExactly(i16(1, 1, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.max_s", c, d)).containsExactly(i16(1, 1, 0, 0, 0, 0, 0, 1));
        assertThat(guest.call("i16x8.max_u", c, d)).containsExactly(i16(-1, -1, 0, 0, 0, 0, 0, 1));
        assertThat(guest.call("i16x8.avgr_u", i16(65535, 0, 1, 0, 0, 0, 0, 0), d))
                .containsExactly(i16(32768, 32768, 1, 0, 0, 0, 0, 1));
        long[] e = i32(-1, 1, Integer.MIN_VALUE, 5);
        long[] f = i32(1, -1, Integer.MAX_VALUE, 5);
        assertThat(guest.call("i32x4.min_s", e, f)).containsExactly(i32(-1, -1, Integer.MIN_VALUE, 5));
        assertThat(guest.call("i32x4.min_u", e, f)).containsExactly(i32(1, 1, Integer.MAX_VALUE, 5));
        assertThat(guest.call("i32x4.max_s", e, f)).containsExactly(i32(1, 1, Integer.MAX_VALUE, 5));
        assertThat(guest.call("i32x4.max_u", e, f)).containsExactly(i32(-1, -1, Integer.MIN_VALUE, 5));
    }

    @Test
    void q15mulrRoundsAndSaturatesOnlyMinusOneTimesMinusOne() {
        // 0.5 * 0.5 = 0.25 (16384 * 16384 -> 8192); -1 * -1 saturates to 32767; 1 * 16384 rounds 0.5 up to 1.
        assertThat(guest.call(
                        "i16x8.q15mulr_sat_s",
                        i16(16384, -32768, 1, -16384, 0, 0, 0, 0),
                        i16(16384, -32768, 16384, 16384, 0, 0, 0, 0)))
                .containsExactly(i16(8192, 32767, 1, -8192, 0, 0, 0, 0));
    }

    @Test
    void absNegAndPopcntWrapAtTheMostNegativeLane() {
        assertThat(guest.call("i8x16.abs", i8(-128, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
                .containsExactly(i8(-128, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.neg", i8(-128, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))
                .containsExactly(i8(-128, 5, -5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1));
        assertThat(guest.call("i16x8.abs", i16(-32768, -7, 0, 0, 0, 0, 0, 0)))
                .containsExactly(i16(-32768, 7, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.neg", i16(-32768, -7, 0, 0, 0, 0, 0, 0)))
                .containsExactly(i16(-32768, 7, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i32x4.abs", i32(Integer.MIN_VALUE, -7, 7, 0)))
                .containsExactly(i32(Integer.MIN_VALUE, 7, 7, 0));
        assertThat(guest.call("i32x4.neg", i32(Integer.MIN_VALUE, -7, 7, 0)))
                .containsExactly(i32(Integer.MIN_VALUE, 7, -7, 0));
        assertThat(guest.call("i64x2.abs", i64(Long.MIN_VALUE, -9))).containsExactly(i64(Long.MIN_VALUE, 9));
        assertThat(guest.call("i64x2.neg", i64(Long.MIN_VALUE, -9))).containsExactly(i64(Long.MIN_VALUE, 9));
        assertThat(guest.call("i8x16.popcnt", i8(0, 1, 3, 7, 15, 31, 63, 127, -1, 0x55, 0xaa, 0x80, 0, 0, 0, 0)))
                .containsExactly(i8(0, 1, 2, 3, 4, 5, 6, 7, 8, 4, 4, 1, 0, 0, 0, 0));
    }

    @Test
    void shiftsTakeTheCountModuloTheLaneWidth() {
        long[] bytes = i8(1, -128, -1, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(guest.call("i8x16.shl", bytes, 9))
                .containsExactly(i8(2, 0, -2, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.shr_s", bytes, 1))
                .containsExactly(i8(0, -64, -1, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(guest.call("i8x16.shr_u", bytes, 1))
                .containsExactly(i8(0, 64, 127, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        long[] shorts = i16(1, -32768, -1, 0, 0, 0, 0, 0);
        assertThat(guest.call("i16x8.shl", shorts, 17)).containsExactly(i16(2, 0, -2, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.shr_s", shorts, 15)).containsExactly(i16(0, -1, -1, 0, 0, 0, 0, 0));
        assertThat(guest.call("i16x8.shr_u", shorts, 15)).containsExactly(i16(0, 1, 1, 0, 0, 0, 0, 0));
        long[] ints = i32(1, Integer.MIN_VALUE, -1, 0);
        assertThat(guest.call("i32x4.shl", ints, 33)).containsExactly(i32(2, 0, -2, 0));
        assertThat(guest.call("i32x4.shr_s", ints, 31)).containsExactly(i32(0, -1, -1, 0));
        assertThat(guest.call("i32x4.shr_u", ints, -1)).containsExactly(i32(0, 1, 1, 0));
        assertThat(guest.call("i64x2.shl", i64(1, -1), 65)).containsExactly(i64(2, -2));
        assertThat(guest.call("i64x2.shr_s", i64(Long.MIN_VALUE, 8), 63)).containsExactly(i64(-1, 0));
        assertThat(guest.call("i64x2.shr_u", i64(Long.MIN_VALUE, 8), 3)).containsExactly(i64(1L << 60, 1));
    }
}
