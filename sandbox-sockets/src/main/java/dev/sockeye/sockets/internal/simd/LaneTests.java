package dev.sockeye.sockets.internal.simd;

import static dev.sockeye.sockets.internal.simd.Lanewise.bytes;
import static dev.sockeye.sockets.internal.simd.Lanewise.ints;
import static dev.sockeye.sockets.internal.simd.Lanewise.longs;
import static dev.sockeye.sockets.internal.simd.Lanewise.mask;
import static dev.sockeye.sockets.internal.simd.Lanewise.shorts;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Integer comparisons (a mask per lane), the bitwise operations on the whole vector, and the reductions to an
 * i32: any_true, all_true and bitmask.
 */
final class LaneTests {
    private static final int U8 = 0xff;
    private static final int U16 = 0xffff;

    private LaneTests() {}

    /** Executes {@code op} if it is one of this family's; false when it is not. */
    static boolean eval(OpCode op, MStack stack) {
        switch (op) {
            case I8x16_EQ -> bytes(stack, (a, b) -> mask(a == b));
            case I8x16_NE -> bytes(stack, (a, b) -> mask(a != b));
            case I8x16_LT_S -> bytes(stack, (a, b) -> mask(a < b));
            case I8x16_LT_U -> bytes(stack, (a, b) -> mask((a & U8) < (b & U8)));
            case I8x16_GT_S -> bytes(stack, (a, b) -> mask(a > b));
            case I8x16_GT_U -> bytes(stack, (a, b) -> mask((a & U8) > (b & U8)));
            case I8x16_LE_S -> bytes(stack, (a, b) -> mask(a <= b));
            case I8x16_LE_U -> bytes(stack, (a, b) -> mask((a & U8) <= (b & U8)));
            case I8x16_GE_S -> bytes(stack, (a, b) -> mask(a >= b));
            case I8x16_GE_U -> bytes(stack, (a, b) -> mask((a & U8) >= (b & U8)));
            case I16x8_EQ -> shorts(stack, (a, b) -> mask(a == b));
            case I16x8_NE -> shorts(stack, (a, b) -> mask(a != b));
            case I16x8_LT_S -> shorts(stack, (a, b) -> mask(a < b));
            case I16x8_LT_U -> shorts(stack, (a, b) -> mask((a & U16) < (b & U16)));
            case I16x8_GT_S -> shorts(stack, (a, b) -> mask(a > b));
            case I16x8_GT_U -> shorts(stack, (a, b) -> mask((a & U16) > (b & U16)));
            case I16x8_LE_S -> shorts(stack, (a, b) -> mask(a <= b));
            case I16x8_LE_U -> shorts(stack, (a, b) -> mask((a & U16) <= (b & U16)));
            case I16x8_GE_S -> shorts(stack, (a, b) -> mask(a >= b));
            case I16x8_GE_U -> shorts(stack, (a, b) -> mask((a & U16) >= (b & U16)));
            case I32x4_EQ -> ints(stack, (a, b) -> mask(a == b));
            case I32x4_NE -> ints(stack, (a, b) -> mask(a != b));
            case I32x4_LT_S -> ints(stack, (a, b) -> mask(a < b));
            case I32x4_LT_U -> ints(stack, (a, b) -> mask(Integer.compareUnsigned(a, b) < 0));
            case I32x4_GT_S -> ints(stack, (a, b) -> mask(a > b));
            case I32x4_GT_U -> ints(stack, (a, b) -> mask(Integer.compareUnsigned(a, b) > 0));
            case I32x4_LE_S -> ints(stack, (a, b) -> mask(a <= b));
            case I32x4_LE_U -> ints(stack, (a, b) -> mask(Integer.compareUnsigned(a, b) <= 0));
            case I32x4_GE_S -> ints(stack, (a, b) -> mask(a >= b));
            case I32x4_GE_U -> ints(stack, (a, b) -> mask(Integer.compareUnsigned(a, b) >= 0));
            case I64x2_EQ -> longs(stack, (a, b) -> mask(a == b));
            case I64x2_NE -> longs(stack, (a, b) -> mask(a != b));
            case I64x2_LT_S -> longs(stack, (a, b) -> mask(a < b));
            case I64x2_GT_S -> longs(stack, (a, b) -> mask(a > b));
            case I64x2_LE_S -> longs(stack, (a, b) -> mask(a <= b));
            case I64x2_GE_S -> longs(stack, (a, b) -> mask(a >= b));
            case V128_NOT -> longs(stack, a -> ~a);
            case V128_AND -> longs(stack, (a, b) -> a & b);
            case V128_ANDNOT -> longs(stack, (a, b) -> a & ~b);
            case V128_OR -> longs(stack, (a, b) -> a | b);
            case V128_XOR -> longs(stack, (a, b) -> a ^ b);
            case V128_BITSELECT -> bitselect(stack);
            case V128_ANY_TRUE -> {
                V128 v = V128.pop(stack);
                stack.push((v.lo() | v.hi()) != 0 ? 1 : 0);
            }
            case I8x16_ALL_TRUE -> stack.push(allTrue(V128.pop(stack).bytes()));
            case I16x8_ALL_TRUE -> stack.push(allTrue(V128.pop(stack).shorts()));
            case I32x4_ALL_TRUE -> stack.push(allTrue(V128.pop(stack).ints()));
            case I64x2_ALL_TRUE -> {
                V128 v = V128.pop(stack);
                stack.push(v.lo() != 0 && v.hi() != 0 ? 1 : 0);
            }
            case I8x16_BITMASK -> stack.push(bitmask(V128.pop(stack).bytes()));
            case I16x8_BITMASK -> stack.push(bitmask(V128.pop(stack).shorts()));
            case I32x4_BITMASK -> stack.push(bitmask(V128.pop(stack).ints()));
            case I64x2_BITMASK -> {
                V128 v = V128.pop(stack);
                stack.push((v.lo() >>> 63) | ((v.hi() >>> 63) << 1));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** v128.bitselect(v1, v2, c): the bits of v1 where c is 1, of v2 where it is 0. */
    private static void bitselect(MStack stack) {
        V128 c = V128.pop(stack);
        V128 v2 = V128.pop(stack);
        V128 v1 = V128.pop(stack);
        new V128((v1.lo() & c.lo()) | (v2.lo() & ~c.lo()), (v1.hi() & c.hi()) | (v2.hi() & ~c.hi())).push(stack);
    }

    private static int allTrue(byte[] lanes) {
        for (byte lane : lanes) {
            if (lane == 0) {
                return 0;
            }
        }
        return 1;
    }

    private static int allTrue(short[] lanes) {
        for (short lane : lanes) {
            if (lane == 0) {
                return 0;
            }
        }
        return 1;
    }

    private static int allTrue(int[] lanes) {
        for (int lane : lanes) {
            if (lane == 0) {
                return 0;
            }
        }
        return 1;
    }

    private static int bitmask(byte[] lanes) {
        int bits = 0;
        for (int i = 0; i < lanes.length; i++) {
            bits |= (lanes[i] < 0 ? 1 : 0) << i;
        }
        return bits;
    }

    private static int bitmask(short[] lanes) {
        int bits = 0;
        for (int i = 0; i < lanes.length; i++) {
            bits |= (lanes[i] < 0 ? 1 : 0) << i;
        }
        return bits;
    }

    private static int bitmask(int[] lanes) {
        int bits = 0;
        for (int i = 0; i < lanes.length; i++) {
            bits |= (lanes[i] < 0 ? 1 : 0) << i;
        }
        return bits;
    }
}
