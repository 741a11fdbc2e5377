package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.WasiException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;

/**
 * An established TCP connection of a guest: a Vert.x {@link NetSocket} plus a bounded receive buffer and send
 * accounting. The connection takes Netty's own read buffers (no copy into Vert.x heap buffers on the event loop):
 * the guest copies them into its memory and releases them. When the receive buffer is full the channel stops
 * reading, so the kernel window closes and the peer is pushed back; sends beyond the send buffer wait (or give
 * EAGAIN) until earlier writes reached the kernel.
 *
 * <p>Fields marked "(locked)" are shared between the event loop and the guest thread and guarded by the
 * {@link Handoff} lock. Fields marked "(copying)" are the guest's: it takes arrived buffers under the Handoff lock
 * and copies from them under {@code copying} only, so the event loop never waits for a copy; close may come from
 * another thread and takes {@code copying} to release them.
 */
final class TcpConnection {
    private static final int MIN_READ_BYTES = 64;
    private static final int INITIAL_READ_BYTES = 16 * 1024;
    private final NetSocket socket;
    private final Channel channel;
    private final Handoff handoff;
    private final GuestNetwork network;
    private final SocketOptions options;
    private final InetSocketAddress local;
    private final InetSocketAddress peer;

    private final ArrayDeque<ByteBuf> arrived = new ArrayDeque<>(); // (locked) delivered by the loop, not yet taken
    private int receivedBytes; // (locked) bytes arrived or taken and not yet read
    private boolean paused; // (locked) the channel stopped reading because the buffer is full
    private boolean peerFinished; // (locked) EOF seen: the peer shut down its output or closed
    private Errno failure; // (locked) a reset or I/O error
    private long unflushedBytes; // (locked) written by the guest, not yet handed to the kernel
    private boolean released; // (locked) closed by the guest: late data is dropped, not buffered
    private final ReentrantLock copying = new ReentrantLock();
    private final ArrayDeque<ByteBuf> taken = new ArrayDeque<>(); // (copying) oldest first
    private int headOffset; // (copying) bytes of taken.peek() already read
    private boolean readShutdown;
    private boolean writeShutdown;
    private Future<Void> lastWrite = Future.succeededFuture(); // event loop only
    private SslHandler tls; // event loop only: host TLS, once the guest upgraded
    private boolean decodingOneRead; // event loop only: TLS decodes one socket read (see WakeOncePerRead)
    private boolean wakeOwed; // event loop only: plaintext of that read arrived and the guest is not woken yet

    /** Wraps an open socket whose channel does not read (see {@link #stopReading}) until {@link #attach}. */
    TcpConnection(NetSocket socket, Handoff handoff, GuestNetwork network, SocketOptions options) {
        this.socket = socket;
        this.channel = channelOf(socket);
        this.handoff = handoff;
        this.network = network;
        this.options = options;
        this.local = NetAddresses.toInet(socket.localAddress());
        this.peer = NetAddresses.toInet(socket.remoteAddress());
    }

    private static Channel channelOf(NetSocket socket) {
        return ((NetSocketInternal) socket).channelHandlerContext().channel();
    }

    /**
     * Keeps a new socket's data in the kernel until a guest owns it; on the event loop, before the first read
     * (Vert.x hands a new socket over before it reads from it).
     */
    static void stopReading(NetSocket socket) {
        channelOf(socket).config().setAutoRead(false);
    }

