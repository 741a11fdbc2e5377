package dev.sockeye.sockets.testing;

import dev.sockeye.sockets.internal.rewrite.WasmBytes;
import java.nio.charset.StandardCharsets;

/**
 * A module whose exported {@code compute(n)} is one function far over the JVM's 64 KiB method limit: a loop, run n
 * times, of arithmetic statements over i32 and i64 locals, calls to a small function, blocks that branch inside
 * themselves and, now and then, a statement that branches out of its block back to the loop. It returns a checksum
 * of its locals, so a split that loses a write shows in the result.
 */
public final class HugeComputation {
    private static final int LOOP = 0x03;
    private static final int BLOCK = 0x02;
    private static final int VOID = 0x40;
    private static final int END = 0x0b;
    private static final int BR_IF = 0x0d;
    private static final int CALL = 0x10;

    private HugeComputation() {}

    /** The module's bytes, with {@code statements} statements in the loop (6,000 make ~70 KB of code). */
    public static byte[] bytes(int statements) {
        var code = new Code().op(LOOP).op(VOID); // param 0 counts the iterations down
        for (int s = 0; s < statements; s++) {
            int k = s * 7919 + 17;
            switch (s % 5) {
                case 0 -> code.get(1).get(2).i32(k).op(0x6c).op(0x6a).set(1); // a += b * k
                case 1 -> code.get(2).get(1).i32(k % 31 + 1).op(0x77).op(0x73).set(2); // b ^= rotl(a, k)
                case 2 -> code.get(3).get(1).op(0xad).op(0x7c).set(3); // c += (u64) a
                case 3 -> code.get(1).op(CALL).u32(1).set(1); // a = mix(a)
                default -> {
                    code.op(BLOCK).op(VOID);
                    code.get(2).i32(k).op(0x46).op(BR_IF).u32(0); // leave the block if b == k
                    code.get(1).i32(1).op(0x6b).set(1); // a -= 1
                    if (s % 1000 == 4) {
                        code.get(1).i32(1).op(0x71).op(0x45).op(BR_IF).u32(1); // to the loop if a is even
                    }
                    code.op(END);
                }
            }
        }
        code.get(0).i32(1).op(0x6b).tee(0).op(BR_IF).u32(0).op(END); // n -= 1, again while n != 0
        code.get(1).get(2).op(0x73).get(3).op(0xa7).op(0x73).op(END); // a ^ b ^ (i32) c
        byte[] compute = new WasmBytes()
                .u32(2)
                .u32(2)
                .u8(0x7f) // a, b: i32
                .u32(1)
                .u8(0x7e) // c: i64
                .bytes(code.bytes.toByteArray())
                .toByteArray();
        var mix = new Code()
                .u32(0)
                .get(0)
                .i32(0x9e3779b1)
                .op(0x6c)
                .i32(13)
                .op(0x78)
                .op(END);
        var bodies = new WasmBytes().u32(2).sized(compute).sized(mix.bytes.toByteArray());
        byte[] exports = new WasmBytes()
                .u32(1)
                .sized("compute".getBytes(StandardCharsets.US_ASCII))
                .u8(0)
                .u32(0)
                .toByteArray();
        return new WasmBytes()
                .bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})
                .u8(1)
                .sized(new byte[] {1, 0x60, 1, 0x7f, 1, 0x7f}) // type 0: (i32) -> i32
                .u8(3)
                .sized(new byte[] {2, 0, 0})
                .u8(7)
                .sized(exports)
                .u8(10)
                .sized(bodies.toByteArray())
                .toByteArray();
    }

    /** Instructions written one after another. */
    private static final class Code {
        final WasmBytes bytes = new WasmBytes();

        Code op(int opcode) {
            bytes.u8(opcode);
            return this;
        }

        Code u32(int value) {
            bytes.u32(value);
            return this;
        }

        Code get(int local) {
            return op(0x20).u32(local);
        }

        Code set(int local) {
            return op(0x21).u32(local);
        }

        Code tee(int local) {
            return op(0x22).u32(local);
        }

        Code i32(int value) {
            bytes.u8(0x41).s64(value);
            return this;
        }
    }
}
