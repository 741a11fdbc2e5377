package dev.sockeye.bench.invoker;

import dev.sockeye.sockets.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 15 #4: how long an upload spends validating a large module ({@link Sandbox#inspect}, what the platform's
 * upload runs: parse, feature scan, link check). The first inspection runs on a cold JVM, as the first upload after
 * a start does (the platform warms the engine with a tiny module first: so does this); the rest show the steady
 * state. Target: under 2 s for a 13 MB module.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.LargeModule big.wasm warm.wasm [repeats]</pre>
 */
public final class LargeModule {
    private LargeModule() {}

    public static void main(String[] args) throws Exception {
        byte[] module = Files.readAllBytes(Path.of(args[0]));
        Sandbox.inspect(Files.readAllBytes(Path.of(args[1])));
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("module_bytes=%d%n", module.length);
        for (int i = 0; i <= repeats; i++) {
            long started = System.nanoTime();
            var inspection = Sandbox.inspect(module);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf(
                    "inspect=%s ms=%d functions=%d unsupported=%d%n",
                    i == 0 ? "first" : "again",
                    millis,
                    inspection.functionCount(),
                    inspection.unsupportedFeatures().size());
        }
    }
}
