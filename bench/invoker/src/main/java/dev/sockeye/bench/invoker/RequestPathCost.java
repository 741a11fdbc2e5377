package dev.sockeye.bench.invoker;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.limits.SandboxLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * P1's request path on one thread, for allocation profiles: bytes allocated per request are robust on a shared
 * machine, wall times are not (they are printed as indicative only).
 *
 * <ul>
 *   <li>{@code sandbox}: {@code Sandbox.instantiate} + {@code _start} + {@code close} of hello_wagi on one platform
 *       thread, with the options the invoker builds for a request (argv, a CGI-sized environment, stdout); bytes
 *       that thread allocated per run, and µs of instantiate and of {@code _start}.
 *   <li>{@code http}: sequential keep-alive requests (Content-Length or chunked answers) from one client socket, first to a raw Vert.x hello handler,
 *       then to the invoker serving hello_wagi, in the same JVM; bytes all threads allocated per request (the
 *       JVM counts a virtual thread's allocation on its carrier), and the invoker's minus the raw handler's.
 * </ul>
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.RequestPathCost guests/bin/hello_wagi.wasm [runs, default 200000]</pre>
 */
public final class RequestPathCost {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RequestPathCost() {}

    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Vertx vertx = Vertx.vertx();
        var raw = vertx.createHttpServer(new HttpServerOptions().setPort(0).setTcpNoDelay(true))
                .requestHandler(request -> request.response()
                        .putHeader("Content-Type", "text/plain")
                        .end("hello from sockeye\n"))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .join();
        var invoker = HelloServers.helloInvoker(vertx, module, 0);
        int invokerPort = invoker.start();

        sandbox(invoker, module, runs);
        int httpRuns = Math.max(1000, runs / 10);
        for (int round = 0; round < 3; round++) {
            boolean report = round == 2;
            double rawBytes = http(raw.actualPort(), "/", httpRuns, report ? "raw" : null);
            double invokerBytes = http(invokerPort, "/fn/hello", httpRuns, report ? "invoker" : null);
            if (report) {
                System.out.printf("http_invoker_minus_raw_bytes_per_request=%.0f%n", invokerBytes - rawBytes);
            }
        }
        invoker.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        System.exit(0); // the invoker's event loops are not daemon threads
    }

    private static void sandbox(Invoker invoker, byte[] module, int runs) throws Exception {
        var guest = invoker.modules().get(ServedVersion.of(module));
        var failure = new Exception[1];
        var thread = Thread.ofPlatform().start(() -> {
            try {
                for (int round = 0; round < 3; round++) {
                    long instantiate = 0;
                    long start = 0;
                    long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < runs; i++) {
                        var out = new ByteArrayOutputStream(256);
                        var options = GuestOptions.builder()
                                .args("hello", List.of())
                                .stdout(out)
                                .limits(SandboxLimits.DEFAULTS.withMaxMemoryPages(256));
                        cgiSizedEnvironment(options);
                        long t0 = System.nanoTime();
                        var instance = invoker.sandbox().instantiate(guest, options.build());
                        long t1 = System.nanoTime();
                        instance.start();
                        long t2 = System.nanoTime();
                        instance.close();
                        instantiate += t1 - t0;
                        start += t2 - t1;
                        if (out.size() == 0) {
                            throw new IllegalStateException("hello_wagi wrote nothing");
                        }
                    }
                    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                    if (round == 2) {
                        System.out.printf(
                                "sandbox_bytes_per_run=%d instantiate_us=%.2f start_us=%.2f runs=%d"
                                        + " (times indicative only)%n",
                                allocated / runs, instantiate / 1e3 / runs, start / 1e3 / runs, runs);
                    }
                }
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** About the 20 variables {@code CgiEnvironment} gives a wrk request. */
    private static void cgiSizedEnvironment(GuestOptions.Builder options) {
        options.env("GATEWAY_INTERFACE", "CGI/1.1")
                .env("REQUEST_METHOD", "GET")
                .env("SCRIPT_NAME", "/fn/hello")
                .env("PATH_INFO", "")
                .env("QUERY_STRING", "")
                .env("SERVER_NAME", "127.0.0.1")
                .env("SERVER_PORT", "18082")
                .env("SERVER_PROTOCOL", "HTTP/1.1")
                .env("SERVER_SOFTWARE", "sockeye-invoker")
                .env("REMOTE_ADDR", "127.0.0.1")
                .env("REMOTE_PORT", "41234")
                .env("CONTENT_TYPE", "")
                .env("CONTENT_LENGTH", "")
                .env("HTTP_HOST", "127.0.0.1:18082")
                .env("X_MATCHED_ROUTE", "/fn/hello")
                .env("X_FULL_URL", "http://127.0.0.1:18082/fn/hello")
                .env("X_RAW_PATH", "/fn/hello");
    }

    /**
     * Sequential keep-alive GETs on one socket; the client reuses one buffer, so nearly all allocation counted is the
     * server's. Returns bytes all threads allocated per request.
     */
    private static double http(int port, String path, int requests, String label) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[8192];
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long before = THREADS.getTotalThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                out.write(request);
                readResponse(in, buffer);
            }
            long elapsed = System.nanoTime() - t0;
            double bytes = (double) (THREADS.getTotalThreadAllocatedBytes() - before) / requests;
            if (label != null) {
                System.out.printf(
                        "http_%s_bytes_per_request=%.0f http_%s_us_per_request=%.1f requests=%d"
                                + " (times indicative only)%n",
                        label, bytes, label, elapsed / 1e3 / requests, requests);
            }
            return bytes;
        }
    }

    /** Reads one response with a Content-Length body (both servers answer so); fails on anything else. */
    private static void readResponse(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                throw new IOException("connection closed mid-response");
            }
            filled += read;
            headEnd = indexOfHeadEnd(buffer, filled);
        }
        if (buffer[9] != '2') {
            throw new IOException("not a 2xx: " + new String(buffer, 0, filled, StandardCharsets.US_ASCII));
        }
        int length = contentLength(buffer, headEnd);
        if (length < 0) {
            // Chunked (a guest still running at the first flush): read up to the last chunk.
            while (!endsWithLastChunk(buffer, filled)) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    throw new IOException("connection closed mid-body");
                }
                filled += read;
            }
            return;
        }
        while (filled < headEnd + length) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                throw new IOException("connection closed mid-body");
            }
            filled += read;
        }
    }

    private static boolean endsWithLastChunk(byte[] buffer, int filled) {
        byte[] last = LAST_CHUNK;
        if (filled < last.length) {
            return false;
        }
        for (int i = 0; i < last.length; i++) {
            if (buffer[filled - last.length + i] != last[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfHeadEnd(byte[] buffer, int filled) {
        for (int i = 3; i < filled; i++) {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int contentLength(byte[] buffer, int headEnd) {
        byte[] name = CONTENT_LENGTH;
        outer:
        for (int i = 0; i + name.length < headEnd; i++) {
            for (int j = 0; j < name.length; j++) {
                if (Character.toLowerCase(buffer[i + j]) != name[j]) {
                    continue outer;
                }
            }
            int value = 0;
            int k = i + name.length;
            while (buffer[k] == ' ') {
                k++;
            }
            while (buffer[k] >= '0' && buffer[k] <= '9') {
                value = value * 10 + (buffer[k++] - '0');
            }
            return value;
        }
        return -1;
    }
}
