package dev.sockeye.bench.invoker;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.sockets.GuestOptions;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * P1's two servers in one JVM, so that wrk compares them under the same JVM configuration: a raw Vert.x hello
 * handler on RAW_PORT and the invoker serving hello_wagi at /fn/hello on INVOKER_PORT, both with one server
 * instance per core. Before serving it measures instantiate and _start of hello_wagi on one thread, and the bytes
 * that thread allocates per instance; with a fourth argument {@code cold} it skips that measurement (which warms the
 * JIT), so that the first requests meet a cold JVM, as after a real start. {@code GET /allocated-bytes} on the raw
 * port answers the bytes the JVM's threads allocated so far.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.HelloServers guests/bin/hello_wagi.wasm 8081 8082 [cold]</pre>
 */
public final class HelloServers {
    /**
     * On the raw port: the bytes all threads of this JVM allocated so far, so that the script can divide what a round
     * of invoker requests allocated by their number (virtual threads' allocation counts on their carriers).
     */
    private static final String ALLOCATED_PATH = "/allocated-bytes";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HelloServers() {}

    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        int rawPort = Integer.parseInt(args[1]);
        int invokerPort = Integer.parseInt(args[2]);
        boolean cold = args.length > 3 && args[3].equals("cold");
        int instances = Runtime.getRuntime().availableProcessors();

        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(
                        () -> new AbstractVerticle() {
                            @Override
                            public void start() {
                                vertx.createHttpServer(new HttpServerOptions()
                                                .setPort(rawPort)
                                                .setTcpNoDelay(true))
                                        .requestHandler(request -> {
                                            if (request.path().equals(ALLOCATED_PATH)) {
                                                request.response()
                                                        .end(Long.toString(THREADS.getTotalThreadAllocatedBytes()));
                                                return;
                                            }
                                            request.response()
                                                    .putHeader("Content-Type", "text/plain")
                                                    .end("hello from sockeye\n");
                                        })
                                        .listen();
                            }
                        },
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .join();

        var invoker = helloInvoker(vertx, module, invokerPort);
        invoker.start();

        if (!cold) {
            measureInstantiation(invoker, module);
        }
        System.out.println("ready raw=" + rawPort + " invoker=" + invokerPort);
        new CountDownLatch(1).await();
    }

    /** An invoker (not started) serving {@code module} as function "hello" at /fn/hello on {@code port}. */
    static Invoker helloInvoker(Vertx vertx, byte[] module, int port) {
        var registry = new FunctionRegistry();
        registry.deploy(ServedFunction.of("hello", ServedVersion.of(module)));
        var config = InvokerConfig.builder()
                .port(port)
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .warmUp(warmUp())
                .build();
        return Invoker.builder(config, registry).vertx(vertx).build();
    }

    /**
     * The standalone invoker's start-up warm-up, or P1_WARM_UP_MS milliseconds of it (0: none), so that the
     * per-second ramp can be compared with and without.
     */
    private static java.time.Duration warmUp() {
        String millis = System.getenv("P1_WARM_UP_MS");
        return java.time.Duration.ofMillis(
                millis == null ? InvokerConfig.STANDALONE_WARM_UP_MILLIS : Long.parseLong(millis.strip()));
    }

    /**
     * Mean microseconds of Sandbox.instantiate and GuestInstance.start, after warm-up, and the bytes allocated per
     * instance (instantiate, _start, close), on one platform thread: the JVM counts allocation per platform thread.
     */
    private static void measureInstantiation(Invoker invoker, byte[] module) throws Exception {
        var sandbox = invoker.sandbox();
        var guest = invoker.modules().get(ServedVersion.of(module));
        var threads = THREADS;
        var thread = Thread.ofPlatform().start(() -> {
            for (int round = 0; round < 3; round++) {
                int runs = round < 2 ? 20_000 : 50_000;
                long instantiate = 0;
                long start = 0;
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < runs; i++) {
                    var out = new ByteArrayOutputStream();
                    var options = GuestOptions.builder()
                            .args("hello", List.of())
                            .stdout(out)
                            .limits(dev.sockeye.sockets.limits.SandboxLimits.DEFAULTS.withMaxMemoryPages(256))
                            .build();
                    long t0 = System.nanoTime();
                    var instance = invoker.sandbox().instantiate(guest, options);
                    long t1 = System.nanoTime();
                    instance.start();
                    long t2 = System.nanoTime();
                    instance.close();
                    instantiate += t1 - t0;
                    start += t2 - t1;
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                if (round == 2) {
                    System.out.printf(
                            "instantiate_us=%.2f start_us=%.2f allocated_bytes_per_instance=%d runs=%d%n",
                            instantiate / 1e3 / runs, start / 1e3 / runs, allocated / runs, runs);
                }
            }
        });
        thread.join();
        if (sandbox == null) {
            throw new IllegalStateException("no sandbox");
        }
    }
}
