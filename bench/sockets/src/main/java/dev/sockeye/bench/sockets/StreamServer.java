package dev.sockeye.bench.sockets;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback server that writes {@code length} bytes to every connection and closes it. The bytes come from one
 * fixed array written again and again, so the server costs as little CPU as a server can: B1 measures the readers,
 * not this. The array's size is the size of each write (64 KiB by default); it decides how much the reader finds
 * per wake-up, since the kernel wakes a waiting reader as the first segment of a write arrives.
 */
final class StreamServer implements AutoCloseable {
    static final int DEFAULT_WRITE_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final long length;
    private final byte[] chunk;

    StreamServer(long length, int writeBytes) {
        this.length = length;
        this.chunk = new byte[writeBytes];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + 7);
        }
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("stream-server-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofPlatform().daemon().name("stream-server-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                OutputStream out = socket.getOutputStream()) {
            long sent = 0;
            while (sent < length) {
                int count = (int) Math.min(chunk.length, length - sent);
                out.write(chunk, 0, count);
                sent += count;
            }
        } catch (IOException e) {
            System.err.println("stream-server: connection ended early: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
