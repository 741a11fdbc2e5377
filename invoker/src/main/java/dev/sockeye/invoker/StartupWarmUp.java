package dev.sockeye.invoker;

import dev.sockeye.invoker.audit.InMemoryInvocationAudit;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.sockets.GuestOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The invoker's start-up warm-up ({@link InvokerConfig#warmUp}). A fresh JVM serves its first seconds of requests
 * several times slower than later ones: Vert.x, the invoker's request path and the sandbox run in the bytecode
 * interpreter until the JIT has compiled them, and the first request of a module also waits for its compilation.
 * So before the invoker listens:
 * <ol>
 *   <li>a second invoker on the same Vert.x and sandbox, bound to an ephemeral loopback port and serving only the
 *       built-in hello guest (hello_wagi), is sent {@value #REQUESTS} keep-alive requests over real HTTP (fewer
 *       if the time runs out first): the same classes a client request runs, from the socket to the guest's
 *       {@code _start} and back, enough times for the JIT's thresholds. It has its own registry, audit and meter
 *       registry, so nothing of it shows among the invoker's invocations, metrics or audit; it is closed
 *       afterwards;</li>
 *   <li>the JIT is left to work off its queue without load (on two cores under load its optimising compiles wait
 *       seconds for a core): until compilation takes less than a tenth of the wall time, or the time is up;</li>
 *   <li>the modules of the functions already deployed are compiled (within the module cache's budget) and
 *       instantiated a few times from their template. No user code runs: instantiating applies globals, tables
 *       and data segments but runs neither {@code _start} nor a start function.</li>
 * </ol>
 */
final class StartupWarmUp {
    private static final System.Logger LOG = System.getLogger(StartupWarmUp.class.getName());
    /** The built-in guest, copied from guests/bin into the invoker's classes by the build. */
    static final String GUEST_RESOURCE = "warm-up/hello_wagi.wasm";
    /** Its function name and route in the warm-up invoker (never in the real one). */
    private static final String FUNCTION = "sockeye-warm-up";
    /** Requests in flight at once: enough to keep both event loops and the carriers busy, as clients would. */
    private static final int CONNECTIONS_PER_CORE = 8;
    /**
     * Warm-up requests: hot methods reach the optimising JIT after about 15,000 calls, and the request path's run
     * once per request.
     */
    static final int REQUESTS = 20_000;
    /** The share of the warm-up's time the requests may take; the JIT's queue gets the rest. */
    private static final double REQUESTS_SHARE = 0.7;
    /** How often the JIT's progress is looked at while it works off its queue. */
    private static final Duration SETTLE_TICK = Duration.ofMillis(100);
    /** Instances built from each deployed module's template: its first goes through Chicory's builder. */
    private static final int INSTANCES_PER_MODULE = 200;

    private final InvokerRuntime runtime;

    StartupWarmUp(InvokerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Runs the steps; a failure of one is logged and ends that step, the invoker starts regardless. */
    void run() {
        long started = System.nanoTime();
        long deadline = started + runtime.config().warmUp().toNanos();
        long requests = 0;
        try {
            requests = serveBuiltInGuest(
                    started + (long) (runtime.config().warmUp().toNanos() * REQUESTS_SHARE));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=warm-up-failed step=requests error=\"{0}\"", e.getMessage());
        }
        long requestsMillis = (System.nanoTime() - started) / 1_000_000;
        int modules = prepareDeployedModules();
        long settleStarted = System.nanoTime();
        settle(deadline);
        LOG.log(
                System.Logger.Level.INFO,
                "event=invoker-warmed requests={0} requests-ms={1} modules={2} jit-settle-ms={3} ms={4}",
                String.valueOf(requests),
                String.valueOf(requestsMillis),
                modules,
                String.valueOf((System.nanoTime() - settleStarted) / 1_000_000),
                String.valueOf((System.nanoTime() - started) / 1_000_000));
    }

    /** Waits until the JIT is nearly idle (under a tenth of the wall time compiling) or the deadline. */
    private static void settle(long deadlineNanos) {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long compiling = jit.getTotalCompilationTime();
        while (System.nanoTime() + SETTLE_TICK.toNanos() <= deadlineNanos) {
            try {
                Thread.sleep(SETTLE_TICK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime(); // milliseconds, summed over the compiler threads
            if (now - compiling < SETTLE_TICK.toMillis() / 10) {
                return;
            }
            compiling = now;
        }
    }

    /** The requests answered 200 by an invoker of its own on a loopback port, until {@link #REQUESTS} or the deadline. */
    private long serveBuiltInGuest(long deadlineNanos) {
        var registry = new FunctionRegistry();
        registry.deploy(ServedFunction.of(FUNCTION, ServedVersion.of(builtInGuest())));
        var config = runtime.config().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .metricsPath(null)
                .warmUp(Duration.ZERO)
                .build();
        var vertx = runtime.vertx();
        try (var warmUpInvoker = Invoker.builder(config, registry)
                .vertx(vertx)
                .sandbox(runtime.sandbox())
                .meters(new SimpleMeterRegistry())
                .audit(new InMemoryInvocationAudit(16))
                .warmUpOnly()
                .build()) {
            int port = warmUpInvoker.start();
            int connections =
                    CONNECTIONS_PER_CORE * Math.max(1, Runtime.getRuntime().availableProcessors());
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setDefaultHost("127.0.0.1")
                            .setDefaultPort(port)
                            .setKeepAlive(true)
                            .setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections));
            try {
                return load(client, connections, deadlineNanos);
            } finally {
                client.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    /** Keeps {@code connections} requests in flight until the deadline; the first failure ends the warm-up. */
    private static long load(HttpClient client, int connections, long deadlineNanos) {
        var answered = new AtomicLong();
        var failure = new AtomicReference<String>();
        var done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            next(client, deadlineNanos, answered, failure, done);
        }
        try {
            if (!done.await(
                    Math.max(0, deadlineNanos - System.nanoTime()) + TimeUnit.SECONDS.toNanos(10),
                    TimeUnit.NANOSECONDS)) {
                failure.compareAndSet(null, "requests did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, "interrupted");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return answered.get();
    }

    private static void next(
            HttpClient client,
            long deadlineNanos,
            AtomicLong answered,
            AtomicReference<String> failure,
            CountDownLatch done) {
        if (failure.get() != null || System.nanoTime() >= deadlineNanos) {
            done.countDown();
            return;
        }
        client.request(HttpMethod.GET, "/fn/" + FUNCTION)
                .compose(request -> request.send())
                .compose(response -> response.body()
                        .compose(body -> response.statusCode() == 200
                                ? Future.succeededFuture()
                                : Future.failedFuture(
                                        "the built-in guest answered " + response.statusCode() + ": " + body)))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        answered.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, result.cause().getMessage());
                    }
                    next(client, deadlineNanos, answered, failure, done);
                });
    }

    /**
     * Compiles the deployed functions' modules, as long as they fit the module cache, and builds a few instances of
     * each from its template (nothing of the guest runs); returns how many modules it prepared.
     */
    private int prepareDeployedModules() {
        var config = runtime.config();
        long budget = config.moduleCacheBytes();
        int prepared = 0;
        for (ServedFunction function : runtime.registry().snapshot().functions().values()) {
            ServedVersion version = function.version();
            if (runtime.modules().contains(version.moduleSha256())) {
                continue;
            }
            try {
                long size = version.moduleBytes().get().length;
                if (size > budget) {
                    break; // more would only evict what this warm-up compiled
                }
                budget -= size;
                var guest = runtime.modules().get(version);
                var options = GuestOptions.builder()
                        .args(function.name(), version.args())
                        .limits(function.sandboxLimits(config.sandboxLimits()))
                        .build();
                for (int i = 0; i < INSTANCES_PER_MODULE; i++) {
                    runtime.sandbox().instantiate(guest, options).close();
                }
                prepared++;
            } catch (RuntimeException e) {
                // Its first request reports the same error to the client; here it only ends this module's warm-up.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "event=warm-up-failed step=module function={0} error=\"{1}\"",
                        function.name(),
                        e.getMessage());
            }
        }
        return prepared;
    }

    private static byte[] builtInGuest() {
        try (InputStream in = StartupWarmUp.class.getResourceAsStream(GUEST_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in warm-up guest " + GUEST_RESOURCE + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
