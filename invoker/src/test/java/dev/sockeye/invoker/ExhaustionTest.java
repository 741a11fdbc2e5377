package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.testing.RawHttp;
import dev.sockeye.invoker.testing.RunningInvoker;
import dev.sockeye.store.functions.FunctionLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One guest exhausts one resource; each test asserts the documented bound it meets and that another function,
 * invoked while it runs, answers normally.
 */
class ExhaustionTest {
    private static final int EMFILE = 33; // wasi-libc's errno numbering
    // The idle timeout also ends the connection of a run that sends nothing for that long, so only the slow
    // client tests shorten it (in their own invoker); the others keep the default.
    private static final Duration SHORT_IDLE_TIMEOUT = Duration.ofSeconds(2);

    private RunningInvoker invoker;

    @BeforeEach
    void start() {
        start(InvokerConfig.builder().build().idleTimeout());
    }

    private void start(Duration idleTimeout) {
        if (invoker != null) {
            invoker.close();
        }
        invoker = new RunningInvoker(InvokerConfig.builder()
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .idleTimeout(idleTimeout)
                .build());
        invoker.probe("bystander", "status", "200");
        invoker.probe("counter", "count");
        assertThat(invoker.get("/fn/bystander").statusCode()).isEqualTo(200); // compiled once for all
    }

    @AfterEach
    void stop() {
        invoker.close();
    }

    @Test
    void memoryGrowBombIsRefusedAtTheFunctionsPageLimitAndTheRunEndsCleanly() throws Exception {
        invoker.registry.deploy(invoker.probe("bomb", "grow")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder().memoryPages(64).build()));

        var bomb = async("/fn/bomb");
        assertBystanderAnswers();