    /** Starts receiving into the buffer; on the event loop. */
    void attach() {
        ((NetSocketInternal) socket).messageHandler(this::onMessage);
        // Only the end event marks EOF: it comes after all data, since the channel reads the FIN after the data.
        socket.endHandler(ignored -> handoff.signal(() -> peerFinished = true));
        socket.exceptionHandler(error -> handoff.signal(() -> failure = NetworkErrnos.of(error)));
        applyChannelOptions();
        // Let one read take up to the socket's receive buffer when the peer streams: each read wakes the guest
        // once, so bigger reads mean fewer hand-offs per byte. Small messages still get small buffers.
        channel.config()
                .setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(
                        MIN_READ_BYTES, INITIAL_READ_BYTES, Math.max(INITIAL_READ_BYTES, options.receiveBufferBytes)));
        channel.config().setAutoRead(true);
    }

    /** A read buffer from the channel; this connection owns it from here on and must release it. */
    private void onMessage(Object message) {
        if (!(message instanceof ByteBuf data)) {
            ReferenceCountUtil.release(message);
            return;
        }
        Runnable arrival = () -> {
            if (released) {
                data.release();
                return;
            }
            arrived.add(data);
            receivedBytes += data.readableBytes();
            network.counters().buffered(data.readableBytes());
            if (receivedBytes >= options.receiveBufferBytes && !paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
        };
        if (decodingOneRead) {
            handoff.change(arrival);
            wakeOwed = true;
        } else {
            handoff.signal(arrival);
        }
    }

    /**
     * Wakes the guest once per socket read that host TLS decodes, not once per TLS record in it. It sits in front
     * of the {@link SslHandler}, which passes each record's plaintext on as soon as it decrypted it: the guest would
     * otherwise wake, copy one record (at most 16 KiB) and sleep again for each, where a plaintext read of up to the
     * receive buffer is one message, and a wake-up costs more than a record's copy. Event loop only.
     */
    private final class WakeOncePerRead extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            decodingOneRead = true;
            try {
                context.fireChannelRead(message);
            } finally {
                decodingOneRead = false;
                if (wakeOwed) {
                    wakeOwed = false;
                    handoff.wake();
                }
            }
        }
    }

    /**
     * Applies SO_KEEPALIVE and SO_LINGER to the kernel socket; event loop only. A peer may already have closed the
     * connection (it can before the guest accepts it): then there is no kernel socket left to configure.
     */
    void applyChannelOptions() {
        if (!channel.isActive()) {
            return;
        }
        try {
            channel.config().setOption(ChannelOption.SO_KEEPALIVE, options.keepAlive);
            if (options.lingerSeconds >= 0) {
                channel.config().setOption(ChannelOption.SO_LINGER, options.lingerSeconds);
            }
        } catch (ChannelException closedMeanwhile) {
            handoff.signal(() -> failure = failure != null ? failure : NetworkErrnos.of(closedMeanwhile));
        }
    }

    InetSocketAddress local() {
        return local;
    }

    InetSocketAddress peer() {
        return peer;
    }

    /** Readiness bits for poll_oneoff; guest thread, under the lock. */
    int readiness() {
        int bits = 0;
        if (receivedBytes > 0 || peerFinished || failure != null || readShutdown) {
            bits |= Descriptor.READABLE;
        }
        if (unflushedBytes < options.sendBufferBytes || failure != null) {
            bits |= Descriptor.WRITABLE;
        }
        if (peerFinished || failure != null) {
            bits |= Descriptor.HANGUP;
        }
        return bits;
    }

    long readableBytes() {
        return handoff.underLock(() -> (long) receivedBytes);
    }

    /** Receives into the guest's buffers: waits until data, EOF or an error, or the deadline (EAGAIN). */
    int receive(GuestMemory memory, IoVecs into, boolean peek, long deadline) {
        if (readShutdown || into.totalLength() == 0) {
            return 0;
        }
        if (!handoff.await(() -> receivedBytes > 0 || peerFinished || failure != null, deadline)) {
            throw GuestSocket.wouldBlock("recv");
        }
        copying.lock();
        try {
            int available = handoff.underLock(this::takeArrived);
            if (available == 0) {
                return 0;
            }
            int allowance = (int) Math.min(Integer.MAX_VALUE, network.inboundAllowance());
            if (allowance == 0) {
                throw new WasiException(Errno.NOBUFS, "instance byte limit for receiving reached");
            }
            int count = copyOut(memory, into, Math.min(allowance, available));
            if (!peek) {
                dropTaken(count);
                network.chargeIn(count);
                handoff.underLock(() -> accountRead(count));
            }
            return count;
        } finally {
            copying.unlock();
        }
    }

    /**
     * Moves what the loop delivered behind the buffers the guest already took and returns the bytes readable, or
     * 0 at EOF; the connection's failure once everything before it was read. Under both locks.
     */
    private int takeArrived() {
        if (receivedBytes == 0) {
            if (failure != null) {
                throw new WasiException(failure, "connection failed");
            }
            return 0;
        }
        taken.addAll(arrived);
        arrived.clear();
        return receivedBytes;
    }

    /** Counts {@code count} bytes as read and lets the channel read again below half the buffer; under the lock. */
    private Void accountRead(int count) {
        if (released) {
            return null;
        }
        receivedBytes -= count;
        network.counters().buffered(-count);
        if (paused && receivedBytes <= options.receiveBufferBytes / 2) {
            paused = false;
            handoff.onLoop(() -> channel.config().setAutoRead(true));
        }
        return null;
    }

    /** Copies up to {@code available} taken bytes into the guest's buffers; under {@code copying}. */
    private int copyOut(GuestMemory memory, IoVecs into, int available) {
        int wanted = Math.min(into.totalLength(), available);
        var target = into.filler(memory);
        int offset = headOffset;
        var buffers = taken.iterator();
        while (target.filled() < wanted) {
            ByteBuf head = buffers.next();
            int take = Math.min(head.readableBytes() - offset, wanted - target.filled());
            ReceivedBytes.copy(head, head.readerIndex() + offset, take, target, network);
            offset = offset + take == head.readableBytes() ? 0 : offset + take;
        }
        return target.filled();
    }

    /** Drops and releases {@code count} read bytes from the front of the taken buffers; under {@code copying}. */
    private void dropTaken(int count) {
        int left = count;
        while (left > 0) {
            ByteBuf head = taken.peek();
            int available = head.readableBytes() - headOffset;
            if (left >= available) {
                taken.poll().release();
                headOffset = 0;
                left -= available;
            } else {
                headOffset += left;
                left = 0;
            }
        }
    }

    /** Releases every buffer, taken or not, and forgets their bytes. */
    private void dropReceived() {
        copying.lock();
        try {
            handoff.underLock(() -> {
                network.counters().buffered(-receivedBytes);
                receivedBytes = 0;
                arrived.forEach(ByteBuf::release);
                arrived.clear();
                return null;
            });
            taken.forEach(ByteBuf::release);
            taken.clear();
            headOffset = 0;
        } finally {
            copying.unlock();
        }
    }

    /** Sends what fits in the send buffer; waits for room until the deadline (EAGAIN). */
    int send(GuestMemory memory, IoVecs from, long deadline) {
        if (writeShutdown) {
            throw new WasiException(Errno.PIPE, "send after shutdown(SHUT_WR)");
        }
        if (from.totalLength() == 0) {
            return 0;
        }
        if (!handoff.await(() -> unflushedBytes < options.sendBufferBytes || failure != null, deadline)) {
            throw GuestSocket.wouldBlock("send");
        }
        int room = handoff.underLock(() -> {
            if (failure != null) {
                throw new WasiException(failure == Errno.CONNRESET ? Errno.PIPE : failure, "connection failed");
            }
            return (int) (options.sendBufferBytes - unflushedBytes);
        });
        int allowance = (int) Math.min(room, network.outboundAllowance());
        if (allowance == 0) {
            throw new WasiException(Errno.NOBUFS, "instance byte limit for sending reached");
        }
        byte[] data = from.gather(memory, allowance);
        network.chargeOut(data.length);
        handoff.underLock(() -> unflushedBytes += data.length);
        handoff.onLoop(() -> lastWrite = socket.write(Buffer.buffer(data))
                .onComplete(result -> handoff.signal(() -> {
                    unflushedBytes -= data.length;
                    if (result.failed() && failure == null) {
                        failure = NetworkErrnos.of(result.cause());
                    }
                })));
        return data.length;
    }

    /**
     * Puts host TLS in front of the connection and starts the handshake; completes with the engine when it is done.
     * Runs on the channel's loop, where reads happen, so that no byte the server sent before the handshake can pass
     * for decrypted data: any unread plaintext fails the upgrade. From then on the channel reads and decrypts into
     * {@link TlsBufferPool}'s buffers, and wakes the guest once per read ({@link WakeOncePerRead}).
     */
    Future<SSLEngine> startTls(SSLEngine engine, long handshakeTimeoutMillis) {
        Promise<SSLEngine> done = Promise.promise();
        channel.eventLoop().execute(() -> {
            String refusal = handoff.underLock(() -> receivedBytes > 0
                    ? receivedBytes + " plaintext bytes arrived before the handshake"
                    : peerFinished || failure != null ? "the connection closed before the handshake" : null);
            if (refusal != null) {
                done.fail(new PlaintextBeforeHandshake(refusal));
                return;
            }
            channel.config().setAllocator(TlsBufferPool.INSTANCE);
            tls = new SslHandler(engine);
            tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
            channel.pipeline().addFirst("sockeye-host-tls", tls);
            channel.pipeline().addFirst("sockeye-tls-wake", new WakeOncePerRead());
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    done.complete(engine);
                } else {
                    done.fail(handshake.cause());
                }
            });
        });
        return done.future();
    }

    /** Why an upgrade did not even start a handshake. */
    static final class PlaintextBeforeHandshake extends Exception {
        private static final long serialVersionUID = 1L;

        PlaintextBeforeHandshake(String message) {
            super(message, null, false, false);
        }
    }

    /** shutdown(2); a write shutdown waits on the loop for earlier writes, then half-closes. */
    void shutdown(boolean read, boolean write) {
        if (read && !readShutdown) {
            readShutdown = true;
            dropReceived();
        }
        if (write && !writeShutdown) {
            writeShutdown = true;
            handoff.onLoop(() -> lastWrite.onComplete(ignored -> {
                if (tls != null) {
                    // TLS ends its half with close_notify before the TCP half-close.
                    tls.closeOutbound().addListener(closed -> shutdownOutput());
                } else {
                    shutdownOutput();
                }
            }));
        }
    }

    private void shutdownOutput() {
        if (channel instanceof SocketChannel socketChannel && socketChannel.isActive()) {
            socketChannel.shutdownOutput();
        }
    }

    /** Closes the socket and releases what it buffered; data arriving later is released as it comes. */
    void close() {
        handoff.underLock(() -> released = true);
        dropReceived();
        handoff.onLoop(socket::close);
    }
}
