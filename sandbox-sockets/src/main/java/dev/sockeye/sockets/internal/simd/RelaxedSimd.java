package dev.sockeye.sockets.internal.simd;

import java.util.List;
import java.util.Optional;

/**
 * Finds relaxed SIMD instructions (0xfd followed by 0x100 to 0x113) in a module's code section. Chicory 1.7.5
 * cannot tell them apart: it folds the prefix and index into one number, so 0xfd 0x100 reads as 0xfe00, an atomic
 * instruction, and the module then fails to parse or validate with a message about something else. Callers scan
 * the raw bytes when the parse fails or when the module seems to use those atomics. The scan looks at bytes, not
 * decoded instructions, so an immediate that happens to hold the same three bytes also counts: it only ever
 * renames the error of a module that does not load anyway.
 */
public final class RelaxedSimd {
    private static final List<String> NAMES = List.of(
            "i8x16.relaxed_swizzle",
            "i32x4.relaxed_trunc_f32x4_s",
            "i32x4.relaxed_trunc_f32x4_u",
            "i32x4.relaxed_trunc_f64x2_s_zero",
            "i32x4.relaxed_trunc_f64x2_u_zero",
            "f32x4.relaxed_madd",
            "f32x4.relaxed_nmadd",
            "f64x2.relaxed_madd",
            "f64x2.relaxed_nmadd",
            "i8x16.relaxed_laneselect",
            "i16x8.relaxed_laneselect",
            "i32x4.relaxed_laneselect",
            "i64x2.relaxed_laneselect",
            "f32x4.relaxed_min",
            "f32x4.relaxed_max",
            "f64x2.relaxed_min",
            "f64x2.relaxed_max",
            "i16x8.relaxed_q15mulr_s",
            "i16x8.relaxed_dot_i8x16_i7x16_s",
            "i32x4.relaxed_dot_i8x16_i7x16_add_s");

    private static final int FIRST = 0x100;
    private static final int CODE_SECTION = 10;
    private static final int HEADER = 8;
    private static final int PREFIX = 0xfd;
    /** The first Chicory opcode a relaxed instruction is misread as, and the last. */
    private static final int MISREAD_FIRST = 0xfe00;

    private static final int MISREAD_LAST = 0xfe13;

    private RelaxedSimd() {}

    /** Whether Chicory's opcode number is one a relaxed SIMD instruction is misread as (an atomic). */
    public static boolean mayBeMisread(int chicoryOpcode) {
        return chicoryOpcode >= MISREAD_FIRST && chicoryOpcode <= MISREAD_LAST;
    }

    /** The name of the first relaxed SIMD instruction in the module's code section, if any. */
    public static Optional<String> firstIn(byte[] wasm) {
        return codeSection(wasm).flatMap(range -> scan(wasm, range[0], range[1]));
    }

    /** How many function bodies the module's code section declares (0 without one), read from the raw bytes. */
    public static int functionBodyCount(byte[] wasm) {
        return codeSection(wasm)
                .map(range -> leb(wasm, range[0]))
                .map(count -> (int) count[0])
                .orElse(0);
    }

    /** {start, end} of the code section's contents. */
    private static Optional<int[]> codeSection(byte[] wasm) {
        int at = HEADER;
        while (at < wasm.length) {
            int id = wasm[at++] & 0xff;
            long[] size = leb(wasm, at);
            if (size == null) {
                return Optional.empty();
            }
            at = (int) size[1];
            int end = (int) Math.min(wasm.length, at + size[0]);
            if (id == CODE_SECTION) {
                return Optional.of(new int[] {at, end});
            }
            at = end;
        }
        return Optional.empty();
    }

    private static Optional<String> scan(byte[] wasm, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if ((wasm[i] & 0xff) == PREFIX) {
                long[] index = leb(wasm, i + 1);
                if (index != null && index[0] >= FIRST && index[0] < FIRST + NAMES.size()) {
                    return Optional.of(NAMES.get((int) index[0] - FIRST));
                }
            }
        }
        return Optional.empty();
    }

    /** An unsigned LEB128 at {@code at}: {value, position after it}, or null when truncated or too long. */
    private static long[] leb(byte[] bytes, int at) {
        long value = 0;
        for (int shift = 0; shift < 35 && at < bytes.length; shift += 7) {
            int b = bytes[at++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return new long[] {value, at};
            }
        }
        return null;
    }
}
