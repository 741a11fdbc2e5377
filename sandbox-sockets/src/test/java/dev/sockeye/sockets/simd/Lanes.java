package dev.sockeye.sockets.simd;

/**
 * Builds and reads v128 values as the two raw longs Chicory passes them in (bytes 0-7, then 8-15, little-endian),
 * so that tests can state arguments and expected results lane by lane.
 */
final class Lanes {
    private Lanes() {}

    static long[] i8(int... lanes) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= (lanes[i] & 0xffL) << (8 * i);
            hi |= (lanes[i + 8] & 0xffL) << (8 * i);
        }
        return new long[] {lo, hi};
    }

    static long[] i16(int... lanes) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 4; i++) {
            lo |= (lanes[i] & 0xffffL) << (16 * i);
            hi |= (lanes[i + 4] & 0xffffL) << (16 * i);
        }
        return new long[] {lo, hi};
    }

    static long[] i32(int... lanes) {
        return new long[] {
            (lanes[0] & 0xffffffffL) | ((long) lanes[1] << 32), (lanes[2] & 0xffffffffL) | ((long) lanes[3] << 32)
        };
    }

    static long[] i64(long a, long b) {
        return new long[] {a, b};
    }

    static long[] f32(float... lanes) {
        var bits = new int[4];
        for (int i = 0; i < 4; i++) {
            bits[i] = Float.floatToRawIntBits(lanes[i]);
        }
        return i32(bits);
    }

    static long[] f64(double a, double b) {
        return new long[] {Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b)};
    }

    /** The arguments of a call: each value a v128 (long[2]) or a scalar (Long, Integer, Float, Double). */
    static long[] args(Object... values) {
        var out = new java.util.ArrayList<Long>();
        for (Object value : values) {
            switch (value) {
                case long[] v128 -> {
                    out.add(v128[0]);
                    out.add(v128[1]);
                }
                case Integer i -> out.add((long) i);
                case Long l -> out.add(l);
                case Float f -> out.add((long) Float.floatToRawIntBits(f));
                case Double d -> out.add(Double.doubleToRawLongBits(d));
                default -> throw new IllegalArgumentException(String.valueOf(value));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static float[] asF32(long[] v128) {
        var lanes = new float[4];
        for (int i = 0; i < 4; i++) {
            long half = v128[i / 2];
            lanes[i] = Float.intBitsToFloat((int) (half >>> (32 * (i % 2))));
        }
        return lanes;
    }

    static double[] asF64(long[] v128) {
        return new double[] {Double.longBitsToDouble(v128[0]), Double.longBitsToDouble(v128[1])};
    }
}
