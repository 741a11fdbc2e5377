package dev.sockeye.sockets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.testing.Guests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * examples/echo-service (Rust, the SDK's TcpListener and poll) run as its README says, with {@code sockeye run
 * --listen PORT}: several clients at once, one of them not reading its echo, none holding up the others.
 */
class EchoServiceExampleTest {

    private static final Path MODULE = Guests.directory()
            .toAbsolutePath()
            .getParent()
            .getParent()
            .resolve("examples/echo-service/echo_service.wasm");
    private static final int CLIENTS = 3;
    private static final int BULK_BYTES = 512 * 1024;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void servesSeveralClientsAtOnceWhileOneOfThemIsNotReading() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String portText = String.valueOf(port);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(() -> exit.complete(SockeyeRun.run(
                        List.of("--listen", portText, MODULE.toString(), portText, String.valueOf(CLIENTS)),
                        Map.of(),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))));
        awaitOutput("listening=" + port, exit);

        try (Socket bulk = connect(port);
                Socket first = connect(port);
                Socket second = connect(port)) {
            // One client sends half a MiB and reads nothing yet: its echo waits in the guest's buffer.
            byte[] payload = new byte[BULK_BYTES];
            Arrays.fill(payload, (byte) 'x');
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> write(bulk, payload));

            // The others are answered meanwhile, the later one first.
            write(second, "second\n".getBytes(StandardCharsets.US_ASCII));
            write(first, "first\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(second, 7)).isEqualTo("second\n");
            assertThat(read(first, 6)).isEqualTo("first\n");

            byte[] echoed = bulk.getInputStream().readNBytes(BULK_BYTES);
            sent.get(30, TimeUnit.SECONDS);
            assertThat(echoed).isEqualTo(payload);
        }

        assertThat(exit.get(30, TimeUnit.SECONDS))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(line -> line.startsWith("accepted=127.0.0.1:")))
                .hasSize(CLIENTS);
        assertThat(printed).endsWith("served=" + CLIENTS + "\n");
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
        return socket;
    }

    private static void write(Socket socket, byte[] data) {
        try {
            OutputStream stream = socket.getOutputStream();
            stream.write(data);
            stream.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Socket socket, int bytes) throws IOException {
        InputStream stream = socket.getInputStream();
        return new String(stream.readNBytes(bytes), StandardCharsets.US_ASCII);
    }

    private void awaitOutput(String line, CompletableFuture<Integer> exit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString(StandardCharsets.UTF_8).contains(line) && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .as("stderr: %s", err.toString(StandardCharsets.UTF_8))
                .contains(line);
    }
}