        assertThat(bomb.get().statusCode()).isEqualTo(200);
        assertThat(bomb.get().body()).isEqualTo("pages=64 grow=-1\n");
        assertThat(invoker.audit.invocations())
                .filteredOn(record -> record.function().equals("bomb"))
                .singleElement()
                .satisfies(record -> assertThat(record.outcome()).isEqualTo("exited(0)"));
    }

    @Test
    void socketsBeyondTheFunctionsLimitGetEmfileAndAllAreClosedWhenTheRunEnds() throws Exception {
        invoker.registry.deploy(invoker.probe("hog", "sockets")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder().maxSockets(4).build()));

        var hog = async("/fn/hog");
        assertBystanderAnswers();

        assertThat(hog.get().body()).isEqualTo("sockets=4 errno=" + EMFILE + "\n");
        awaitNoOpenSockets();
        assertThat(invoker.scrape()).contains("sockeye_guest_sockets_open 0.0");
    }

    @Test
    void descriptorsBeyondTheSandboxLimitGetEmfile(@TempDir Path bundle) throws Exception {
        Files.writeString(bundle.resolve("f"), "x");
        var function = invoker.probe("opener", "files", "/bundle/f");
        invoker.registry.deploy(function.withVersion(function.version().withBundleDir(bundle)));

        var opener = async("/fn/opener");
        assertBystanderAnswers();

        var matcher = Pattern.compile("files=(\\d+) errno=(\\d+)\n")
                .matcher(opener.get().body());
        assertThat(matcher.matches()).as(opener.get().body()).isTrue();
        int maxDescriptors = InvokerConfig.builder().build().sandboxLimits().maxDescriptors();
        // stdio and the /bundle preopen take the first entries of the table.
        assertThat(Integer.parseInt(matcher.group(1))).isBetween(maxDescriptors - 8, maxDescriptors - 4);
        assertThat(Integer.parseInt(matcher.group(2))).isEqualTo(EMFILE);
        // The table went with the instance: the next run opens as many again.
        assertThat(invoker.get("/fn/opener").body()).isEqualTo(opener.get().body());
    }

    @Test
    void aFloodOfTinyDatagramsFillsABoundedReceiveBufferAndTheRestAreDroppedAndCounted() throws Exception {
        var function = invoker.probe("listener", "udp");
        // Sending 100,000 datagrams takes seconds on a busy machine: the run may take a minute.
        invoker.registry.deploy(function.withEgress(FunctionEgress.ALLOW_ALL)
                .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                        .timeout(Duration.ofMinutes(1))
                        .build()));
        int sent = 100_000;
        int receiveBufferBytes = InvokerConfig.builder().build().sandboxLimits().receiveBufferBytes();

        String body;
        try (var http = new RawHttp(invoker.invoker.port());
                var sender = DatagramChannel.open()) {
            http.startChunked("POST", "/fn/listener");
            var port = http.readUntilMatch(Pattern.compile("port=(\\d+)\n"));
            var target = new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)));
            for (int i = 0; i < sent; i++) {
                sender.send(ByteBuffer.wrap(new byte[] {(byte) i}), target);
            }

            assertBystanderAnswers();
            http.endChunks();
            body = http.readUntil("0\r\n\r\n");
        }

        var received = Pattern.compile("datagrams=(\\d+) bytes=(\\d+)\n").matcher(body);
        assertThat(received.find())
                .as(body + invoker.audit.logLines() + invoker.audit.invocations())
                .isTrue();
        long datagrams = Long.parseLong(received.group(1));
        long dropped = invoker.invoker.sandbox().networkStats().datagramsDropped();
        // Each queued one-byte datagram costs 1 + 256 bytes of the buffer; the kernel may drop some first. While the
        // guest drains the full buffer, what the kernel still holds arrives too: at most about a buffer more.
        int bufferHolds = receiveBufferBytes / (1 + 256);
        assertThat(datagrams).isPositive().isLessThanOrEqualTo(2L * bufferHolds);
        assertThat(dropped).isPositive().isLessThanOrEqualTo(sent - datagrams);
        assertThat(invoker.scrape()).contains("sockeye_guest_datagrams_dropped_total " + (double) dropped);
        awaitNoOpenSockets();
        assertThat(invoker.invoker.sandbox().networkStats().bufferedBytes()).isZero();
    }

    @Test
    void aGuestWritingStdoutForeverIsCutOffAtTheResponseLimitAndStopped() throws Exception {
        invoker.registry.deploy(invoker.probe("flood", "flood")
                .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                        .maxResponseBytes(1L << 20)
                        .build()));

        var response = invoker.client.sendAsync(
                HttpRequest.newBuilder(invoker.uri("/fn/flood")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertBystanderAnswers();
        long received = 0;
        boolean cutOff = false;
        try (var body = response.get().body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = body.read(buffer)) > 0; ) {
                received += read;
            }
        } catch (IOException reset) {
            cutOff = true;
        }

        assertThat(cutOff)
                .as("a truncated response, not a complete-looking one")
                .isTrue();
        assertThat(received).isLessThanOrEqualTo(1L << 20);
        var record = awaitRecord("flood");
        assertThat(record.outcome()).isEqualTo("response-too-large");
    }

    @Test
    void aGuestWritingOutputForeverWithoutAHeaderBlockGets502AtTheHeaderLimit() throws Exception {
        invoker.probe("babbler", "noheaders");

        var babbler = async("/fn/babbler");
        assertBystanderAnswers();

        assertThat(babbler.get().statusCode()).isEqualTo(502);
        assertThat(babbler.get().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(babbler.get().body()).contains("function babbler wrote no valid CGI header block");
    }

    @Test
    void requestHeadersOverTheLimitGet431AndAnOverlongRequestLineGets414() throws Exception {
        try (var http = new RawHttp(invoker.invoker.port())) {
            http.send("GET /fn/bystander HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
            String answer = http.readUntil("}");
            assertThat(answer).startsWith("HTTP/1.1 431").contains("application/problem+json");
            assertThat(answer).contains("the request headers are larger than this invoker accepts (8192 bytes in all)");
        }
        try (var http = new RawHttp(invoker.invoker.port())) {
            http.send("GET /fn/bystander?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = http.readUntil("}");
            assertThat(answer).containsPattern("^HTTP/1\\.[01] 414"); // Vert.x cannot tell the version here
            assertThat(answer).contains("the request line is longer than this invoker accepts (4096 bytes)");
        }
        assertBystanderAnswers();
    }

    @Test
    void aClientThatStopsHalfwayThroughItsHeadersIsClosedAtTheIdleTimeoutAndHoldsNoRun() throws Exception {
        start(SHORT_IDLE_TIMEOUT);
        try (var slow = new RawHttp(invoker.invoker.port())) {
            slow.send("GET /fn/bystander HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            assertBystanderAnswers();
            assertThat(invoker.scrape()).contains("sockeye_invocations_in_flight 0.0");

            // Nothing more is sent: the invoker closes the connection once it was idle for SHORT_IDLE_TIMEOUT.
            assertThat(slow.readUntil("never sent")).isEmpty();
        }
    }

    @Test
    void aClientThatStopsHalfwayThroughItsBodyIsClosedAtTheIdleTimeoutAndItsRunEnds() throws Exception {
        start(SHORT_IDLE_TIMEOUT);
        try (var slow = new RawHttp(invoker.invoker.port())) {
            slow.send("POST /fn/counter HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789");
            assertBystanderAnswers();

            slow.readUntil("never sent");
        }
        var record = awaitRecord("counter");
        assertThat(record.requestBytes()).isEqualTo(10);
        assertThat(invoker.scrape()).contains("sockeye_invocations_in_flight 0.0");
    }

    private CompletableFuture<HttpResponse<String>> async(String path) {
        return invoker.client.sendAsync(
                HttpRequest.newBuilder(invoker.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertBystanderAnswers() {
        var response = invoker.get("/fn/bystander");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("status\n");
    }

    private dev.sockeye.invoker.audit.InvocationRecord awaitRecord(String function) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            var record = invoker.audit.invocations().stream()
                    .filter(r -> r.function().equals(function))
                    .findFirst();
            if (record.isPresent()) {
                return record.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no invocation record of " + function);
    }

    private void awaitNoOpenSockets() throws InterruptedException {
        var stats = invoker.invoker.sandbox().networkStats();
        for (int i = 0; i < 500 && stats.openSockets() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(stats.openSockets()).as("guest sockets open after the run").isZero();
    }
}
