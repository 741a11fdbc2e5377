package dev.sockeye.api;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sockeye up} twice on one home directory: the packaged application (the jar {@code up} runs) is started,
 * given a function, a version and an egress rule, stopped with SIGTERM (its shutdown stops embedded Postgres),
 * started again, and finds all of it, with the same admin token, and serves the trigger.
 */
class RestartIT {

    private static final Pattern ADMIN_TOKEN = Pattern.compile("^\\s+(sockeye_\\S+)\\s*$", Pattern.MULTILINE);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void whatWasStoredBeforeARestartIsStillThereAndServed() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        String token;
        try (RunningPlatform first = RunningPlatform.start(home, port, "first-start.log")) {
            token = first.adminToken();
            send(
                    token,
                    "POST",
                    base + "/api/v1/functions",
                    "application/json",
                    "{\"name\": \"kept\", \"routes\": [\"/kept\"], \"visibility\": \"public\"}",
                    201);
            send(
                    token,
                    "POST",
                    base + "/api/v1/functions/kept/versions?activate=true",
                    "application/wasm",
                    Files.readAllBytes(Path.of(System.getProperty("guests.dir"), "hello_wagi.wasm")),
                    201);
            send(
                    token,
                    "POST",
                    base + "/api/v1/functions/kept/egress/rules",
                    "application/json",
                    "{\"rule\": \"tcp://127.0.0.1:9\"}",
                    200);
            awaitTrigger(base + "/kept");
        }
        try (RunningPlatform second = RunningPlatform.start(home, port, "second-start.log")) {
            assertThat(second.log()).as("no second admin token on a restart").doesNotContainPattern(ADMIN_TOKEN);
            assertThat(send(token, "GET", base + "/api/v1/functions/kept", null, null, 200))
                    .contains("\"activeVersion\":1")
                    .contains("\"/kept\"");
            assertThat(send(token, "GET", base + "/api/v1/functions/kept/egress", null, null, 200))
                    .contains("tcp://127.0.0.1:9")
                    .contains("\"revision\":1");
            assertThat(awaitTrigger(base + "/kept")).contains("hello from sockeye");
        }
    }

    private String send(String token, String method, String uri, String contentType, Object body, int expected)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token);
        HttpRequest.BodyPublisher publisher = switch (body) {
            case null -> HttpRequest.BodyPublishers.noBody();
            case byte[] bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            default -> HttpRequest.BodyPublishers.ofString(body.toString());
        };
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response =
                http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + uri + ": " + response.body())
                .isEqualTo(expected);
        return response.body();
    }

    /** The trigger's body once it answers 200: activation reaches the embedded invoker through the change feed. */
    private String awaitTrigger(String uri) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        HttpResponse<String> last;
        do {
            last = http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 200) {
                return last.body();
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(
                "trigger " + uri + " never answered 200; last " + last.statusCode() + " " + last.body());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The packaged application as a child process, its output in a log file below the home directory. */
    private record RunningPlatform(Process process, Path logFile) implements AutoCloseable {

        static RunningPlatform start(Path home, int port, String logName) throws IOException, InterruptedException {
            Path log = home.resolve(logName);
            Process process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "--sun-misc-unsafe-memory-access=allow",
                            "-Dsockeye.home=" + home,
                            "-Dquarkus.http.host=127.0.0.1",
                            "-Dquarkus.http.port=" + port,
                            "-jar",
                            System.getProperty("platform.jar")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            var platform = new RunningPlatform(process, log);
            platform.awaitReady(port);
            return platform;
        }

        private void awaitReady(int port) throws IOException, InterruptedException {
            var http = HttpClient.newHttpClient();
            var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .build();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("the platform exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // the port opens late in the start
                }
                Thread.sleep(200);
            }
            close();
            throw new AssertionError("the platform was not ready within " + START_TIMEOUT + ":\n" + log());
        }

        /** The token the first start prints; it is issued just after the server listens. */
        String adminToken() throws IOException, InterruptedException {
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline)) {
                Matcher token = ADMIN_TOKEN.matcher(log());
                if (token.find()) {
                    return token.group(1);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no admin token printed:\n" + log());
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        /** SIGTERM, as Ctrl-C on {@code ./sockeye up}; the shutdown must finish on its own. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the platform did not stop within 60 s of SIGTERM");
            }
        }
    }
}
