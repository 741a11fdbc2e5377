package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.WasiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A guest's UDP socket on a Vert.x {@link DatagramSocket}. The channel opens at an explicit bind, or with an
 * implicit ephemeral bind at the first connect or send (which needs no grant). Arriving datagrams wait in a
 * bounded queue (full means dropped and counted, as UDP drops): each datagram counts its length plus
 * {@link #DATAGRAM_OVERHEAD_BYTES} against the socket's receive buffer, as a kernel charges each packet's
 * bookkeeping, so a flood of empty or one-byte datagrams is bounded like a flood of large ones. Senders are judged as datagrams arrive, before they are
 * queued: a connected socket hears only its peer, a socket the guest bound to a fixed port under a grant hears
 * anyone, any other hears only whom the egress guard accepts. A stranger's datagram is reported by the guard (a
 * connected socket's too) and dropped, so it never takes buffer space or makes the socket readable.
 */
public final class UdpSocket extends GuestSocket {
    /** The largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM_BYTES = 65_507;

    /** What one queued datagram costs beyond its payload (sender, buffer, queue entry), charged to the buffer. */
    static final int DATAGRAM_OVERHEAD_BYTES = 256;

    private record Datagram(InetSocketAddress sender, Buffer data) {}

    private final ArrayDeque<Datagram> inbound = new ArrayDeque<>(); // (locked)
    private int inboundBytes; // (locked) payloads plus overhead of the queued datagrams
    private long unflushedBytes; // (locked)
    private boolean released; // (locked)
    private DatagramSocket channel;
    private InetSocketAddress local;
    // Written by the guest's thread, read by the event loop as datagrams arrive.
    private volatile InetSocketAddress connectedPeer;
    private volatile boolean servesAnyPeer;
    private boolean readShutdown;
    private boolean writeShutdown;

    UdpSocket(GuestNetwork network, AddressFamily family) {
        super(network, family);
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public FileType fileType() {
        return FileType.SOCKET_DGRAM;
    }

    @Override
    public void bind(InetSocketAddress address) {
        if (channel != null) {
            throw new WasiException(Errno.INVAL, "socket is already bound");
        }
        requireFamily(address);
        var decision = network.requireAllowed(Kind.BIND, Transport.UDP, address);
        open(address);
        // A fixed port bound under a listen grant is a server: it answers whoever writes to it. Anything else
        // (an ephemeral bind, a bind only let through in learn mode) still hears only whom the guard admits.
        servesAnyPeer = decision.grantsInbound();
    }

    @Override
    public void connect(InetSocketAddress remote) {
        requireFamily(remote);
        network.requireAllowed(Kind.CONNECT, Transport.UDP, remote);
        ensureOpen();
        connectedPeer = remote;
    }

    private void ensureOpen() {
        if (channel == null) {
            open(new InetSocketAddress(family.wildcard(), 0));
        }
    }

    private void open(InetSocketAddress address) {
        var options = new DatagramSocketOptions()
                .setIpV6(family == AddressFamily.INET6)
                .setReuseAddress(this.options.reuseAddress)
                .setBroadcast(this.options.broadcast);
        var opened = handoff.awaitLoopResult(
                () -> {
                    DatagramSocket socket = network.vertx().createDatagramSocket(options);
                    socket.handler(this::onDatagram);
                    return socket.listen(address.getPort(), address.getAddress().getHostAddress());
                },
                Long.MAX_VALUE);
        if (opened.failed()) {
            throw new WasiException(
                    NetworkErrnos.of(opened.cause()),
                    "bind " + address + ": " + opened.cause().getMessage());
        }
        channel = opened.result();
        local = new InetSocketAddress(
                address.getAddress(), channel.localAddress().port());
    }

    private void onDatagram(DatagramPacket packet) {
        Buffer data = packet.data();
        InetSocketAddress sender = NetAddresses.toInet(packet.sender());
        if (!acceptsFrom(sender)) {
            return;
        }
        handoff.signal(() -> {
            if (released || readShutdown) {
                return;
            }
            if (inboundBytes + charge(data) > options.receiveBufferBytes) {
                network.counters().datagramDropped();
                return;
            }
            inbound.add(new Datagram(sender, data));
            inboundBytes += charge(data);
            network.counters().buffered(data.length());
        });
    }

    @Override
    public long receive(GuestMemory memory, IoVecs into, int riFlags) {
        Received received = receiveFrom(memory, into, riFlags);
        return Integer.toUnsignedLong(received.bytes()) | ((long) received.roFlags() << 32);
    }

    @Override
    public Received receiveFrom(GuestMemory memory, IoVecs into, int riFlags) {
        if (readShutdown) {
            return new Received(0, 0, connectedPeer);
        }
        boolean peek = (riFlags & RI_RECV_PEEK) != 0;
        long deadline = receiveDeadline();
        while (true) {
            if (!handoff.await(() -> !inbound.isEmpty(), deadline)) {
                throw wouldBlock("recv_from");
            }
            Datagram datagram = handoff.underLock(inbound::peek);
            if (!stillAccepts(datagram.sender())) {
                dropHead(datagram); // queued before a connect to another peer
                continue;
            }
            int length = datagram.data().length();
            int allowance = (int) Math.min(length, network.inboundAllowance());
            if (allowance == 0) {
                throw new WasiException(Errno.NOBUFS, "instance byte limit for receiving reached");
            }
            var target = into.filler(memory);
            ReceivedBytes.copy(datagram.data(), 0, allowance, target, network);
            int copied = target.filled();
            if (!peek) {
                dropHead(datagram);
                network.chargeIn(copied);
            }
            return new Received(copied, copied < length ? RO_DATA_TRUNCATED : 0, datagram.sender());
        }
    }

    private static int charge(Buffer data) {
        return data.length() + DATAGRAM_OVERHEAD_BYTES;
    }

    private void dropHead(Datagram datagram) {
        handoff.underLock(() -> {
            if (inbound.peek() == datagram) {
                inbound.poll();
                inboundBytes -= charge(datagram.data());
                network.counters().buffered(-datagram.data().length());
            }
            return null;
        });
    }

    /**
     * At arrival: connected sockets hear only their peer, servers anyone, clients whom the guard lets through. Every
     * stranger is judged by the guard, so each one it refuses is reported, connected or not.
     */
    private boolean acceptsFrom(InetSocketAddress sender) {
        InetSocketAddress peer = connectedPeer;
        if (peer != null && peer.equals(sender)) {
            return true;
        }
        if (peer == null && servesAnyPeer) {
            return true;
        }
        boolean allowed =
                network.allows(EgressRequest.of(Kind.RECEIVE, Transport.UDP, sender.getAddress(), sender.getPort()));
        return allowed && peer == null;
    }

    /** At delivery: a datagram judged before the socket was connected reaches it only if it is from the peer. */
    private boolean stillAccepts(InetSocketAddress sender) {
        InetSocketAddress peer = connectedPeer;
        return peer == null || peer.equals(sender);
    }

    @Override
    public int send(GuestMemory memory, IoVecs from) {
        if (connectedPeer == null) {
            throw new WasiException(Errno.DESTADDRREQ, "send on an unconnected UDP socket");
        }
        return sendTo(memory, from, connectedPeer);
    }

    @Override
    public int sendTo(GuestMemory memory, IoVecs from, InetSocketAddress destination) {
        if (writeShutdown) {
            throw new WasiException(Errno.PIPE, "send after shutdown(SHUT_WR)");
        }
        InetSocketAddress target = destination != null ? destination : connectedPeer;
        if (target == null) {
            throw new WasiException(Errno.DESTADDRREQ, "no destination");
        }
        requireFamily(target);
        if (from.totalLength() > MAX_DATAGRAM_BYTES) {
            throw new WasiException(Errno.MSGSIZE, "datagram of " + from.totalLength() + " bytes");
        }
        network.requireAllowed(Kind.SEND, Transport.UDP, target);
        if (from.totalLength() > network.outboundAllowance()) {
            throw new WasiException(Errno.NOBUFS, "instance byte limit for sending reached");
        }
        ensureOpen();
        if (!handoff.await(() -> unflushedBytes < options.sendBufferBytes, sendDeadline())) {
            throw wouldBlock("send_to");
        }
        byte[] data = from.gather(memory, MAX_DATAGRAM_BYTES);
        network.chargeOut(data.length);
        handoff.underLock(() -> unflushedBytes += data.length);
        DatagramSocket socket = channel;
        handoff.onLoop(() -> socket.send(
                        Buffer.buffer(data),
                        target.getPort(),
                        target.getAddress().getHostAddress())
                .onComplete(ignored -> handoff.signal(() -> unflushedBytes -= data.length)));
        return data.length;
    }

    @Override
    public void shutdown(int how) {
        if (how < 1 || how > 3) {
            throw new WasiException(Errno.INVAL, "shutdown how " + how);
        }
        if (connectedPeer == null) {
            throw new WasiException(Errno.NOTCONN, "shutdown of an unconnected UDP socket");
        }
        readShutdown |= (how & 1) != 0;
        writeShutdown |= (how & 2) != 0;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local != null ? local : new InetSocketAddress(family.wildcard(), 0);
    }

    @Override
    public InetSocketAddress peerAddress() {
        if (connectedPeer == null) {
            throw new WasiException(Errno.NOTCONN, "UDP socket is not connected");
        }
        return connectedPeer;
    }

    @Override
    public int readiness() {
        return handoff.underLock(
                () -> (inbound.isEmpty() ? 0 : READABLE) | (unflushedBytes < options.sendBufferBytes ? WRITABLE : 0));
    }

    @Override
    public long readableBytes() {
        return handoff.underLock(
                () -> inbound.isEmpty() ? 0L : inbound.peek().data().length());
    }

    private void requireFamily(InetSocketAddress address) {
        if (!family.accepts(address.getAddress())) {
            throw new WasiException(Errno.AFNOSUPPORT, address + " on an " + family + " socket");
        }
    }

    @Override
    protected void release() {
        handoff.underLock(() -> {
            released = true;
            network.counters().buffered(-(inboundBytes - (long) inbound.size() * DATAGRAM_OVERHEAD_BYTES));
            inbound.clear();
            inboundBytes = 0;
            return null;
        });
        if (channel != null) {
            DatagramSocket socket = channel;
            handoff.onLoop(socket::close);
        }
    }
}
