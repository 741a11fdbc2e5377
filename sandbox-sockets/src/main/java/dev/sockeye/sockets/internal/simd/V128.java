package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.MStack;

/**
 * One 128-bit vector as two little-endian halves: lane 0 of every shape starts at the lowest bit of {@code lo}.
 * On Chicory's operand stack a v128 is two slots, {@code lo} pushed first, so {@code hi} is on top.
 *
 * @param lo bytes 0 to 7
 * @param hi bytes 8 to 15
 */
record V128(long lo, long hi) {
    static V128 pop(MStack stack) {
        long hi = stack.pop();
        long lo = stack.pop();
        return new V128(lo, hi);
    }

    void push(MStack stack) {
        stack.push(lo);
        stack.push(hi);
    }

    byte[] bytes() {
        var lanes = new byte[16];
        for (int i = 0; i < 8; i++) {
            lanes[i] = (byte) (lo >>> (8 * i));
            lanes[i + 8] = (byte) (hi >>> (8 * i));
        }
        return lanes;
    }

    short[] shorts() {
        var lanes = new short[8];
        for (int i = 0; i < 4; i++) {
            lanes[i] = (short) (lo >>> (16 * i));
            lanes[i + 4] = (short) (hi >>> (16 * i));
        }
        return lanes;
    }

    int[] ints() {
        return new int[] {(int) lo, (int) (lo >>> 32), (int) hi, (int) (hi >>> 32)};
    }

    long[] longs() {
        return new long[] {lo, hi};
    }

    float[] floats() {
        int[] bits = ints();
        var lanes = new float[4];
        for (int i = 0; i < 4; i++) {
            lanes[i] = Float.intBitsToFloat(bits[i]);
        }
        return lanes;
    }

    double[] doubles() {
        return new double[] {Double.longBitsToDouble(lo), Double.longBitsToDouble(hi)};
    }

    static V128 ofBytes(byte[] lanes) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= (lanes[i] & 0xffL) << (8 * i);
            hi |= (lanes[i + 8] & 0xffL) << (8 * i);
        }
        return new V128(lo, hi);
    }

    static V128 ofShorts(short[] lanes) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 4; i++) {
            lo |= (lanes[i] & 0xffffL) << (16 * i);
            hi |= (lanes[i + 4] & 0xffffL) << (16 * i);
        }
        return new V128(lo, hi);
    }

    static V128 ofInts(int[] lanes) {
        return new V128(
                (lanes[0] & 0xffffffffL) | ((long) lanes[1] << 32), (lanes[2] & 0xffffffffL) | ((long) lanes[3] << 32));
    }

    static V128 ofLongs(long[] lanes) {
        return new V128(lanes[0], lanes[1]);
    }

    static V128 ofFloats(float[] lanes) {
        var bits = new int[4];
        for (int i = 0; i < 4; i++) {
            bits[i] = Float.floatToRawIntBits(lanes[i]);
        }
        return ofInts(bits);
    }

    static V128 ofDoubles(double[] lanes) {
        return new V128(Double.doubleToRawLongBits(lanes[0]), Double.doubleToRawLongBits(lanes[1]));
    }
}
