package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The SOL_SOCKET options of the ABI, numbered 0..14 as WasmEdge numbers them, with their wire encodings: ints are
 * 4 little-endian bytes, SO_LINGER is {@code struct linger {int on; int seconds}}, the timeouts are
 * {@code struct timeval {i64 sec; i64 usec}}. SO_TYPE answers the ABI's socket type (1 dgram, 2 stream) and
 * SO_ERROR a WASI errno, as WasmEdge does. Options that have no meaning inside the sandbox answer as an
 * unprivileged Linux process would see them (SO_BINDTODEVICE: no device, and EPERM to set one).
 */
public enum SocketOption {
    REUSEADDR,
    TYPE,
    ERROR,
    DONTROUTE,
    BROADCAST,
    SNDBUF,
    RCVBUF,
    KEEPALIVE,
    OOBINLINE,
    LINGER,
    RCVLOWAT,
    RCVTIMEO,
    SNDTIMEO,
    ACCEPTCONN,
    BINDTODEVICE;

    private static final SocketOption[] BY_CODE = values();

    /** The option with this ABI number; ENOPROTOOPT for others. */
    public static SocketOption ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new WasiException(Errno.NOPROTOOPT, "socket option " + code);
        }
        return BY_CODE[code];
    }

    /** The option's current value, encoded for the guest. */
    public byte[] get(GuestSocket socket) {
        SocketOptions options = socket.options();
        return switch (this) {
            case REUSEADDR -> intValue(options.reuseAddress ? 1 : 0);
            case TYPE -> intValue(socket.transport() == Transport.TCP ? 2 : 1);
            case ERROR -> intValue(socket.takeSocketError());
            case DONTROUTE, OOBINLINE -> intValue(0);
            case BROADCAST -> intValue(options.broadcast ? 1 : 0);
            case SNDBUF -> intValue(options.sendBufferBytes);
            case RCVBUF -> intValue(options.receiveBufferBytes);
            case KEEPALIVE -> intValue(options.keepAlive ? 1 : 0);
            case LINGER ->
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(options.lingerSeconds >= 0 ? 1 : 0)
                        .putInt(Math.max(0, options.lingerSeconds))
                        .array();
            case RCVLOWAT -> intValue(1);
            case RCVTIMEO -> timeval(options.receiveTimeoutMillis);
            case SNDTIMEO -> timeval(options.sendTimeoutMillis);
            case ACCEPTCONN -> intValue(socket.listening() ? 1 : 0);
            // As Linux answers for a socket bound to no device: an empty name.
            case BINDTODEVICE -> new byte[0];
        };
    }

    /** Sets the option from the guest's encoded value. */
    public void set(GuestSocket socket, byte[] value) {
        SocketOptions options = socket.options();
        switch (this) {
            case REUSEADDR -> options.reuseAddress = flag(value);
            case BROADCAST -> options.broadcast = flag(value);
            case KEEPALIVE -> options.keepAlive = flag(value);
            case SNDBUF -> options.sendBufferBytes = options.clampBuffer(intOf(value));
            case RCVBUF -> options.receiveBufferBytes = options.clampBuffer(intOf(value));
            case LINGER -> {
                var buffer = exactly(value, 8);
                int on = buffer.getInt();
                int seconds = buffer.getInt();
                options.lingerSeconds = on != 0 ? Math.max(0, seconds) : -1;
            }
            case RCVTIMEO -> options.receiveTimeoutMillis = timevalMillis(value);
            case SNDTIMEO -> options.sendTimeoutMillis = timevalMillis(value);
            case DONTROUTE, OOBINLINE, RCVLOWAT -> intOf(value); // accepted, and meaningless for guests here
            case TYPE, ERROR, ACCEPTCONN -> throw new WasiException(Errno.NOPROTOOPT, name() + " is read-only");
            // Linux wants CAP_NET_RAW for it, which an unprivileged process (and so a guest) does not have.
            case BINDTODEVICE -> throw new WasiException(Errno.PERM, "SO_BINDTODEVICE needs a privilege guests lack");
        }
        socket.optionsChanged();
    }

    private static byte[] intValue(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array();
    }

    private static byte[] timeval(long millis) {
        return ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(millis / 1000)
                .putLong((millis % 1000) * 1000)
                .array();
    }

    private static ByteBuffer exactly(byte[] value, int length) {
        if (value.length != length) {
            throw new WasiException(Errno.INVAL, "option value of " + value.length + " bytes, expected " + length);
        }
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int intOf(byte[] value) {
        if (value.length != 4 && value.length != 8) {
            throw new WasiException(Errno.INVAL, "option value of " + value.length + " bytes, expected 4");
        }
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static boolean flag(byte[] value) {
        return intOf(value) != 0;
    }

    /** Accepts {@code struct timeval} as 16 bytes (i64, i64) or 8 bytes (i32, i32); zero means no timeout. */
    private static long timevalMillis(byte[] value) {
        var buffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        long seconds;
        long micros;
        if (value.length == 16) {
            seconds = buffer.getLong();
            micros = buffer.getLong();
        } else if (value.length == 8) {
            seconds = buffer.getInt();
            micros = buffer.getInt();
        } else {
            throw new WasiException(Errno.INVAL, "timeval of " + value.length + " bytes");
        }
        if (seconds < 0 || micros < 0 || micros >= 1_000_000) {
            throw new WasiException(Errno.INVAL, "timeval " + seconds + "s " + micros + "us");
        }
        long millis = Math.multiplyExact(seconds, 1000L) + (micros + 999) / 1000;
        return millis;
    }
}
