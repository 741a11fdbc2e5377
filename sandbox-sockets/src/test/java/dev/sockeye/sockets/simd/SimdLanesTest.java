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

/** guests/wat/simd_lanes.wat: v128.const, splat, extract/replace_lane, shuffle, swizzle, v128 through locals. */
class SimdLanesTest {
    static SimdModule guest;

    @BeforeAll
    static void start() {
        guest = new SimdModule("simd_lanes");
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    private static long[] call(String name, Object... values) {
        return guest.call(name, values);
    }

    @Test
    void constHoldsItsSixteenBytesInLaneOrder() {
        assertThat(call("v128.const")).containsExactly(i8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    }

    @Test
    void splatRepeatsTheLowBitsOfTheScalarInEveryLane() {
        assertThat(call("i8x16.splat", 0x1ff))
                .containsExactly(i8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
        assertThat(call("i16x8.splat", 0x12345))
                .containsExactly(i16(0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345));
        assertThat(call("i32x4.splat", -7)).containsExactly(i32(-7, -7, -7, -7));
        assertThat(call("i64x2.splat", Long.MIN_VALUE)).containsExactly(i64(Long.MIN_VALUE, Long.MIN_VALUE));
        assertThat(call("f32x4.splat", -0.0f)).containsExactly(f32(-0.0f, -0.0f, -0.0f, -0.0f));
        assertThat(call("f64x2.splat", 1.5)).containsExactly(f64(1.5, 1.5));
    }

    @Test
    void extractLaneSignOrZeroExtendsNarrowLanes() {
        long[] v = i8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0x7f, 0x80);
        assertThat((int) call("i8x16.extract_lane_s", v)[0]).isEqualTo(-128);
        assertThat((int) call("i8x16.extract_lane_u", v)[0]).isEqualTo(128);
        long[] w = i16(0, 1, 2, 3, 4, 5, 6, 0xfffe);
        assertThat((int) call("i16x8.extract_lane_s", w)[0]).isEqualTo(-2);
        assertThat((int) call("i16x8.extract_lane_u", w)[0]).isEqualTo(0xfffe);
        assertThat((int) call("i32x4.extract_lane", i32(1, 2, -3, 4))[0]).isEqualTo(-3);
        assertThat(call("i64x2.extract_lane", i64(1, -2))[0]).isEqualTo(-2);
        assertThat(Float.intBitsToFloat((int) call("f32x4.extract_lane", f32(1, 2, 3, -4.5f))[0]))
                .isEqualTo(-4.5f);
        assertThat(Double.longBitsToDouble(call("f64x2.extract_lane", f64(0.25, 2))[0]))
                .isEqualTo(0.25);
    }

    @Test
    void replaceLaneChangesOnlyThatLane() {
        long[] zero = i64(0, 0);
        assertThat(call("i8x16.replace_lane", zero, 0x1ab))
                .containsExactly(i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0, 0, 0, 0, 0, 0));
        assertThat(call("i16x8.replace_lane", zero, -1)).containsExactly(i16(0, 0, 0, 0, 0, 0xffff, 0, 0));
        assertThat(call("i32x4.replace_lane", i32(1, 2, 3, 4), 9)).containsExactly(i32(1, 2, 3, 9));
        assertThat(call("i64x2.replace_lane", i64(1, 2), 7L)).containsExactly(i64(7, 2));
        assertThat(call("f32x4.replace_lane", f32(1, 2, 3, 4), Float.NaN)).containsExactly(f32(1, Float.NaN, 3, 4));
        assertThat(call("f64x2.replace_lane", f64(1, 2), -0.0)).containsExactly(f64(1, -0.0));
    }

    @Test
    void shuffleSelectsFromBothOperandsByImmediateIndex() {
        long[] a = i8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        long[] b = i8(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
        assertThat(call("i8x16.shuffle", a, b))
                .containsExactly(i8(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 31, 0));
    }

    @Test
    void swizzleIndexesTheFirstOperandAndGivesZeroFromIndexSixteenOn() {
        long[] a = i8(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
        long[] s = i8(15, 0, 16, 0xff, 1, 1, 0x80, 2, 3, 4, 5, 6, 7, 8, 9, 17);
        assertThat(call("i8x16.swizzle", a, s))
                .containsExactly(i8(25, 10, 0, 0, 11, 11, 0, 12, 13, 14, 15, 16, 17, 18, 19, 0));
    }

    @Test
    void aVectorKeepsItsHalvesInOrderThroughLocalsGlobalsBlocksCallsAndSelect() {
        long[] v = i32(1, 2, 3, 4);
        assertThat(call("through_local_set", v)).containsExactly(v);
        assertThat(call("through_local_tee", v)).containsExactly(v);
        assertThat(call("through_locals", v)).containsExactly(v);
    }
}
