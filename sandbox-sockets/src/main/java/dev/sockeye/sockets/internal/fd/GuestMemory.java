package dev.sockeye.sockets.internal.fd;

import com.dylibso.chicory.runtime.Memory;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked access to a guest's linear memory. Every pointer and length that comes from the guest goes
 * through here, so a bad one becomes EFAULT instead of a host exception.
 */
public final class GuestMemory {
    private final Memory memory;

    public GuestMemory(Memory memory) {
        this.memory = memory;
    }

    /** The current size in bytes (memory may grow between calls, never during one). */
    public long size() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Fails with EFAULT unless [address, address + length) lies inside memory; both are unsigned 32-bit. */
    public void checkRange(int address, long length) {
        long start = Integer.toUnsignedLong(address);
        if (length < 0 || start + length > size()) {
            throw new WasiException(Errno.FAULT, "range " + start + "+" + length + " outside guest memory");
        }
    }

    public int readI32(int address) {
        checkRange(address, 4);
        return memory.readInt(address);
    }

    public long readI64(int address) {
        checkRange(address, 8);
        return memory.readLong(address);
    }

    public int readU16(int address) {
        checkRange(address, 2);
        return (int) memory.readU16(address);
    }

    public int readU8(int address) {
        checkRange(address, 1);
        return (int) memory.readU8(address);
    }

    public void writeI32(int address, int value) {
        checkRange(address, 4);
        memory.writeI32(address, value);
    }

    public void writeI64(int address, long value) {
        checkRange(address, 8);
        memory.writeLong(address, value);
    }

    public void writeU16(int address, int value) {
        checkRange(address, 2);
        memory.writeShort(address, (short) value);
    }

    public void writeU8(int address, int value) {
        checkRange(address, 1);
        memory.writeByte(address, (byte) value);
    }

    public byte[] readBytes(int address, int length) {
        checkRange(address, Integer.toUnsignedLong(length));
        return memory.readBytes(address, length);
    }

    public void write(int address, byte[] data, int offset, int length) {
        checkRange(address, length);
        memory.write(address, data, offset, length);
    }

    public void write(int address, byte[] data) {
        write(address, data, 0, data.length);
    }

    public void fill(int address, int length, byte value) {
        checkRange(address, length);
        memory.fill(value, address, address + length);
    }

    /** Reads a UTF-8 string; EILSEQ is not checked here: Java replaces malformed input. */
    public String readString(int address, int length) {
        return new String(readBytes(address, length), StandardCharsets.UTF_8);
    }
}
