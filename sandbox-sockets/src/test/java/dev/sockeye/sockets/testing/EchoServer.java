package dev.sockeye.sockets.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain blocking TCP echo server on loopback, independent of Vert.x, so that tests exercise the sandbox against
 * a peer it does not share code with. One virtual thread per connection.
 */
public final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger acceptedConnections = new AtomicInteger();

    public EchoServer() {
        this(InetAddress.getLoopbackAddress());
    }

    public EchoServer(InetAddress address) {
        try {
            server = new ServerSocket(0, 1024, address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int openConnections() {
        return openConnections.get();
    }

    public int acceptedConnections() {
        return acceptedConnections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                acceptedConnections.incrementAndGet();
                openConnections.incrementAndGet();
                Thread.ofVirtual().start(() -> echo(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int count;
            while ((count = in.read(buffer)) > 0) {
                out.write(buffer, 0, count);
            }
        } catch (IOException e) {
            // The guest went away mid-stream; that is what some tests do on purpose.
        } finally {
            openConnections.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
