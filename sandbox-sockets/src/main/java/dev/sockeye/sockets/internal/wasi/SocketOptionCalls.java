package dev.sockeye.sockets.internal.wasi;

import static dev.sockeye.sockets.internal.wasi.HostCall.errnoCall;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.net.AddressFamily;
import dev.sockeye.sockets.internal.net.GuestSocket;
import dev.sockeye.sockets.internal.net.SocketOption;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

/** sock_getsockopt / sock_setsockopt and the local and peer address calls (V1 and V2). */
final class SocketOptionCalls {
    private static final int SOL_SOCKET = 0;
    /**
     * Guests disagree on getsockopt's last parameter: WasmEdge and its Rust SDK pass a pointer to the length, Go's
     * dispatchrun/net passes the length itself. Real pointers lie above wasm-ld's default 1 KiB of reserved low
     * memory, and option lengths are far below it, so a smaller value is taken as a length.
     */
    private static final int SMALLEST_LENGTH_POINTER = 1024;

    private SocketOptionCalls() {}

    static final List<HostCall> CALLS = List.of(
            errnoCall(
                    "sock_getsockopt", 5, (c, a) -> getOption(c, a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4])),
            errnoCall(
                    "sock_setsockopt", 5, (c, a) -> setOption(c, a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4])),
            errnoCall("sock_getlocaladdr", 4, (c, a) -> addressV1(c, a, GuestSocket::localAddress)),
            errnoCall("sock_getlocaladdr", 3, (c, a) -> addressV2(c, a, GuestSocket::localAddress)),
            errnoCall("sock_getlocaladdr_v2", 3, (c, a) -> addressV2(c, a, GuestSocket::localAddress)),
            errnoCall("sock_getpeeraddr", 4, (c, a) -> addressV1(c, a, GuestSocket::peerAddress)),
            errnoCall("sock_getpeeraddr", 3, (c, a) -> addressV2(c, a, GuestSocket::peerAddress)),
            errnoCall("sock_getpeeraddr_v2", 3, (c, a) -> addressV2(c, a, GuestSocket::peerAddress)));

    private static int getOption(GuestContext context, long fd, int level, int name, int value, int lengthArg) {
        var memory = context.memory();
        boolean lengthByPointer = Integer.toUnsignedLong(lengthArg) >= SMALLEST_LENGTH_POINTER;
        int capacity = lengthByPointer ? memory.readI32(lengthArg) : lengthArg;
        requireSocketLevel(level);
        GuestSocket socket = SocketCalls.socket(context, fd);
        byte[] encoded = SocketOption.ofCode(name).get(socket);
        if (Integer.toUnsignedLong(capacity) < encoded.length) {
            throw new WasiException(Errno.INVAL, "option buffer of " + Integer.toUnsignedLong(capacity) + " bytes");
        }
        memory.write(value, encoded);
        if (lengthByPointer) {
            memory.writeI32(lengthArg, encoded.length);
        }
        return 0;
    }

    private static int setOption(GuestContext context, long fd, int level, int name, int value, int length) {
        requireSocketLevel(level);
        if (Integer.toUnsignedLong(length) > 64) {
            throw new WasiException(Errno.INVAL, "option value of " + Integer.toUnsignedLong(length) + " bytes");
        }
        byte[] encoded = context.memory().readBytes(value, length);
        GuestSocket socket = SocketCalls.socket(context, fd);
        SocketOption.ofCode(name).set(socket, encoded);
        return 0;
    }

    private static void requireSocketLevel(int level) {
        if (level != SOL_SOCKET) {
            throw new WasiException(Errno.NOPROTOOPT, "option level " + level);
        }
    }

    /** V1: (fd, address* with a 4/16-byte buffer, addr_type* (4 or 6), port*). */
    private static int addressV1(GuestContext context, long[] a, Function<GuestSocket, InetSocketAddress> which) {
        var memory = context.memory();
        int typeOut = (int) a[2];
        int portOut = (int) a[3];
        memory.checkRange(typeOut, 4);
        memory.checkRange(portOut, 4);
        InetSocketAddress address = which.apply(SocketCalls.socket(context, a[0]));
        var family = GuestAddresses.write(memory, (int) a[1], address.getAddress());
        memory.writeI32(typeOut, family == AddressFamily.INET4 ? 4 : 6);
        memory.writeI32(portOut, address.getPort());
        return 0;
    }

    /** V2: (fd, address* with a 128-byte storage buffer, port*). */
    private static int addressV2(GuestContext context, long[] a, Function<GuestSocket, InetSocketAddress> which) {
        var memory = context.memory();
        int portOut = (int) a[2];
        memory.checkRange(portOut, 4);
        InetSocketAddress address = which.apply(SocketCalls.socket(context, a[0]));
        GuestAddresses.write(memory, (int) a[1], address.getAddress());
        memory.writeI32(portOut, address.getPort());
        return 0;
    }
}
