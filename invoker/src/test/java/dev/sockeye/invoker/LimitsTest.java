package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.testing.ReplyServer;
import dev.sockeye.invoker.testing.RunningInvoker;
import dev.sockeye.store.functions.FunctionLimits;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void requestsOverTheCapWaitInTheQueueThenGet503WithRetryAfter() throws Exception {
        var config = InvokerConfig.builder()
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .globalConcurrency(2)
                .queueCapacity(2)
                .queueWait(Duration.ofMillis(300))
                .build();
        try (var invoker = new RunningInvoker(config)) {
            invoker.probe("slow", "slow", "1500");
            invoker.get("/fn/slow"); // compiled before the burst
            var responses = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 6; i++) {
                responses.add(invoker.client.sendAsync(
                        HttpRequest.newBuilder(invoker.uri("/fn/slow")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            var statuses = new ArrayList<Integer>();
            for (var response : responses) {
                var answered = response.get();
                statuses.add(answered.statusCode());
                if (answered.statusCode() == 503) {
                    assertThat(answered.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(answered.body()).contains("function slow is at capacity");
                }
            }
            // Two run, two wait 300 ms in the queue and give up, two find the queue full.
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(2);
            assertThat(statuses).filteredOn(s -> s == 503).hasSize(4);
            assertThat(invoker.scrape())
                    .contains("sockeye_invocations_total{function=\"slow\",status=\"503\"} 4.0")
                    .contains("sockeye_queue_depth 0.0");
        }
    }

    @Test
    void runsInProgressAreTheInFlightGaugeAnAutoscalerReads() throws Exception {
        try (var invoker = new RunningInvoker()) {
            invoker.probe("slow", "slow", "1500");
            assertThat(invoker.scrape()).contains("sockeye_invocations_in_flight 0.0");
            var running = invoker.client.sendAsync(
                    HttpRequest.newBuilder(invoker.uri("/fn/slow")).build(), HttpResponse.BodyHandlers.ofString());
            // The run takes 1.5 s, so this ends either way: read 1 while it runs, or the check below fails.
            while (!invoker.scrape().contains("sockeye_invocations_in_flight 1.0") && !running.isDone()) {
                Thread.sleep(10);
            }
            assertThat(running.isDone())
                    .as("the run ended before the gauge read 1")
                    .isFalse();
            assertThat(running.get().statusCode()).isEqualTo(200);
            assertThat(invoker.scrape())
                    .contains("sockeye_invocations_in_flight 0.0")
                    .contains("sockeye_registry_live 1.0");
        }
    }

    @Test
    void perFunctionConcurrencyQueuesOnlyThatFunction() throws Exception {
        var config = InvokerConfig.builder()
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .globalConcurrency(10)
                .queueCapacity(10)
                .queueWait(Duration.ofSeconds(10))
                .build();
        try (var invoker = new RunningInvoker(config)) {
            invoker.registry.deploy(invoker.probe("single", "slow", "500")
                    .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                            .maxConcurrency(1)
                            .build()));
            invoker.probe("other", "status", "200");
            invoker.get("/fn/single");
            var first = invoker.client.sendAsync(
                    HttpRequest.newBuilder(invoker.uri("/fn/single")).build(), HttpResponse.BodyHandlers.ofString());
            var second = invoker.client.sendAsync(
                    HttpRequest.newBuilder(invoker.uri("/fn/single")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(invoker.get("/fn/other").statusCode()).isEqualTo(200);
            boolean singleStillBusy = !(first.isDone() && second.isDone());
            java.util.concurrent.CompletableFuture.anyOf(first, second).get();
            // With a concurrency of one, the queued request has not even started when the first one answers.
            boolean oneWaitedForTheOther = !(first.isDone() && second.isDone());
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(second.get().statusCode()).isEqualTo(200);

            assertThat(singleStillBusy)
                    .as("the other function was answered while single's queue waited")
                    .isTrue();
            assertThat(oneWaitedForTheOther).as("one after the other").isTrue();
        }
    }

    @Test
    void responseBodiesUpToTheLimitPassAndOneOverItGets502NamingTheLimit() throws Exception {
        try (var invoker = new RunningInvoker()) {
            var limit =
                    FunctionLimits.DEFAULTS.toBuilder().maxResponseBytes(4096L).build();
            invoker.registry.deploy(invoker.probe("fits", "big", "4096").withLimits(limit));
            invoker.registry.deploy(invoker.probe("overflows", "big", "4097").withLimits(limit));

            var fits = invoker.get("/fn/fits");
            var overflows = invoker.get("/fn/overflows");

            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.body()).hasSize(4096);
            assertThat(overflows.statusCode()).isEqualTo(502);
            assertThat(overflows.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(overflows.body())
                    .contains("function overflows wrote a response body over its limit of 4096 bytes");
            assertThat(invoker.audit.invocations()).anySatisfy(record -> {
                assertThat(record.function()).isEqualTo("overflows");
                assertThat(record.outcome()).isEqualTo("response-too-large");
                assertThat(record.responseBytes()).isZero();
            });
        }
    }

    @Test
    void aStreamedResponseThatOutgrowsTheLimitIsCutOffAndTheGuestStopped() throws Exception {
        try (var invoker = new RunningInvoker()) {
            // 64 KiB writes: the first ones go out to the client before the body reaches the 1 MiB limit.
            invoker.registry.deploy(invoker.probe("streams", "big", Long.toString(64L << 20))
                    .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                            .maxResponseBytes(1L << 20)
                            .build()));

            var response = invoker.client.send(
                    HttpRequest.newBuilder(invoker.uri("/fn/streams")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long received = 0;
            boolean cutOff = false;
            try (var body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = body.read(buffer)) > 0; ) {
                    received += read;
                }
            } catch (java.io.IOException reset) {
                cutOff = true;
            }

            assertThat(cutOff)
                    .as("the client sees a broken response, not a complete one")
                    .isTrue();
            assertThat(received).isLessThanOrEqualTo(1L << 20);
            awaitRecord(invoker, "streams");
            assertThat(invoker.audit.invocations()).anySatisfy(record -> {
                assertThat(record.outcome()).isEqualTo("response-too-large");
                assertThat(record.responseBytes()).isPositive().isLessThanOrEqualTo(1L << 20);
            });
        }
    }

    private static void awaitRecord(RunningInvoker invoker, String function) throws InterruptedException {
        for (int i = 0;
                i < 500
                        && invoker.audit.invocations().stream()
                                .noneMatch(r -> r.function().equals(function));
                i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void functionsSocketLimitRefusesSocketsBeyondIt() throws Exception {
        try (var invoker = new RunningInvoker();
                var server = new ReplyServer(1)) {
            var function = invoker.probe("nosockets", "dial");
            invoker.registry.deploy(function.withEgress(FunctionEgress.ALLOW_ALL)
                    .withLimits(
                            FunctionLimits.DEFAULTS.toBuilder().maxSockets(0).build())
                    .withVersion(function.version()
                            .withEnv(
                                    Map.of("PROBE_HOST", "127.0.0.1", "PROBE_PORT", Integer.toString(server.port())))));

            var response = invoker.get("/fn/nosockets");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(server.connections()).isZero();
            assertThat(invoker.audit.logLines())
                    .anySatisfy(line -> assertThat(line.line()).contains("errno="));
        }
    }

    @Test
    void thousandConcurrentGuestsWaitingOnSocketsAreAllAnsweredWithoutAThreadExplosion() throws Exception {
        int clients = 1000;
        var config = InvokerConfig.builder()
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .globalConcurrency(clients)
                .queueCapacity(100)
                .queueWait(Duration.ofSeconds(30))
                .build();
        try (var invoker = new RunningInvoker(config);
                var server = new ReplyServer(clients)) {
            var function = invoker.probe("parked", "dial");
            invoker.registry.deploy(function.withEgress(FunctionEgress.ALLOW_ALL)
                    .withLimits(FunctionLimits.DEFAULTS.toBuilder()
                            .maxConcurrency(clients)
                            .build())
                    .withVersion(function.version()
                            .withEnv(
                                    Map.of("PROBE_HOST", "127.0.0.1", "PROBE_PORT", Integer.toString(server.port())))));
            var threads = ManagementFactory.getThreadMXBean();
            int threadsBeforeTheLoad = threads.getThreadCount();
            var peakPlatformThreads = new AtomicInteger();
            var sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> peakPlatformThreads.accumulateAndGet(threads.getThreadCount(), Math::max),
                    0,
                    50,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            // One connection per request: a client executor of virtual threads keeps the test's own threads few.
            var client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            try {
                var responses = new ArrayList<CompletableFuture<HttpResponse<String>>>();
                for (int i = 0; i < clients; i++) {
                    responses.add(client.sendAsync(
                            HttpRequest.newBuilder(invoker.uri("/fn/parked"))
                                    .timeout(Duration.ofSeconds(90))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                int ok = 0;
                for (var response : responses) {
                    var answered = response.get();
                    if (answered.statusCode() == 200 && answered.body().startsWith("reply=pong ")) {
                        ok++;
                    }
                }
                assertThat(ok).isEqualTo(clients);
                assertThat(server.connections()).isEqualTo(clients);
            } finally {
                sampler.shutdownNow();
            }
            // Every guest sat on a socket at once (the server answered only when all 1,000 had connected), yet the
            // threads grew by no more than what the configuration sizes by cores: virtual-thread carriers (one per
            // core), event loops (two per core) and a few JVM and HTTP-client threads; not by the clients.
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(peakPlatformThreads.get()).isLessThanOrEqualTo(threadsBeforeTheLoad + 3 * cores + 16);
        }
    }
}
