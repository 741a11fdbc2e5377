package dev.sockeye.invoker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for tests that need to interleave sending the request body with reading the
 * response (streaming both ways) or to send a chunked body of their choosing.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a request head announcing a chunked body. */
    public void startChunked(String method, String path) throws IOException {
        send(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    public void chunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public void endChunks() throws IOException {
        send("0\r\n\r\n");
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads until the bytes received so far contain {@code text}; returns everything received. */
    public String readUntil(String text) throws IOException {
        byte[] buffer = new byte[8192];
        while (!received.toString(StandardCharsets.ISO_8859_1).contains(text)) {
            int count = in.read(buffer);
            if (count < 0) {
                break;
            }
            received.write(buffer, 0, count);
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the bytes received so far match {@code pattern} somewhere; fails if the connection ends first. */
    public Matcher readUntilMatch(Pattern pattern) throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            var matcher = pattern.matcher(received.toString(StandardCharsets.ISO_8859_1));
            if (matcher.find()) {
                return matcher;
            }
            int count = in.read(buffer);
            if (count < 0) {
                throw new IOException("connection closed before " + pattern + " in: " + received);
            }
            received.write(buffer, 0, count);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
