package dev.sockeye.invoker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server for wagi_probe's dial mode: reads a line, answers "pong <n>" (n counts connections), each
 * connection on its own virtual thread. With {@code holdUntil} > 1 it answers no one until that many clients are
 * connected, so guests stay parked on their socket meanwhile.
 */
public final class ReplyServer implements AutoCloseable {
    private final ServerSocket server;
    private final CountDownLatch gathered;
    private final AtomicInteger connections = new AtomicInteger();

    public ReplyServer(int holdUntil) {
        try {
            server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gathered = new CountDownLatch(holdUntil);
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            int number = connections.incrementAndGet();
            InputStream in = socket.getInputStream();
            for (int read = in.read(); read != '\n'; read = in.read()) {
                if (read < 0) {
                    return; // the guest closed before its request line ended (e.g. it timed out under load)
                }
            }
            gathered.countDown();
            gathered.await(60, TimeUnit.SECONDS);
            OutputStream out = socket.getOutputStream();
            out.write(("pong " + number + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the guest went away: nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
