package dev.sockeye.sockets.internal.rewrite;

import java.io.ByteArrayOutputStream;

/** WebAssembly's binary encodings (LEB128 integers, little-endian floats) written to a growing byte array. */
public final class WasmBytes {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public WasmBytes u8(int value) {
        bytes.write(value);
        return this;
    }

    public WasmBytes u32(long value) {
        long rest = value & 0xffff_ffffL;
        do {
            int low = (int) (rest & 0x7f);
            rest >>>= 7;
            bytes.write(rest == 0 ? low : low | 0x80);
        } while (rest != 0);
        return this;
    }

    /** Signed LEB128 of any width up to 64 bits (s32, s33 block types and s64 all encode this way). */
    public WasmBytes s64(long value) {
        long rest = value;
        while (true) {
            int low = (int) (rest & 0x7f);
            rest >>= 7;
            boolean done = (rest == 0 && (low & 0x40) == 0) || (rest == -1 && (low & 0x40) != 0);
            bytes.write(done ? low : low | 0x80);
            if (done) {
                return this;
            }
        }
    }

    /** The low {@code count} bytes of {@code value}, least significant first. */
    public WasmBytes littleEndian(long value, int count) {
        for (int i = 0; i < count; i++) {
            bytes.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public WasmBytes bytes(byte[] more) {
        bytes.writeBytes(more);
        return this;
    }

    /** {@code content} preceded by its length, as sections and function bodies are framed. */
    public WasmBytes sized(byte[] content) {
        return u32(content.length).bytes(content);
    }

    public int size() {
        return bytes.size();
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
