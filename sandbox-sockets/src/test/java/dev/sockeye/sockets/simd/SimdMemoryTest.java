package dev.sockeye.sockets.simd;

import static dev.sockeye.sockets.simd.Lanes.i16;
import static dev.sockeye.sockets.simd.Lanes.i32;
import static dev.sockeye.sockets.simd.Lanes.i64;
import static dev.sockeye.sockets.simd.Lanes.i8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * guests/wat/simd_memory.wat: SIMD loads and stores over one 64 KiB page whose bytes 0-31 hold 0x00-0x1f and
 * 32-47 hold 0x80-0x8f. Memory is little-endian; the effective address is base + offset without wrapping, and
 * an access with any byte past the end traps (a store then writes nothing).
 */
class SimdMemoryTest {
    private static final int END = 65_536;
    private static final long[] ZERO = i64(0, 0);
    private static final long[] V =
            i8(0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf);

    SimdModule guest;

    @BeforeEach
    void start() {
        guest = new SimdModule("simd_memory");
    }

    @AfterEach
    void stop() {
        guest.close();
    }

    private byte[] memory(int address, int length) {
        return guest.instance().readMemory(address, length);
    }

    @Test
    void v128LoadReadsSixteenBytesAtBasePlusOffset() {
        assertThat(guest.call("v128.load", 0))
                .containsExactly(i8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        assertThat(guest.call("v128.load offset=4", 0))
                .containsExactly(i8(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19));
        assertThat(guest.call("v128.load offset=1", 2))
                .containsExactly(i8(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18));
    }

    @Test
    void extendingLoadsWidenEightBytes() {
        assertThat(guest.call("v128.load8x8_s", 32))
                .containsExactly(i16(-128, -127, -126, -125, -124, -123, -122, -121));
        assertThat(guest.call("v128.load8x8_u", 32)).containsExactly(i16(128, 129, 130, 131, 132, 133, 134, 135));
        assertThat(guest.call("v128.load16x4_s", 32))
                .containsExactly(i32((short) 0x8180, (short) 0x8382, (short) 0x8584, (short) 0x8786));
        assertThat(guest.call("v128.load16x4_u", 32)).containsExactly(i32(0x8180, 0x8382, 0x8584, 0x8786));
        assertThat(guest.call("v128.load32x2_s", 32)).containsExactly(i64(0x83828180, 0x87868584));
        assertThat(guest.call("v128.load32x2_u", 32)).containsExactly(i64(0x83828180L, 0x87868584L));
    }

    @Test
    void splatAndZeroLoadsFillTheVector() {
        assertThat(guest.call("v128.load8_splat", 33)).containsExactly(i64(0x8181818181818181L, 0x8181818181818181L));
        assertThat(guest.call("v128.load16_splat", 0))
                .containsExactly(i16(0x100, 0x100, 0x100, 0x100, 0x100, 0x100, 0x100, 0x100));
        assertThat(guest.call("v128.load32_splat", 4))
                .containsExactly(i32(0x07060504, 0x07060504, 0x07060504, 0x07060504));
        assertThat(guest.call("v128.load64_splat", 8)).containsExactly(i64(0x0f0e0d0c0b0a0908L, 0x0f0e0d0c0b0a0908L));
        assertThat(guest.call("v128.load32_zero", 32)).containsExactly(i32(0x83828180, 0, 0, 0));
        assertThat(guest.call("v128.load64_zero", 8)).containsExactly(i64(0x0f0e0d0c0b0a0908L, 0));
    }

    @Test
    void laneLoadsReplaceOneLane() {
        assertThat(guest.call("v128.load8_lane", 1, ZERO))
                .containsExactly(i8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
        assertThat(guest.call("v128.load16_lane", 2, ZERO)).containsExactly(i16(0, 0, 0, 0, 0, 0, 0, 0x0302));
        assertThat(guest.call("v128.load32_lane", 4, i32(9, 9, 9, 9))).containsExactly(i32(9, 9, 9, 0x07060504));
        assertThat(guest.call("v128.load64_lane", 8, i64(7, 7))).containsExactly(i64(7, 0x0f0e0d0c0b0a0908L));
    }

    @Test
    void storesWriteTheVectorOrOneLaneLittleEndian() {
        guest.call("v128.store", 100, V);
        guest.call("v128.store offset=8", 200, V);
        assertThat(memory(100, 16))
                .containsExactly(bytes(
                        0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae,
                        0xaf));
        assertThat(memory(208, 16)).containsExactly(memory(100, 16));
        guest.call("v128.store8_lane", 300, V);
        guest.call("v128.store16_lane", 301, V);
        guest.call("v128.store32_lane", 303, V);
        guest.call("v128.store64_lane", 307, V);
        assertThat(memory(300, 16))
                .containsExactly(bytes(
                        0xaf, 0xae, 0xaf, 0xac, 0xad, 0xae, 0xaf, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0));
    }

    @Test
    void anAccessReachingPastTheEndTraps() {
        assertThat(guest.call("v128.load", END - 16)).hasSize(2);
        assertThat(guest.call("v128.load8_splat", END - 1)).hasSize(2);
        assertOutOfBounds(() -> guest.call("v128.load", END - 15));
        assertOutOfBounds(() -> guest.call("v128.load offset=4", END - 19));
        assertOutOfBounds(() -> guest.call("v128.load8_splat", END));
        assertOutOfBounds(() -> guest.call("v128.load64_zero", END - 7));
        assertOutOfBounds(() -> guest.call("v128.load64_lane", END - 7, ZERO));
        assertOutOfBounds(() -> guest.call("v128.load32x2_u", END - 4));
        // The base is unsigned: 0xffffffff + 1 is past the end, not address 0.
        assertOutOfBounds(() -> guest.call("v128.load offset=1", -1));
    }

    @Test
    void anOutOfBoundsStoreTrapsWithoutWritingAnyByte() {
        assertOutOfBounds(() -> guest.call("v128.store", END - 15, V));
        assertOutOfBounds(() -> guest.call("v128.store offset=8", END - 20, V));
        assertOutOfBounds(() -> guest.call("v128.store32_lane", END - 3, V));
        assertThat(memory(END - 24, 24)).containsOnly(0);
    }

    private static void assertOutOfBounds(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).hasMessageContaining("out of bounds memory access");
    }

    private static byte[] bytes(int... values) {
        var out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
