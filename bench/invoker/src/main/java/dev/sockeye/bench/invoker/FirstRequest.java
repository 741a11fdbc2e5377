package dev.sockeye.bench.invoker;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * P4: how long the first request after an upload takes when the module must be compiled, when its compiled
 * classes are on disk (a restarted invoker), and when it is compiled in memory already.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.FirstRequest big.wasm /tmp/cache-dir</pre>
 */
public final class FirstRequest {
    private FirstRequest() {}

    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        Path cacheDir = Files.createDirectories(Path.of(args[1]));
        var client = HttpClient.newHttpClient();
        System.out.printf("module_bytes=%d%n", module.length);
        // Warm the HTTP path with a tiny guest so the first big request measures the module, not the JVM.
        byte[] hello = Files.readAllBytes(Path.of(args[2]));

        for (String phase : new String[] {"compile", "disk-cache"}) {
            var registry = new FunctionRegistry();
            registry.deploy(ServedFunction.of("hello", ServedVersion.of(hello)));
            var config = InvokerConfig.builder()
                    .port(0)
                    .host("127.0.0.1")
                    .compileCacheDir(cacheDir)
                    .moduleCacheBytes(256L << 20)
                    .build();
            try (var invoker = Invoker.builder(config, registry).build()) {
                int port = invoker.start();
                for (int i = 0; i < 200; i++) {
                    get(client, port, "/fn/hello");
                }
                // "Upload": the function appears in the registry, as the platform or the store feed would do it.
                registry.deploy(ServedFunction.of("big", ServedVersion.of(module)));
                long started = System.nanoTime();
                var first = get(client, port, "/fn/big");
                long firstMicros = (System.nanoTime() - started) / 1000;
                // A module interpreted on its first request compiles in the background: wait for it (and for it to
                // reach the disk cache, which the "restart" phase reads) before timing cached requests.
                while (invoker.modules().compilations() < 2) {
                    Thread.sleep(20);
                }
                long compiledAfterMs = (System.nanoTime() - started) / 1_000_000;
                long cachedBest = Long.MAX_VALUE;
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    get(client, port, "/fn/big");
                    cachedBest = Math.min(cachedBest, (System.nanoTime() - t) / 1000);
                }
                long t = System.nanoTime();
                get(client, port, "/fn/big");
                long secondMicros = (System.nanoTime() - t) / 1000;
                System.out.printf(
                        "phase=%s status=%d first_request_ms=%.1f cached_request_ms=%.2f"
                                + " cached_best_ms=%.2f compiled_after_ms=%d%n",
                        phase,
                        first.statusCode(),
                        firstMicros / 1e3,
                        secondMicros / 1e3,
                        cachedBest / 1e3,
                        compiledAfterMs);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
