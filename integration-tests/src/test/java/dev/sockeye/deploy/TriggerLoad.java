package dev.sockeye.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Continuous load with one request (by default a POST to a trigger URL): {@code workers} clients, each sending it
 * again as soon as it is answered (so at most {@code workers} requests are in flight at any moment), every request
 * recorded with when it started and ended (System.nanoTime) and how it ended.
 */
final class TriggerLoad implements AutoCloseable {

    /**
     * One request: its answer's status, body, Content-Type and Retry-After, or -1 and the exception; the invocation
     * id the trigger named.
     */
    record Outcome(
            long startedNanos,
            long endedNanos,
            int status,
            String body,
            String contentType,
            String retryAfter,
            String invocationId,
            String error) {
        boolean succeeded(String expectedBody) {
            return status == 200 && expectedBody.equals(body);
        }

        boolean startedAfter(long nanos) {
            return startedNanos - nanos > 0;
        }

        /** Started before {@code until} and ended after {@code from}: open at some moment between the two. */
        boolean inFlightDuring(long from, long until) {
            return startedNanos - until < 0 && endedNanos - from > 0;
        }
    }

    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int workers;
    private final Duration pause;
    private volatile boolean running = true;

    private TriggerLoad(int workers, Duration pause) {
        this.workers = workers;
        this.pause = pause;
    }

    static TriggerLoad start(String uri, int workers) {
        return start(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("load"))
                        .build(),
                workers);
    }

    /** Sends {@code request} over and over; its timeout bounds how long one may hang. */
    static TriggerLoad start(HttpRequest request, int workers) {
        return start(request, workers, Duration.ZERO);
    }

    /** Like {@link #start(HttpRequest, int)}, each worker waiting {@code pause} after each answer. */
    static TriggerLoad start(HttpRequest request, int workers, Duration pause) {
        var load = new TriggerLoad(workers, pause);
        // One connection per worker, HTTP/1.1 as a plain client to a load balancer.
        for (int i = 0; i < workers; i++) {
            var client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            load.threads.add(Thread.ofPlatform().name("trigger-load-" + i).start(() -> load.run(client, request)));
        }
        return load;
    }

    private void run(HttpClient client, HttpRequest request) {
        while (running) {
            long started = System.nanoTime();
            try {
                var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                outcomes.add(new Outcome(
                        started,
                        System.nanoTime(),
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.headers().firstValue("Sockeye-Invocation-Id").orElse(null),
                        null));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                outcomes.add(new Outcome(started, System.nanoTime(), -1, "", null, null, null, e.toString()));
            }
            if (pause.isPositive() && !pauseAfterRequest()) {
                return;
            }
        }
    }

    /** False if interrupted. */
    private boolean pauseAfterRequest() {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    int workers() {
        return workers;
    }

    /** What has been recorded so far. */
    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Waits until {@code count} requests that started after {@code nanos} succeeded. */
    void awaitSuccessesAfter(long nanos, int count, String expectedBody) throws InterruptedException {
        Await.until(count + " requests started later succeed", Await.CHANGE, () -> {
            long done = outcomes.stream()
                    .filter(o -> o.startedAfter(nanos) && o.succeeded(expectedBody))
                    .count();
            return done >= count ? Optional.of(done) : Optional.empty();
        });
    }

    /** Stops the workers after their current request and returns everything recorded. */
    List<Outcome> stop() throws InterruptedException {
        running = false;
        for (var thread : threads) {
            thread.join(Duration.ofSeconds(60));
        }
        return outcomes();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
