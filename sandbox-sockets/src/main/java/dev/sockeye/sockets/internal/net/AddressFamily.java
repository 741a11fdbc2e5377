package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** A socket's address family, numbered as the WasmEdge ABI numbers it. */
public enum AddressFamily {
    INET4(1, 4),
    INET6(2, 16);

    private final int code;
    private final int addressLength;

    AddressFamily(int code, int addressLength) {
        this.code = code;
        this.addressLength = addressLength;
    }

    public int code() {
        return code;
    }

    /** Bytes of an address of this family. */
    public int addressLength() {
        return addressLength;
    }

    /** The family of an ABI code; EINVAL for anything else, as WasmEdge answers. */
    public static AddressFamily ofCode(int code) {
        for (AddressFamily family : values()) {
            if (family.code == code) {
                return family;
            }
        }
        throw new WasiException(Errno.INVAL, "address family " + code);
    }

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet6Address ? INET6 : INET4;
    }

    /** The wildcard address of this family. */
    public InetAddress wildcard() {
        try {
            return InetAddress.getByAddress(new byte[addressLength]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The loopback address of this family (127.0.0.1 or ::1). */
    public InetAddress loopback() {
        byte[] bytes = new byte[addressLength];
        if (this == INET4) {
            bytes[0] = 127;
        }
        bytes[addressLength - 1] = 1;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an address of this family's sockets can use {@code address}. */
    public boolean accepts(InetAddress address) {
        return this == INET6
                ? address instanceof Inet6Address || address instanceof Inet4Address
                : address instanceof Inet4Address;
    }
}
