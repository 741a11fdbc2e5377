package dev.sockeye.sockets.internal.wasi;

import static dev.sockeye.sockets.internal.wasi.HostCall.errnoCall;

import dev.sockeye.sockets.egress.HostNames;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Host TLS for guests, Sockeye's own extension of {@code wasi_snapshot_preview1} (docs/guest-abi.md, "Host TLS"):
 * {@code sock_tls_connect} upgrades a connected TCP socket in place, after which the fd carries plaintext;
 * {@code sock_tls_alpn} reads back the negotiated application protocol.
 */
final class TlsCalls {
    /** Longest ALPN list accepted, in bytes: far more than any real offer. */
    private static final int MAX_ALPN_BYTES = 1024;
    /** An ALPN protocol name is 1 to 255 bytes (RFC 7301). */
    private static final int MAX_PROTOCOL_BYTES = 255;
    /** Longest server name accepted, in bytes, before it is judged as a host name. */
    private static final int MAX_SERVER_NAME_BYTES = 1024;

    private TlsCalls() {}

    static final List<HostCall> CALLS = List.of(
            errnoCall("sock_tls_connect", 5, (c, a) -> connect(c, a)),
            errnoCall("sock_tls_alpn", 4, (c, a) -> alpn(c, a)));

    /** sock_tls_connect(fd, server_name*, server_name_len, alpn*, alpn_len). */
    private static int connect(GuestContext context, long[] a) {
        var memory = context.memory();
        int nameLength = (int) a[2];
        int alpnLength = (int) a[4];
        if (nameLength < 0 || nameLength > MAX_SERVER_NAME_BYTES || alpnLength < 0 || alpnLength > MAX_ALPN_BYTES) {
            throw new WasiException(Errno.INVAL, "server name or ALPN list too long");
        }
        memory.checkRange((int) a[1], nameLength);
        memory.checkRange((int) a[3], alpnLength);
        String written = memory.readString((int) a[1], nameLength);
        String serverName = HostNames.canonicalName(written);
        if (serverName == null) {
            throw new WasiException(Errno.INVAL, "server name is not a host name");
        }
        List<String> alpn = alpnList(memory.readBytes((int) a[3], alpnLength));
        SocketCalls.socket(context, a[0]).startTls(serverName, alpn);
        return 0;
    }

    /** A comma-separated list of protocol names, each 1-255 printable ASCII bytes; empty for none. */
    private static List<String> alpnList(byte[] text) {
        var protocols = new ArrayList<String>();
        if (text.length == 0) {
            return protocols;
        }
        for (String protocol : new String(text, StandardCharsets.ISO_8859_1).split(",", -1)) {
            if (protocol.isEmpty()
                    || protocol.length() > MAX_PROTOCOL_BYTES
                    || !protocol.chars().allMatch(ch -> ch > ' ' && ch < 0x7f)) {
                throw new WasiException(Errno.INVAL, "ALPN protocol names are 1-255 printable ASCII bytes");
            }
            protocols.add(protocol);
        }
        return protocols;
    }

    /** sock_tls_alpn(fd, buf*, buf_len, *len): the negotiated protocol, not NUL-terminated; length 0 if none. */
    private static int alpn(GuestContext context, long[] a) {
        var memory = context.memory();
        int buffer = (int) a[1];
        int capacity = (int) a[2];
        int lengthOut = (int) a[3];
        if (capacity < 0) {
            throw new WasiException(Errno.INVAL, "negative buffer length");
        }
        memory.checkRange(buffer, capacity);
        memory.checkRange(lengthOut, 4);
        String protocol = SocketCalls.socket(context, a[0]).negotiatedAlpn();
        byte[] bytes = protocol == null ? new byte[0] : protocol.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > capacity) {
            throw new WasiException(Errno.NOBUFS, "the protocol name needs " + bytes.length + " bytes");
        }
        memory.write(buffer, bytes);
        memory.writeI32(lengthOut, bytes.length);
        return 0;
    }
}
