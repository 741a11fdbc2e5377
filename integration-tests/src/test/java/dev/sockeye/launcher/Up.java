package dev.sockeye.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ./sockeye up} on {@code work/home}, output to a log file; {@code close()} is Ctrl-C's SIGTERM. */
record Up(Process process, Path logFile) implements AutoCloseable {

    private static final Path REPO = Path.of(System.getProperty("repo.dir"));
    /** Deadlines only bound a hung test on a loaded machine; nothing here checks how fast anything is. */
    private static final Duration READY_DEADLINE = Duration.ofMinutes(5);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Up start(Path work, Path aot, int port, Map<String, String> extraEnvironment) throws IOException {
        Path log = Files.createTempFile(work, "up-", ".log");
        var builder = new ProcessBuilder(List.of(REPO.resolve("sockeye").toString(), "up"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("SOCKEYE_") || name.startsWith("QUARKUS_"));
        environment.putAll(Map.of(
                "SOCKEYE_HOME", work.resolve("home").toString(),
                "SOCKEYE_AOT_DIR", aot.toString(),
                "SOCKEYE_JAVA_OPTS", "",
                "JAVA_HOME", System.getProperty("java.home")));
        environment.putAll(extraEnvironment);
        // The port as a Quarkus variable, so SOCKEYE_JAVA_OPTS stays free for the test's JVM options.
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Process process = builder.start();
        process.getOutputStream().close();
        return new Up(process, log);
    }

    String log() throws IOException {
        return Files.readString(logFile);
    }

    /** Until {@code /q/health/ready} answers 200; fails with the log if the process exits first. */
    void awaitReady(int port) throws Exception {
        var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build();
        Instant giveUp = Instant.now().plus(READY_DEADLINE);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new AssertionError("./sockeye up exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready after " + READY_DEADLINE + ":\n" + log());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
