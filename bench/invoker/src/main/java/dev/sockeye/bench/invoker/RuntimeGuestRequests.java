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
 * P7: sequential requests to a large module (bench/p7/gen-runtime-guest.py) served as a WAGI function, timed from
 * the request sent to the response read, once the module is compiled in memory. Prints one line per request.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.RuntimeGuestRequests runtime.wasm CACHE_DIR REQUESTS [WARMUP]</pre>
 *
 * The compile cache in CACHE_DIR lets a later run load the compiled classes instead of compiling again.
 */
public final class RuntimeGuestRequests {
    private RuntimeGuestRequests() {}

    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        Path cacheDir = Files.createDirectories(Path.of(args[1]));
        int requests = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        var client = HttpClient.newHttpClient();
        var registry = new FunctionRegistry();
        registry.deploy(ServedFunction.of("runtime", ServedVersion.of(module)));
        var config = InvokerConfig.builder()
                .port(0)
                .host("127.0.0.1")
                .compileCacheDir(cacheDir)
                .moduleCacheBytes(512L << 20)
                // Compiled before the first request runs, rather than interpreted meanwhile: the whole module in
                // Chicory's interpreter takes longer than the function timeout (10 s) even at SCALE 0.2.
                .interpretAboveBytes(Long.MAX_VALUE)
                .build();
        try (var invoker = Invoker.builder(config, registry).build()) {
            int port = invoker.start();
            // Compiled (or loaded from the cache) before any request: a connection idle for the minute that compiling
            // takes on a loaded machine is closed by the invoker's idle timeout.
            long started = System.nanoTime();
            invoker.modules().get(registry.snapshot().function("runtime").version());
            long compileMillis = (System.nanoTime() - started) / 1_000_000;
            var first = get(client, port);
            if (first.statusCode() != 200) {
                throw new IllegalStateException("first request: " + first.statusCode() + " " + first.body());
            }
            System.out.printf(
                    "module_bytes=%d compile_ms=%d interpreted_functions=%s body=%s%n",
                    module.length,
                    compileMillis,
                    invoker.modules().interpretedFunctions(ServedVersion.sha256(module)),
                    first.body().strip());
            for (int i = 0; i < warmup; i++) {
                get(client, port);
            }
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                var response = get(client, port);
                long micros = (System.nanoTime() - t) / 1000;
                if (response.statusCode() != 200 || !response.body().equals(first.body())) {
                    throw new IllegalStateException(
                            "request " + i + ": " + response.statusCode() + " " + response.body());
                }
                System.out.printf("request_ms=%.2f%n", micros / 1e3);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fn/runtime"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
