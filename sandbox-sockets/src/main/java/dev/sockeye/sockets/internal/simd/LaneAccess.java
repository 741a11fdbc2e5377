package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Building vectors and moving lanes: v128.const, the splats, extract_lane and replace_lane, i8x16.shuffle and
 * i8x16.swizzle. Lane indices come from the instruction's immediates, which Chicory's validator already checked
 * against the lane count when the module was loaded.
 */
final class LaneAccess {
    private LaneAccess() {}

    /**
     * Executes {@code op} if it is one of this family's; false when it is not.
     *
     * @param immediates the instruction's immediates as Chicory's parser decoded them: the 16 bytes of a const or
     *     a shuffle as two little-endian longs, or the lane index
     */
    static boolean eval(OpCode op, MStack stack, Immediates immediates) {
        switch (op) {
            case V128_CONST -> new V128(immediates.get(0), immediates.get(1)).push(stack);
            case I8x16_SPLAT -> splat(stack, 0x0101_0101_0101_0101L * (stack.pop() & 0xff));
            case I16x8_SPLAT -> splat(stack, 0x0001_0001_0001_0001L * (stack.pop() & 0xffff));
            case I32x4_SPLAT, F32x4_SPLAT -> splat(stack, 0x0000_0001_0000_0001L * (stack.pop() & 0xffff_ffffL));
            case I64x2_SPLAT, F64x2_SPLAT -> splat(stack, stack.pop());
            case I8x16_EXTRACT_LANE_S -> stack.push(V128.pop(stack).bytes()[lane(immediates)]);
            case I8x16_EXTRACT_LANE_U -> stack.push(V128.pop(stack).bytes()[lane(immediates)] & 0xff);
            case I16x8_EXTRACT_LANE_S -> stack.push(V128.pop(stack).shorts()[lane(immediates)]);
            case I16x8_EXTRACT_LANE_U -> stack.push(V128.pop(stack).shorts()[lane(immediates)] & 0xffff);
            case I32x4_EXTRACT_LANE, F32x4_EXTRACT_LANE ->
                stack.push(V128.pop(stack).ints()[lane(immediates)]);
            case I64x2_EXTRACT_LANE, F64x2_EXTRACT_LANE ->
                stack.push(V128.pop(stack).longs()[lane(immediates)]);
            case I8x16_REPLACE_LANE -> {
                byte value = (byte) stack.pop();
                byte[] lanes = V128.pop(stack).bytes();
                lanes[lane(immediates)] = value;
                V128.ofBytes(lanes).push(stack);
            }
            case I16x8_REPLACE_LANE -> {
                short value = (short) stack.pop();
                short[] lanes = V128.pop(stack).shorts();
                lanes[lane(immediates)] = value;
                V128.ofShorts(lanes).push(stack);
            }
            case I32x4_REPLACE_LANE, F32x4_REPLACE_LANE -> {
                int value = (int) stack.pop();
                int[] lanes = V128.pop(stack).ints();
                lanes[lane(immediates)] = value;
                V128.ofInts(lanes).push(stack);
            }
            case I64x2_REPLACE_LANE, F64x2_REPLACE_LANE -> {
                long value = stack.pop();
                long[] lanes = V128.pop(stack).longs();
                lanes[lane(immediates)] = value;
                V128.ofLongs(lanes).push(stack);
            }
            case I8x16_SHUFFLE -> shuffle(stack, new V128(immediates.get(0), immediates.get(1)).bytes());
            case I8x16_SWIZZLE -> swizzle(stack);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int lane(Immediates immediates) {
        return (int) immediates.get(0);
    }

    private static void splat(MStack stack, long half) {
        new V128(half, half).push(stack);
    }

    /** Lane i of the result is lane selectors[i] of the 32 lanes of a then b. */
    private static void shuffle(MStack stack, byte[] selectors) {
        byte[] b = V128.pop(stack).bytes();
        byte[] a = V128.pop(stack).bytes();
        var lanes = new byte[16];
        for (int i = 0; i < 16; i++) {
            int selector = selectors[i];
            lanes[i] = selector < 16 ? a[selector] : b[selector - 16];
        }
        V128.ofBytes(lanes).push(stack);
    }

    /** Lane i of the result is lane s[i] of a, or 0 when s[i] (unsigned) is 16 or more. */
    private static void swizzle(MStack stack) {
        byte[] selectors = V128.pop(stack).bytes();
        byte[] a = V128.pop(stack).bytes();
        var lanes = new byte[16];
        for (int i = 0; i < 16; i++) {
            int selector = selectors[i] & 0xff;
            lanes[i] = selector < 16 ? a[selector] : 0;
        }
        V128.ofBytes(lanes).push(stack);
    }
}
