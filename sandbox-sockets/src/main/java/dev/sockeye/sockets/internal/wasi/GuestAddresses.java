package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.net.AddressFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Reads and writes the WasmEdge address struct ({@code u32 buf; u32 buf_len}). The buffer holds 4 bytes (IPv4),
 * 16 bytes (IPv6) or 128 bytes (storage form: little-endian u16 family at 0, address bytes from 2); all three are
 * accepted wherever an address is read.
 */
final class GuestAddresses {
    static final int STORAGE_LENGTH = 128;
    private static final int FAMILY_OFFSET_BYTES = 2;

    private GuestAddresses() {}

    /** The address the struct at {@code structAddress} names, with {@code port}. */
    static InetSocketAddress read(GuestMemory memory, int structAddress, int port) {
        if (port < 0 || port > 65535) {
            throw new WasiException(Errno.INVAL, "port " + port);
        }
        return new InetSocketAddress(readAddress(memory, structAddress), port);
    }

    private static InetAddress readAddress(GuestMemory memory, int structAddress) {
        int buffer = memory.readI32(structAddress);
        int length = memory.readI32(structAddress + 4);
        byte[] bytes;
        switch (length) {
            case 4, 16 -> bytes = memory.readBytes(buffer, length);
            case STORAGE_LENGTH -> {
                memory.checkRange(buffer, STORAGE_LENGTH);
                var family = AddressFamily.ofCode(memory.readU16(buffer));
                bytes = memory.readBytes(buffer + FAMILY_OFFSET_BYTES, family.addressLength());
            }
            default -> throw new WasiException(Errno.INVAL, "address buffer of " + length + " bytes");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new WasiException(Errno.INVAL, "address of " + bytes.length + " bytes");
        }
    }

    /**
     * Writes {@code address} into the struct's buffer: raw bytes for a 4- or 16-byte buffer (an IPv6 address does
     * not fit in 4), the storage form for a 128-byte one. Returns the family written.
     */
    static AddressFamily write(GuestMemory memory, int structAddress, InetAddress address) {
        int buffer = memory.readI32(structAddress);
        int length = memory.readI32(structAddress + 4);
        byte[] bytes = address.getAddress();
        var family = AddressFamily.of(address);
        switch (length) {
            case 4, 16 -> {
                if (bytes.length > length) {
                    throw new WasiException(Errno.INVAL, "an IPv6 address does not fit in 4 bytes");
                }
                memory.fill(buffer, length, (byte) 0);
                memory.write(buffer, bytes);
            }
            case STORAGE_LENGTH -> {
                memory.fill(buffer, STORAGE_LENGTH, (byte) 0);
                memory.writeU16(buffer, family.code());
                memory.write(buffer + FAMILY_OFFSET_BYTES, bytes);
            }
            default -> throw new WasiException(Errno.INVAL, "address buffer of " + length + " bytes");
        }
        return family;
    }
}
