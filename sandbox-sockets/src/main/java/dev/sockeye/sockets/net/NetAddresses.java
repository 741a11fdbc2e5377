package dev.sockeye.sockets.net;

import dev.sockeye.sockets.wasi.IoVecs;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Conversions between Vert.x and Java: socket addresses (always by IP, never by name) and received bytes into
 * guest memory.
 */
final class NetAddresses {
    private NetAddresses() {}

    static InetSocketAddress toInet(SocketAddress address) {
        if (address == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address.hostAddress()), address.port());
        } catch (UnknownHostException e) {
            // hostAddress() is always an IP literal, which getByName parses without a lookup.
            throw new IllegalStateException("not an IP literal: " + address.hostAddress(), e);
        }
    }

    static SocketAddress toVertx(InetSocketAddress address) {
        return SocketAddress.inetSocketAddress(address.getPort(), address.getAddress().getHostAddress());
    }

    /**
     * Copies {@code length} bytes of {@code data} from {@code offset} into the guest's buffers. Vert.x hands sockets
     * heap buffers, so the bytes go straight from the backing array into guest memory: one copy, no temporary array.
     */
    static void copy(Buffer data, int offset, int length, IoVecs.Filler target) {
        ByteBuf bytes = data instanceof BufferImpl backed ? backed.byteBuf() : null;
        if (bytes != null && bytes.hasArray()) {
            target.write(bytes.array(), bytes.arrayOffset() + offset, length);
        } else {
            target.write(data.getBytes(offset, offset + length), 0, length);
        }
    }
}
