package dev.sockeye.sockets.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Serves every connection {@code length} bytes of {@link #patternByte} and then closes it. */
public final class PatternServer implements AutoCloseable {
    private final ServerSocket server;
    private final long length;

    public PatternServer(long length) {
        this.length = length;
        try {
            server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** The byte at {@code offset} of every stream. */
    public static byte patternByte(long offset) {
        return (byte) (offset * 31 + 7);
    }

    /** 32-bit FNV-1a of the first {@code length} pattern bytes, as the stream reader guest prints it. */
    public static String fnv1a(long length) {
        int hash = 0x811c9dc5;
        for (long i = 0; i < length; i++) {
            hash ^= patternByte(i) & 0xff;
            hash *= 0x01000193;
        }
        return String.format("%08x", hash);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve(Socket socket) {
        byte[] chunk = new byte[64 * 1024];
        try (socket;
                OutputStream out = socket.getOutputStream()) {
            long sent = 0;
            while (sent < length) {
                int count = (int) Math.min(chunk.length, length - sent);
                for (int i = 0; i < count; i++) {
                    chunk[i] = patternByte(sent + i);
                }
                out.write(chunk, 0, count);
                sent += count;
            }
        } catch (IOException e) {
            // The guest stopped reading early; nothing to report from here.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
