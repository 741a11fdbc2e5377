package dev.sockeye.sockets.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The buffers of a host TLS connection's channel: pooled heap buffers, for the ciphertext the channel reads as well
 * as for the plaintext {@link io.netty.handler.ssl.SslHandler} decrypts into.
 *
 * <p>Why heap: the JDK's AES-GCM decrypts a record of a heap buffer in place with one call of its intrinsic, but
 * one of a direct buffer 512 bytes at a time through scratch arrays, several times slower; and the guest copies
 * plaintext into its memory from a backing array at once, not through a scratch array. The extra copy the kernel
 * read then costs (NIO reads into a direct buffer and copies) is cheap beside that. Why pooled: Vert.x's channel
 * allocator gives unpooled heap buffers, and a fresh zeroed 16 KiB array per TLS record cost as much as the
 * decryption. One pool serves every sandbox of the JVM, as Vert.x's own pool does, and an arena's memory stays
 * reserved once used, as there.
 */
final class TlsBufferPool extends PooledByteBufAllocator {
    static final TlsBufferPool INSTANCE = new TlsBufferPool();

    private TlsBufferPool() {
        // No thread caches: the guest thread, not the loop, releases most buffers, so a loop's cache would only
        // hoard them; and the pool's own counts of buffers in use stay exact.
        super(false, defaultNumHeapArena(), defaultNumDirectArena(), defaultPageSize(), defaultMaxOrder(), 0, 0, false);
    }

    // Channels read into ioBuffers, which a pooled allocator makes direct: read into heap buffers instead.
    @Override
    public ByteBuf ioBuffer() {
        return heapBuffer();
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return heapBuffer(initialCapacity);
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return heapBuffer(initialCapacity, maxCapacity);
    }
}
