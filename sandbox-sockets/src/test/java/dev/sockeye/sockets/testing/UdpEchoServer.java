package dev.sockeye.sockets.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A loopback UDP server answering each datagram with its payload upper-cased, from {@code replyFrom}. */
public final class UdpEchoServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final DatagramSocket replySocket;

    /** Replies from the port the datagram arrived on. */
    public UdpEchoServer() {
        this(false);
    }

    /** With {@code replyFromStranger}, replies come from another port: a stranger to the guest. */
    public UdpEchoServer(boolean replyFromStranger) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            replySocket = replyFromStranger
                    ? new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    : socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            try {
                var packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                byte[] reply = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                replySocket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        replySocket.close();
    }
}
