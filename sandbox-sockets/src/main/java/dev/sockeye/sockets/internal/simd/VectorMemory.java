package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * The SIMD loads and stores: v128.load/store, the extending loads, the splat loads, load32/64_zero and the lane
 * loads and stores. The whole access is bounds-checked before any byte moves, so an out-of-bounds store traps
 * without writing part of the vector.
 */
final class VectorMemory {
    /** Immediates of a memory instruction, as Chicory's parser lays them out. */
    private static final int OFFSET = 1;

    private static final int MEMORY = 2;
    private static final int LANE = 3;
    private static final long PAGE = 65_536;
    private static final long U32 = 0xffff_ffffL;

    private VectorMemory() {}

    /** Executes {@code op} if it is one of this family's; false when it is not. */
    static boolean eval(OpCode op, MStack stack, Instance instance, Immediates immediates) {
        Memory memory;
        switch (op) {
            case V128_LOAD,
                    V128_LOAD8x8_S,
                    V128_LOAD8x8_U,
                    V128_LOAD16x4_S,
                    V128_LOAD16x4_U,
                    V128_LOAD32x2_S,
                    V128_LOAD32x2_U,
                    V128_LOAD8_SPLAT,
                    V128_LOAD16_SPLAT,
                    V128_LOAD32_SPLAT,
                    V128_LOAD64_SPLAT,
                    V128_LOAD32_ZERO,
                    V128_LOAD64_ZERO,
                    V128_STORE,
                    V128_LOAD8_LANE,
                    V128_LOAD16_LANE,
                    V128_LOAD32_LANE,
                    V128_LOAD64_LANE,
                    V128_STORE8_LANE,
                    V128_STORE16_LANE,
                    V128_STORE32_LANE,
                    V128_STORE64_LANE -> memory = instance.memory((int) immediates.get(MEMORY));
            default -> {
                return false;
            }
        }
        switch (op) {
            case V128_LOAD -> {
                int at = address(stack, memory, immediates, 16);
                new V128(memory.readLong(at), memory.readLong(at + 8)).push(stack);
            }
            case V128_LOAD8x8_S, V128_LOAD8x8_U -> {
                int at = address(stack, memory, immediates, 8);
                var lanes = new short[8];
                for (int i = 0; i < 8; i++) {
                    byte b = memory.read(at + i);
                    lanes[i] = (short) (op == OpCode.V128_LOAD8x8_S ? b : b & 0xff);
                }
                V128.ofShorts(lanes).push(stack);
            }
            case V128_LOAD16x4_S, V128_LOAD16x4_U -> {
                int at = address(stack, memory, immediates, 8);
                var lanes = new int[4];
                for (int i = 0; i < 4; i++) {
                    short s = memory.readShort(at + 2 * i);
                    lanes[i] = op == OpCode.V128_LOAD16x4_S ? s : s & 0xffff;
                }
                V128.ofInts(lanes).push(stack);
            }
            case V128_LOAD32x2_S, V128_LOAD32x2_U -> {
                int at = address(stack, memory, immediates, 8);
                int first = memory.readInt(at);
                int second = memory.readInt(at + 4);
                if (op == OpCode.V128_LOAD32x2_S) {
                    new V128(first, second).push(stack);
                } else {
                    new V128(first & U32, second & U32).push(stack);
                }
            }
            case V128_LOAD8_SPLAT -> {
                stack.push(memory.read(address(stack, memory, immediates, 1)));
                LaneAccess.eval(OpCode.I8x16_SPLAT, stack, immediates);
            }
            case V128_LOAD16_SPLAT -> {
                stack.push(memory.readShort(address(stack, memory, immediates, 2)));
                LaneAccess.eval(OpCode.I16x8_SPLAT, stack, immediates);
            }
            case V128_LOAD32_SPLAT -> {
                stack.push(memory.readInt(address(stack, memory, immediates, 4)));
                LaneAccess.eval(OpCode.I32x4_SPLAT, stack, immediates);
            }
            case V128_LOAD64_SPLAT -> {
                long value = memory.readLong(address(stack, memory, immediates, 8));
                new V128(value, value).push(stack);
            }
            case V128_LOAD32_ZERO ->
                new V128(memory.readInt(address(stack, memory, immediates, 4)) & U32, 0).push(stack);
            case V128_LOAD64_ZERO -> new V128(memory.readLong(address(stack, memory, immediates, 8)), 0).push(stack);
            case V128_STORE -> {
                V128 value = V128.pop(stack);
                int at = address(stack, memory, immediates, 16);
                memory.writeLong(at, value.lo());
                memory.writeLong(at + 8, value.hi());
            }
            case V128_LOAD8_LANE -> {
                byte[] lanes = V128.pop(stack).bytes();
                lanes[lane(immediates)] = memory.read(address(stack, memory, immediates, 1));
                V128.ofBytes(lanes).push(stack);
            }
            case V128_LOAD16_LANE -> {
                short[] lanes = V128.pop(stack).shorts();
                lanes[lane(immediates)] = memory.readShort(address(stack, memory, immediates, 2));
                V128.ofShorts(lanes).push(stack);
            }
            case V128_LOAD32_LANE -> {
                int[] lanes = V128.pop(stack).ints();
                lanes[lane(immediates)] = memory.readInt(address(stack, memory, immediates, 4));
                V128.ofInts(lanes).push(stack);
            }
            case V128_LOAD64_LANE -> {
                long[] lanes = V128.pop(stack).longs();
                lanes[lane(immediates)] = memory.readLong(address(stack, memory, immediates, 8));
                V128.ofLongs(lanes).push(stack);
            }
            case V128_STORE8_LANE -> {
                byte value = V128.pop(stack).bytes()[lane(immediates)];
                memory.writeByte(address(stack, memory, immediates, 1), value);
            }
            case V128_STORE16_LANE -> {
                short value = V128.pop(stack).shorts()[lane(immediates)];
                memory.writeShort(address(stack, memory, immediates, 2), value);
            }
            case V128_STORE32_LANE -> {
                int value = V128.pop(stack).ints()[lane(immediates)];
                memory.writeI32(address(stack, memory, immediates, 4), value);
            }
            case V128_STORE64_LANE -> {
                long value = V128.pop(stack).longs()[lane(immediates)];
                memory.writeLong(address(stack, memory, immediates, 8), value);
            }
            default -> throw new IllegalStateException("not a SIMD memory instruction: " + op);
        }
        return true;
    }

    private static int lane(Immediates immediates) {
        return (int) immediates.get(LANE);
    }

    /**
     * Pops the i32 base address and returns the effective address, trapping as Chicory's own loads do when any of
     * the {@code width} bytes lies outside the memory. The base is unsigned and the sum is computed without
     * wrapping, as the spec says.
     */
    private static int address(MStack stack, Memory memory, Immediates immediates, int width) {
        long effective = (stack.pop() & U32) + immediates.get(OFFSET);
        if (effective + width > memory.pages() * PAGE) {
            throw new WasmRuntimeException("out of bounds memory access");
        }
        return (int) effective;
    }
}
