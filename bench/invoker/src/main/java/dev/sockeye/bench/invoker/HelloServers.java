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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * P1's two servers in one JVM, so that wrk compares them under the same JVM configuration: a raw Vert.x hello
 * handler on RAW_PORT and the invoker serving hello_wagi at /fn/hello on INVOKER_PORT, both with one server
 * instance per core. Before serving it measures instantiate and _start of hello_wagi on one thread.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.HelloServers guests/bin/hello_wagi.wasm 8081 8082</pre>
 */
public final class HelloServers {
    private HelloServers() {}

    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        int rawPort = Integer.parseInt(args[1]);
        int invokerPort = Integer.parseInt(args[2]);
        int instances = Runtime.getRuntime().availableProcessors();

        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(
                        () -> new AbstractVerticle() {
                            @Override
                            public void start() {
                                vertx.createHttpServer(new HttpServerOptions()
                                                .setPort(rawPort)
                                                .setTcpNoDelay(true))
                                        .requestHandler(request -> request.response()
                                                .putHeader("Content-Type", "text/plain")
                                                .end("hello from sockeye\n"))
                                        .listen();
                            }
                        },
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .join();

        var registry = new FunctionRegistry();
        registry.deploy(ServedFunction.of("hello", ServedVersion.of(module)));
        var config = InvokerConfig.builder()
                .port(invokerPort)
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .build();
        var invoker = Invoker.builder(config, registry).vertx(vertx).build();
        invoker.start();

        measureInstantiation(invoker, module);
        System.out.println("ready raw=" + rawPort + " invoker=" + invokerPort);
        new CountDownLatch(1).await();
    }

    /** Mean microseconds of Sandbox.instantiate and GuestInstance.start, after warm-up, on one virtual thread. */
    private static void measureInstantiation(Invoker invoker, byte[] module) throws Exception {
        var sandbox = invoker.sandbox();
        var guest = invoker.modules().get(ServedVersion.of(module));
        var thread = Thread.ofVirtual().start(() -> {
            for (int round = 0; round < 3; round++) {
                int runs = round < 2 ? 20_000 : 50_000;
                long instantiate = 0;
                long start = 0;
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
                if (round == 2) {
                    System.out.printf(
                            "instantiate_us=%.2f start_us=%.2f runs=%d%n",
                            instantiate / 1e3 / runs, start / 1e3 / runs, runs);
                }
            }
        });
        thread.join();
        if (sandbox == null) {
            throw new IllegalStateException("no sandbox");
        }
    }
}
