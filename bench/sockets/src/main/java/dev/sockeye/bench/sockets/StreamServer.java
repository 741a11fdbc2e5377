package dev.sockeye.bench.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that writes a stream of bytes to every connection and closes it. The bytes come from one fixed
 * array written again and again, so the server costs as little CPU as a server can: the benchmarks measure the
 * readers, not this. The array's size is the size of each write (64 KiB by default); it decides how much the reader
 * finds per wake-up, since the kernel wakes a waiting reader as the first segment of a write arrives.
 *
 * <p>B1's server ({@link #StreamServer(long, int)}) writes a fixed length at once. The TLS benchmark's
 * ({@link #forTlsStream}) first reads tls_stream's request {@code UPLOAD 0 DOWNLOAD <m>\n}, answers the two header
 * lines the guest expects and then m bytes, in plaintext or over TLS with one certificate: the same server either
 * way, so the difference between the modes is what TLS costs. Its connections send without delay (TCP_NODELAY),
 * as TLS servers do: the JDK's {@code SSLSocket} sends its side of a handshake in several small writes, and with
 * Nagle's algorithm a later one waited for the client's delayed acknowledgement (40 ms on Linux) in a varying share of
 * handshakes, so the benchmark measured the kernel's timer rather than the handshake.
 */
final class StreamServer implements AutoCloseable {
    static final int DEFAULT_WRITE_BYTES = 64 * 1024;
    private static final byte[] TLS_STREAM_HEADER =
            "sni=bench alpn=-\ngot=0 fnv1a=811c9dc5\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    /** The length to write, or -1: read it from tls_stream's request. */
    private final long length;
    /** Whether connections send without waiting to fill segments (TCP_NODELAY). */
    private final boolean noDelay;

    private final byte[] chunk;

    StreamServer(long length, int writeBytes) {
        this(loopback(null), length, writeBytes, false);
    }

    /** A server for tls_stream: plaintext if {@code tls} is null, else TLS with that context's certificate. */
    static StreamServer forTlsStream(SSLContext tls) {
        return new StreamServer(loopback(tls), -1, DEFAULT_WRITE_BYTES, true);
    }

    private StreamServer(ServerSocket server, long length, int writeBytes, boolean noDelay) {
        this.server = server;
        this.length = length;
        this.noDelay = noDelay;
        this.chunk = new byte[writeBytes];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + 7);
        }
        Thread.ofPlatform().daemon().name("stream-server-accept").start(this::acceptLoop);
    }

    private static ServerSocket loopback(SSLContext tls) {
        try {
            return tls == null
                    ? new ServerSocket(0, 128, InetAddress.getLoopbackAddress())
                    : tls.getServerSocketFactory().createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            socket.setTcpNoDelay(noDelay);
            long toSend = length;
            if (toSend < 0) {
                // The guest sends its one request line and then waits: a buffered reader takes nothing more.
                var request =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                toSend = Long.parseLong(request.readLine().split(" ")[3]);
                out.write(TLS_STREAM_HEADER);
            }
            long sent = 0;
            while (sent < toSend) {
                int count = (int) Math.min(chunk.length, toSend - sent);
                out.write(chunk, 0, count);
                sent += count;
            }
            if (socket instanceof SSLSocket) {
                // End our half, then read the guest's close_notify: closing with it unread would reset the
                // connection and could cut off the guest's last reads.
                socket.shutdownOutput();
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stream-server: connection ended early: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
