package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.invoker.testing.RawHttp;
import dev.sockeye.invoker.testing.RunningInvoker;
import dev.sockeye.store.functions.FunctionLimits;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WagiConformanceTest {
    private static final int TEN_MIB = 10 << 20;
    private static RunningInvoker invoker;

    @BeforeAll
    static void start() {
        invoker = new RunningInvoker();
    }

    @AfterAll
    static void stop() {
        invoker.close();
    }

    private static List<String> lines(HttpResponse<String> response) {
        return Arrays.asList(response.body().split("\n"));
    }

    @Test
    void guestSeesTheCgiEnvironmentOfTheRequestRouteAndVersion() {
        var function = invoker.probe("env", "env").withRoutes(List.of("/users/:id"));
        invoker.registry.deploy(function.withVersion(function.version()
                .withArgs(List.of("env", "extra"))
                .withEnv(Map.of("GREETING", "hi"))
                .withSecrets(Map.of("API_TOKEN", "s3cret"))));

        var response = invoker.send(HttpRequest.newBuilder(invoker.uri("/users/42?q=1&x=y"))
                .header("X-Custom-Thing", "v1")
                .header("Authorization", "Bearer t")
                .header("Cookie", "c=1")
                .method("POST", HttpRequest.BodyPublishers.ofString("body"))
                .header("Content-Type", "text/x-test")
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        int port = invoker.invoker.port();
        assertThat(lines(response))
                .contains(
                        "argv[0]=env",
                        "argv[1]=env",
                        "argv[2]=extra",
                        "REQUEST_METHOD=POST",
                        "PATH_INFO=",
                        "SCRIPT_NAME=/users/42",
                        "QUERY_STRING=q=1&x=y",
                        "SERVER_NAME=127.0.0.1",
                        "SERVER_PORT=" + port,
                        "SERVER_PROTOCOL=HTTP/1.1",
                        "REMOTE_ADDR=127.0.0.1",
                        "CONTENT_TYPE=text/x-test",
                        "CONTENT_LENGTH=4",
                        "HTTP_X_CUSTOM_THING=v1",
                        "X_MATCHED_ROUTE=/users/:id",
                        "X_FULL_URL=http://127.0.0.1:" + port + "/users/42?q=1&x=y",
                        "X_PARAM_ID=42",
                        "GREETING=hi",
                        "API_TOKEN=s3cret",
                        "GATEWAY_INTERFACE=CGI/1.1");
        assertThat(response.body()).doesNotContain("HTTP_AUTHORIZATION", "HTTP_COOKIE", "HTTP_CONTENT_LENGTH");
    }

    @Test
    void defaultRouteSplitsScriptNameAndPathInfo() {
        invoker.probe("env2", "env");

        var response = invoker.get("/fn/env2/a/b%20c");

        assertThat(lines(response))
                .contains("SCRIPT_NAME=/fn/env2", "PATH_INFO=/a/b c", "X_MATCHED_ROUTE=/fn/env2/...", "QUERY_STRING=");
    }

    @Test
    void aGuestThatReadsItsEnvironmentSeesItOnEveryRequestOnceItsModuleIsCached() {
        invoker.probe("env3", "env");

        for (String query : List.of("first", "second")) {
            assertThat(lines(invoker.get("/fn/env3?" + query)))
                    .contains("QUERY_STRING=" + query, "SCRIPT_NAME=/fn/env3", "REQUEST_METHOD=GET");
        }
    }

    @Test
    void aRepeatedHeaderReachesTheGuestAsOneVariableWithItsValuesInArrivalOrder() {
        invoker.probe("repeated", "env");

        var response = invoker.send(HttpRequest.newBuilder(invoker.uri("/fn/repeated"))
                .header("X-Multi", "first")
                .header("X-Multi", "second")
                .header("Accept", "*/*")
                .build());

        assertThat(lines(response)).contains("HTTP_X_MULTI=first, second", "HTTP_ACCEPT=*/*");
    }

    @Test
    void aGuestReadingTheBodyOfRequestsWithoutOneSeesItsEndAndTheConnectionServesTheNext() throws Exception {
        invoker.probe("bodiless", "echo");
        try (var http = new RawHttp(invoker.invoker.port())) {
            http.send("GET /fn/bodiless HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(http.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 200");

            http.send("POST /fn/bodiless HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"
                    + "POST /fn/bodiless HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
                    + "hello");
            String all = http.readUntil("hello"); // everything received on the connection: three answers
            assertThat(all.split("HTTP/1.1 200", -1)).hasSize(4);
        }
    }

    @Test
    void pathsThatAreNotValidUriPathsAreRefusedAndPlainOnesServedAsSent() throws Exception {
        invoker.probe("paths", "env");
        try (var http = new RawHttp(invoker.invoker.port())) {
            http.send("GET /fn/paths/a|b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

            assertThat(http.readUntil("\r\n")).startsWith("HTTP/1.1 400");
        }

        var response = invoker.get("/fn/paths/a:b@c;d=e,f+g~h!$&'()*");
        assertThat(lines(response)).contains("PATH_INFO=/a:b@c;d=e,f+g~h!$&'()*");
    }

    @Test
    void credentialHeadersReachOnlyFunctionsThatOptIn() {
        invoker.registry.deploy(invoker.probe("creds", "env").withCredentialHeaders(true));

        var response = invoker.send(HttpRequest.newBuilder(invoker.uri("/fn/creds"))
                .header("Authorization", "Bearer t")
                .header("Cookie", "c=1")
                .build());

        assertThat(lines(response)).contains("HTTP_AUTHORIZATION=Bearer t", "HTTP_COOKIE=c=1");
    }

    @Test
    void requestBodyStreamsToTheGuestAndItsOutputStreamsBack() throws Exception {
        invoker.probe("echo", "echo");
        try (var http = new RawHttp(invoker.invoker.port())) {
            http.startChunked("POST", "/fn/echo");
            http.chunk("first part|".getBytes(StandardCharsets.US_ASCII));
            // The guest echoes the first part while the client has not finished sending the body.
            assertThat(http.readUntil("first part|")).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked");
            http.chunk("second part|".getBytes(StandardCharsets.US_ASCII));
            assertThat(http.readUntil("second part|")).contains("second part|");
            http.endChunks();
            assertThat(http.readUntil("\r\n0\r\n\r\n")).endsWith("\r\n0\r\n\r\n");
        }
    }

    @Test
    void tenMebibyteBodiesTravelBothWays() throws Exception {
        invoker.registry.deploy(invoker.probe("count10", "count").withLimits(bodiesUpTo(TEN_MIB)));
        byte[] body = pattern(TEN_MIB);

        var counted = invoker.send(HttpRequest.newBuilder(invoker.uri("/fn/count10"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        assertThat(counted.body()).isEqualTo("stdin_bytes=" + TEN_MIB + "\n");

        invoker.registry.deploy(
                invoker.probe("big", "big", Integer.toString(TEN_MIB)).withLimits(bodiesUpTo(TEN_MIB)));
        var big = invoker.client.send(
                HttpRequest.newBuilder(invoker.uri("/fn/big")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(big.body()).hasSize(TEN_MIB);
        assertThat(big.body()[TEN_MIB - 1]).isEqualTo((byte) ('a' + (TEN_MIB - 1) % 26));
    }

    @Test
    void tenMebibytesEchoWhileTheClientStillSends() throws Exception {
        invoker.registry.deploy(invoker.probe("echo10", "echo").withLimits(bodiesUpTo(TEN_MIB)));
        byte[] body = pattern(TEN_MIB);
        try (var socket = new java.net.Socket("127.0.0.1", invoker.invoker.port())) {
            // The guest echoes as it reads: the client must read while it sends, as a streaming client does.
            var reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                    .submit(() -> {
                        var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
                        return readChunkedBody(in);
                    });
            var out = socket.getOutputStream();
            out.write(("POST /fn/echo10 HTTP/1.1\r\nHost: x\r\nContent-Length: " + TEN_MIB
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int offset = 0; offset < TEN_MIB; offset += 100_000) {
                out.write(body, offset, Math.min(100_000, TEN_MIB - offset));
            }
            out.flush();
            assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(body);
        }
    }

    private static FunctionLimits bodiesUpTo(long bytes) {
        return FunctionLimits.DEFAULTS.toBuilder()
                .maxRequestBytes(bytes)
                .maxResponseBytes(bytes)
                .build();
    }

    private static byte[] pattern(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        return body;
    }

    /** Skips the status line and headers, then decodes a chunked body. */
    private static byte[] readChunkedBody(java.io.DataInputStream in) throws java.io.IOException {
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            assertThat(line).doesNotStartWith("HTTP/1.1 5");
        }
        var body = new java.io.ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine(in).strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            byte[] chunk = new byte[size];
            in.readFully(chunk);
            body.write(chunk);
            readLine(in);
        }
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        var line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new java.io.EOFException("connection closed in a line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void guestChoosesStatusAndHeaders() {
        invoker.probe("teapot", "status", "418 I'm a teapot");

        var response = invoker.get("/fn/teapot");

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.headers().firstValue("X-Probe")).hasValue("yes");
        assertThat(response.body()).isEqualTo("status\n");
    }

    @Test
    void locationRedirectsTheClient() {
        invoker.probe("moved", "status", "302", "/fn/elsewhere");

        var response = invoker.get("/fn/moved");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/fn/elsewhere");
    }

    @Test
    void firstBytesArriveBeforeASlowGuestEnds() throws Exception {
        invoker.probe("slow", "slow", "1500");

        var response = invoker.client.send(
                HttpRequest.newBuilder(invoker.uri("/fn/slow")).build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        byte[] first = body.readNBytes(6);
        // An invocation is recorded when its guest ends: none yet means the first bytes came while it ran.
        boolean guestStillRunning =
                invoker.audit.invocations().stream().noneMatch(r -> r.function().equals("slow"));
        byte[] rest = body.readAllBytes();

        assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("first\n");
        assertThat(guestStillRunning).isTrue();
        assertThat(new String(rest, StandardCharsets.US_ASCII)).isEqualTo("second\n");
    }

    @Test
    void outputWithoutAHeaderBlockIs502() {
        invoker.probe("bad", "bad");

        var response = invoker.get("/fn/bad");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("function bad wrote no valid CGI header block");
    }

    @Test
    void nonZeroExitBeforeHeadersIs500AndStderrBecomesTheLog() {
        invoker.probe("crash", "crash", "3");

        var response = invoker.get("/fn/crash");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("function crash exited(3) before writing response headers");
        var log = invoker.audit.logLines().stream()
                .filter(l -> l.function().equals("crash"))
                .toList();
        assertThat(log).extracting(l -> l.line()).containsExactly("crashing");
        // The problem names the run, as the header does, so the caller can look up its log.
        String id = response.headers().firstValue("Sockeye-Invocation-Id").orElseThrow();
        assertThat(response.body()).contains("\"invocationId\":\"" + id + "\"");
        assertThat(log.getFirst().invocationId()).isEqualTo(id);
    }

    @Test
    void stderrLinesOfASuccessfulRunAreLogged() {
        invoker.probe("logs", "logs");

        var response = invoker.get("/fn/logs");

        assertThat(response.body()).isEqualTo("logged\n");
        var log = invoker.audit.logLines().stream()
                .filter(l -> l.function().equals("logs"))
                .toList();
        assertThat(log).extracting(l -> l.line()).containsExactly("first log line", "second log line");
        var record = invoker.audit.invocations().stream()
                .filter(r -> r.function().equals("logs"))
                .findFirst();
        assertThat(record).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.outcome()).isEqualTo("exited(0)");
            assertThat(log.getFirst().invocationId()).isEqualTo(r.invocationId());
        });
        assertThat(response.headers().firstValue("Sockeye-Invocation-Id"))
                .hasValue(record.orElseThrow().invocationId());
    }

    @Test
    void guestOverItsTimeoutIsInterruptedWith504() {
        invoker.registry.deploy(invoker.probe("spin", "spin")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                        .timeout(Duration.ofMillis(300))
                        .build()));

        var response = invoker.get("/fn/spin");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("function spin did not finish within 300 ms");
    }

    @Test
    void declaredBodyOverTheLimitIs413() {
        invoker.registry.deploy(invoker.probe("small", "count")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                        .maxRequestBytes(1000L)
                        .build()));

        var response = invoker.send(HttpRequest.newBuilder(invoker.uri("/fn/small"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2000]))
                .build());
        var fits = invoker.send(HttpRequest.newBuilder(invoker.uri("/fn/small"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000]))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("accepts request bodies of at most 1000 bytes");
        assertThat(fits.body()).isEqualTo("stdin_bytes=1000\n");
    }

    @Test
    void streamedBodyOverTheLimitIs413() throws Exception {
        invoker.registry.deploy(invoker.probe("small2", "count")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                        .maxRequestBytes(1000L)
                        .build()));
        try (var http = new RawHttp(invoker.invoker.port())) {
            http.startChunked("POST", "/fn/small2");
            http.chunk(new byte[800]);
            http.chunk(new byte[800]);
            assertThat(http.readUntil("}")).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void memoryBeyondTheFunctionsCapIsRefused() {
        invoker.registry.deploy(invoker.probe("hungry", "alloc", "8")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder().memoryPages(64).build()));
        invoker.registry.deploy(invoker.probe("modest", "alloc", "1")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder().memoryPages(64).build()));

        assertThat(invoker.get("/fn/hungry").statusCode()).isEqualTo(500);
        assertThat(invoker.get("/fn/modest").body()).isEqualTo("allocated=1 last=1\n");
        assertThat(invoker.audit.logLines())
                .anySatisfy(l -> assertThat(l.line()).isEqualTo("malloc(8 MiB) failed"));
    }

    @Test
    void unknownPathIs404Problem() {
        var response = invoker.get("/nothing/here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no function route matches /nothing/here");
    }

    @Test
    void moduleWhoseBytesDoNotMatchItsHashFailsWith500() {
        byte[] module = dev.sockeye.invoker.testing.Guests.bytes("hello_wagi");
        var lying = new ServedVersion("0".repeat(64), () -> module, List.of(), Map.of(), Map.of(), null, 0);
        invoker.registry.deploy(dev.sockeye.invoker.registry.ServedFunction.of("liar", lying));

        var response = invoker.get("/fn/liar");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("could not be compiled: module bytes hash to");
    }

    @Test
    void invocationsAreCountedByFunctionAndStatus() {
        invoker.registry.deploy(dev.sockeye.invoker.registry.ServedFunction.of(
                "hello", ServedVersion.of(dev.sockeye.invoker.testing.Guests.bytes("hello_wagi"))));

        assertThat(invoker.get("/fn/hello").body()).isEqualTo("hello from sockeye\n");

        assertThat(invoker.scrape())
                .contains("sockeye_invocations_total{function=\"hello\",status=\"200\"} 1.0")
                .contains("sockeye_invocation_duration_seconds_bucket{function=\"hello\"")
                .contains("sockeye_module_compile_seconds_count");
    }
}
