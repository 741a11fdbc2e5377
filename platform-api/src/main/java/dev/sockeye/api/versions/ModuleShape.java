package dev.sockeye.api.versions;

import java.util.Optional;

/**
 * What an upload's section headers declare, read without parsing or allocating anything they declare: every
 * section's length, the number of functions and every data segment's length must fit the bytes that follow, and
 * the function count must stay within the operator's limit. An upload that declares a 1 GiB data segment in a few
 * bytes, or a million functions, is refused here, before the engine's parser would allocate for it.
 */
final class ModuleShape {
    private static final int FUNCTION_SECTION = 3;
    private static final int DATA_SECTION = 11;

    private final byte[] wasm;
    private int position;

    private ModuleShape(byte[] wasm) {
        this.wasm = wasm;
    }

    /** Why the module cannot be accepted, or empty if its declared shape fits; {@code wasm} starts with the header. */
    static Optional<Refusal> check(byte[] wasm, int maxFunctions) {
        return new ModuleShape(wasm).scan(maxFunctions);
    }

    /**
     * A refused shape.
     *
     * @param overLimit whether a configured limit was passed (else the declared sizes do not fit the bytes)
     * @param detail the message, naming the section and the limit or the byte counts
     */
    record Refusal(boolean overLimit, String detail) {}

    private Optional<Refusal> scan(int maxFunctions) {
        position = 8;
        try {
            while (position < wasm.length) {
                int id = wasm[position++] & 0xff;
                long size = u32("section " + id + " length");
                int start = position;
                requireFits(size, "section " + id);
                int end = (int) (start + size);
                if (id == FUNCTION_SECTION) {
                    long functions = u32("function count");
                    if (functions > maxFunctions) {
                        return Optional.of(new Refusal(
                                true,
                                "the module declares " + functions + " functions; the limit is " + maxFunctions
                                        + " (sockeye.versions.max-functions)"));
                    }
                    // One type index of at least a byte each.
                    requireFits(functions, "the function section's " + functions + " functions");
                } else if (id == DATA_SECTION) {
                    checkDataSegments(end);
                }
                position = end;
            }
        } catch (Truncated e) {
            return Optional.of(new Refusal(false, e.getMessage()));
        }
        return Optional.empty();
    }

    /** Each segment: a mode flag, a memory index and offset expression as the mode says, then length + bytes. */
    private void checkDataSegments(int end) {
        long segments = u32("data segment count");
        for (long i = 0; i < segments && position < end; i++) {
            long mode = u32("data segment " + i + " mode");
            if (mode == 2) {
                u32("data segment " + i + " memory index");
            }
            if (mode == 0 || mode == 2) {
                skipConstantExpression(i, end);
            }
            long length = u32("data segment " + i + " length");
            requireFits(length, "data segment " + i);
            position += (int) length;
        }
    }

    /** Skips an offset expression up to its {@code end} opcode (0x0b), without judging it: the parser does. */
    private void skipConstantExpression(long segment, int end) {
        while (position < end && (wasm[position] & 0xff) != 0x0b) {
            position++;
        }
        if (position >= end) {
            throw new Truncated("data segment " + segment + "'s offset expression does not end inside its section");
        }
        position++;
    }

    private void requireFits(long declared, String what) {
        long left = wasm.length - (long) position;
        if (declared > left) {
            throw new Truncated(what + " declares " + declared + " bytes, but only " + left + " follow");
        }
    }

    private long u32(String what) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= wasm.length) {
                throw new Truncated("the module ends inside the " + what);
            }
            int b = wasm[position++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Truncated("the " + what + " is not a valid LEB128 number");
    }

    private static final class Truncated extends RuntimeException {
        Truncated(String message) {
            super(message, null, false, false);
        }
    }
}
