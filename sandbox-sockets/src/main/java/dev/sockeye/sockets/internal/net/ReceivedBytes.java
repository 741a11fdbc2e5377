package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.internal.fd.IoVecs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;

/** Copies received bytes (stream reads and datagrams) into a guest's buffers. */
final class ReceivedBytes {
    private ReceivedBytes() {}

    /**
     * Copies {@code length} bytes of {@code data} from {@code offset} into the guest's buffers. Vert.x hands datagrams
     * over in heap buffers, so the bytes go straight from the backing array into guest memory.
     */
    static void copy(Buffer data, int offset, int length, IoVecs.Filler target, GuestNetwork network) {
        ByteBuf bytes = data instanceof BufferImpl backed ? backed.byteBuf() : Unpooled.wrappedBuffer(data.getBytes());
        copy(bytes, bytes.readerIndex() + offset, length, target, network);
    }

    /**
     * Copies {@code length} bytes of {@code bytes} from the absolute {@code index} into the guest's buffers: from
     * the backing array if there is one, else (a direct read buffer) through the instance's small scratch array,
     * because guest memory only takes arrays.
     */
    static void copy(ByteBuf bytes, int index, int length, IoVecs.Filler target, GuestNetwork network) {
        if (bytes.hasArray()) {
            target.write(bytes.array(), bytes.arrayOffset() + index, length);
            return;
        }
        byte[] scratch = network.copyScratch();
        for (int done = 0; done < length; ) {
            int piece = Math.min(scratch.length, length - done);
            bytes.getBytes(index + done, scratch, 0, piece);
            target.write(scratch, 0, piece);
            done += piece;
        }
    }
}
