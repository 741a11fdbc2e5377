package dev.sockeye.sockets.net;

import dev.sockeye.sockets.wasi.Descriptor;
import dev.sockeye.sockets.wasi.Errno;
import dev.sockeye.sockets.wasi.GuestMemory;
import dev.sockeye.sockets.wasi.IoVecs;
import dev.sockeye.sockets.wasi.WasiException;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * An established TCP connection of a guest: a Vert.x {@link NetSocket} plus a bounded receive buffer and send
 * accounting. When the receive buffer is full the socket is paused, so the kernel window closes and the peer is
 * pushed back; sends beyond the send buffer wait (or give EAGAIN) until earlier writes reached the kernel.
 *
 * <p>Fields marked "(locked)" are shared between the event loop and the guest thread and guarded by the
 * {@link Handoff} lock.
 */
final class TcpConnection {
    private static final int MIN_READ_BYTES = 64;
    private static final int INITIAL_READ_BYTES = 16 * 1024;
    private final NetSocket socket;
    private final Handoff handoff;
    private final GuestNetwork network;
    private final SocketOptions options;
    private final InetSocketAddress local;
    private final InetSocketAddress peer;

    private final ArrayDeque<Buffer> received = new ArrayDeque<>(); // (locked)
    private int receivedBytes; // (locked) bytes in `received`, minus what was read of its head
    private int headOffset; // (locked) bytes of received.peek() already read
    private boolean paused; // (locked)
    private boolean peerFinished; // (locked) EOF seen: the peer shut down its output or closed
    private Errno failure; // (locked) a reset or I/O error
    private long unflushedBytes; // (locked) written by the guest, not yet handed to the kernel
    private boolean released; // (locked) closed by the guest: late data is dropped, not buffered
    private boolean readShutdown;
    private boolean writeShutdown;
    private Future<Void> lastWrite = Future.succeededFuture(); // event loop only

    /** Wraps an open socket; nothing is read until {@link #attach}. */
    TcpConnection(NetSocket socket, Handoff handoff, GuestNetwork network, SocketOptions options) {
        this.socket = socket;
        this.handoff = handoff;
        this.network = network;
        this.options = options;
        this.local = NetAddresses.toInet(socket.localAddress());
        this.peer = NetAddresses.toInet(socket.remoteAddress());
    }

    /** Starts receiving into the buffer; on the event loop, before the socket's first data is delivered. */
    void attach() {
        socket.handler(this::onData);
        // Only the end event marks EOF: it comes after all data, even data held back while paused, whereas
        // the close event fires as soon as the channel closes.
        socket.endHandler(ignored -> handoff.signal(() -> peerFinished = true));
        socket.exceptionHandler(error -> handoff.signal(() -> failure = NetworkErrnos.of(error)));
        socket.resume();
        applyChannelOptions();
        // Let one read take up to the socket's receive buffer when the peer streams: each read wakes the guest
        // once, so bigger reads mean fewer hand-offs per byte. Small messages still get small buffers.
        var channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
        channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(
                MIN_READ_BYTES, INITIAL_READ_BYTES, Math.max(INITIAL_READ_BYTES, options.receiveBufferBytes)));
    }

    private void onData(Buffer data) {
        handoff.signal(() -> {
            if (released) {
                return;
            }
            received.add(data);
            receivedBytes += data.length();
            network.stats().buffered(data.length());
            if (receivedBytes >= options.receiveBufferBytes && !paused) {
                paused = true;
                socket.pause();
            }
        });
    }

    /**
     * Applies SO_KEEPALIVE and SO_LINGER to the kernel socket; event loop only. A peer may already have closed the
     * connection (it can before the guest accepts it): then there is no kernel socket left to configure.
     */
    void applyChannelOptions() {
        var channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
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
        return handoff.read(() -> (long) receivedBytes);
    }

    /** Receives into the guest's buffers: waits until data, EOF or an error, or the deadline (EAGAIN). */
    int receive(GuestMemory memory, IoVecs into, boolean peek, long deadline) {
        if (readShutdown || into.totalLength() == 0) {
            return 0;
        }
        if (!handoff.await(() -> receivedBytes > 0 || peerFinished || failure != null, deadline)) {
            throw GuestSocket.wouldBlock("recv");
        }
        return handoff.read(() -> {
            if (receivedBytes == 0) {
                if (failure != null) {
                    throw new WasiException(failure, "connection failed");
                }
                return 0;
            }
            int allowance = (int) Math.min(Integer.MAX_VALUE, network.inboundAllowance());
            if (allowance == 0) {
                throw new WasiException(Errno.NOBUFS, "instance byte limit for receiving reached");
            }
            int count = copyOut(memory, into, Math.min(allowance, receivedBytes), peek);
            if (!peek) {
                network.chargeIn(count);
                if (paused && receivedBytes <= options.receiveBufferBytes / 2) {
                    paused = false;
                    handoff.onLoop(socket::resume);
                }
            }
            return count;
        });
    }

    /** Copies up to {@code available} buffered bytes into the guest's buffers, straight from the Vert.x buffers. */
    private int copyOut(GuestMemory memory, IoVecs into, int available, boolean peek) {
        int wanted = Math.min(into.totalLength(), available);
        var target = into.filler(memory);
        int offset = headOffset;
        var buffers = received.iterator();
        while (target.filled() < wanted) {
            Buffer head = buffers.next();
            int take = Math.min(head.length() - offset, wanted - target.filled());
            NetAddresses.copy(head, offset, take, target);
            offset = offset + take == head.length() ? 0 : offset + take;
        }
        if (!peek) {
            consume(target.filled());
        }
        return target.filled();
    }

    private void consume(int count) {
        receivedBytes -= count;
        network.stats().buffered(-count);
        int left = count;
        while (left > 0) {
            Buffer head = received.peek();
            int available = head.length() - headOffset;
            if (left >= available) {
                received.poll();
                headOffset = 0;
                left -= available;
            } else {
                headOffset += left;
                left = 0;
            }
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
        int room = handoff.read(() -> {
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
        handoff.read(() -> unflushedBytes += data.length);
        handoff.onLoop(() -> lastWrite = socket.write(Buffer.buffer(data)).onComplete(result -> handoff.signal(() -> {
            unflushedBytes -= data.length;
            if (result.failed() && failure == null) {
                failure = NetworkErrnos.of(result.cause());
            }
        })));
        return data.length;
    }

    /** shutdown(2); a write shutdown waits on the loop for earlier writes, then half-closes. */
    void shutdown(boolean read, boolean write) {
        if (read && !readShutdown) {
            readShutdown = true;
            handoff.read(() -> {
                consume(receivedBytes);
                return null;
            });
        }
        if (write && !writeShutdown) {
            writeShutdown = true;
            handoff.onLoop(() -> lastWrite.onComplete(ignored -> {
                var channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
                if (channel instanceof SocketChannel socketChannel && socketChannel.isActive()) {
                    socketChannel.shutdownOutput();
                }
            }));
        }
    }

    /** Closes the socket and drops what it buffered. */
    void close() {
        handoff.read(() -> {
            released = true;
            network.stats().buffered(-receivedBytes);
            received.clear();
            receivedBytes = 0;
            return null;
        });
        handoff.onLoop(socket::close);
    }
}
