package dev.sockeye.sockets.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server for tls_fetch: reads {@code UPLOAD <n> DOWNLOAD <m>\n} and n bytes, answers
 * {@code sni=<name> alpn=<protocol>\n got=<n> fnv1a=<hash>\n} and m pattern bytes, and closes. Over TLS with the
 * given context (choosing h2, then http/1.1, from the client's ALPN offer); or in plaintext, either answering
 * anything with an HTTP 400 as a web server would, or speaking the same exchange ({@code sni=- alpn=-}). Records
 * each SNI name and ALPN offer it saw.
 */
public final class TlsTestServer implements AutoCloseable {
    private static final List<String> SUPPORTED_ALPN = List.of("h2", "http/1.1");
    private final ServerSocket server;
    private final Mode mode;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<List<String>> alpnOffers = new CopyOnWriteArrayList<>();

    /** What the server speaks. */
    private enum Mode {
        TLS,
        PLAINTEXT_WEB,
        PLAINTEXT_EXCHANGE
    }

    private TlsTestServer(ServerSocket server, Mode mode) {
        this.server = server;
        this.mode = mode;
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** A TLS server with {@code context}'s certificate. */
    public static TlsTestServer tls(SSLContext context) {
        try {
            var socket = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 64, InetAddress.getLoopbackAddress());
            return new TlsTestServer(socket, Mode.TLS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plaintext server that answers like a web server asked for something it does not understand. */
    public static TlsTestServer plaintext() {
        return plaintext(Mode.PLAINTEXT_WEB);
    }

    /** A plaintext server speaking the same exchange as the TLS one, for a guest that can do either. */
    public static TlsTestServer plaintextExchange() {
        return plaintext(Mode.PLAINTEXT_EXCHANGE);
    }

    private static TlsTestServer plaintext(Mode mode) {
        try {
            return new TlsTestServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()), mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The SNI names clients sent, one per completed handshake. */
    public List<String> serverNames() {
        return serverNames;
    }

    /** The ALPN protocols each client offered. */
    public List<List<String>> alpnOffers() {
        return alpnOffers;
    }

    private void serve(Socket socket) {
        try (socket) {
            if (mode == Mode.PLAINTEXT_EXCHANGE) {
                exchange(socket, "-", null);
                socket.shutdownOutput();
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                return;
            }
            if (mode == Mode.PLAINTEXT_WEB) {
                socket.getInputStream().read(new byte[512]);
                socket.getOutputStream()
                        .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            var secure = (SSLSocket) socket;
            secure.setHandshakeApplicationProtocolSelector((ignored, offered) -> {
                alpnOffers.add(List.copyOf(offered));
                return SUPPORTED_ALPN.stream()
                        .filter(offered::contains)
                        .findFirst()
                        .orElse(null);
            });
            secure.startHandshake();
            String serverName = ((ExtendedSSLSession) secure.getSession())
                    .getRequestedServerNames().stream()
                            .map(name -> ((SNIHostName) name).getAsciiName())
                            .findFirst()
                            .orElse("-");
            serverNames.add(serverName);
            exchange(secure, serverName, secure.getApplicationProtocol());
            // End our half, then read the client's close_notify before closing: closing with it unread would
            // reset the connection and could cut off the client's last reads (ECONNRESET).
            secure.shutdownOutput();
            secure.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException clientGaveUp) {
            // A refused handshake ends here: the client rejected our certificate or spoke no TLS.
        }
    }

    private static void exchange(Socket socket, String serverName, String alpn) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String[] request = readLine(in).split(" ");
        long upload = Long.parseLong(request[1]);
        long download = Long.parseLong(request[3]);
        int hash = Fnv.OFFSET;
        byte[] buffer = new byte[64 * 1024];
        for (long left = upload; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("upload ended early");
            }
            hash = Fnv.update(hash, buffer, read);
            left -= read;
        }
        OutputStream out = socket.getOutputStream();
        out.write(("sni=" + serverName + " alpn=" + (alpn == null || alpn.isEmpty() ? "-" : alpn) + "\n" + "got="
                        + upload + " fnv1a=" + Fnv.hex(hash) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (long position = 0; position < download; ) {
            int chunk = (int) Math.min(buffer.length, download - position);
            Fnv.pattern(position, buffer, chunk);
            out.write(buffer, 0, chunk);
            position += chunk;
        }
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("no request line");
            }
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pattern and the 32-bit FNV-1a hash tls_fetch uses. */
    public static final class Fnv {
        public static final int OFFSET = 0x811c9dc5;
        private static final int PRIME = 0x01000193;

        private Fnv() {}

        public static int update(int hash, byte[] data, int length) {
            for (int i = 0; i < length; i++) {
                hash ^= data[i] & 0xff;
                hash *= PRIME;
            }
            return hash;
        }

        /** Byte i of the stream is (i * 31 + 7) mod 256. */
        public static void pattern(long position, byte[] into, int length) {
            for (int k = 0; k < length; k++) {
                into[k] = (byte) ((position + k) * 31 + 7);
            }
        }

        /** The hash of the first {@code length} pattern bytes. */
        public static int ofPattern(long length) {
            byte[] buffer = new byte[64 * 1024];
            int hash = OFFSET;
            for (long position = 0; position < length; ) {
                int chunk = (int) Math.min(buffer.length, length - position);
                pattern(position, buffer, chunk);
                hash = update(hash, buffer, chunk);
                position += chunk;
            }
            return hash;
        }

        public static String hex(int hash) {
            return String.format("%08x", hash);
        }
    }
}
