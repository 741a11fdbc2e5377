package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.modules.ModuleCache;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.invoker.testing.Guests;
import dev.sockeye.sockets.DiskCompileCache;
import dev.sockeye.sockets.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCacheTest {
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** A version whose byte supplier counts how often it is asked (once per real compile). */
    private static ServedVersion counting(String guest, AtomicInteger loads) {
        byte[] module = Guests.bytes(guest);
        return new ServedVersion(
                ServedVersion.sha256(module),
                () -> {
                    loads.incrementAndGet();
                    return module;
                },
                List.of(),
                Map.of(),
                Map.of(),
                null,
                0);
    }

    @Test
    void hundredConcurrentRequestsForOneModuleCompileItOnce() throws Exception {
        var compiles = new AtomicInteger();
        var cache = new ModuleCache(sandbox, null, 64L << 20, Long.MAX_VALUE, duration -> compiles.incrementAndGet());
        var loads = new AtomicInteger();
        var version = counting("wagi_probe", loads);
        var start = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 100; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return cache.get(version);
                }));
            }
            start.countDown();
            var first = results.getFirst().get();
            for (var result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        }
        assertThat(compiles).hasValue(1);
        assertThat(loads).hasValue(1);
        assertThat(cache.compilations()).isEqualTo(1);
    }

    @Test
    void largeModuleRunsInterpretedAtOnceWhileItCompilesInTheBackground() throws Exception {
        var compiled = new CountDownLatch(1);
        var cache = new ModuleCache(sandbox, null, 64L << 20, 0, duration -> compiled.countDown());
        var version = ServedVersion.of(Guests.bytes("wagi_probe"));

        var first = cache.get(version);
        var out = new java.io.ByteArrayOutputStream();
        sandbox.run(
                first,
                dev.sockeye.sockets.GuestOptions.builder()
                        .args("p", List.of("status", "202"))
                        .stdout(out)
                        .build());
        assertThat(out.toString()).startsWith("Status: 202");

        assertThat(compiled.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        var deadline = System.nanoTime() + 5_000_000_000L;
        while (cache.get(version) == first && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(cache.get(version)).isNotSameAs(first);
        assertThat(cache.compilations()).isEqualTo(1);
    }

    @Test
    void onlyACachedModuleThatImportsNoEnvironCallIsKnownNotToReadItsEnvironment() {
        var cache = new ModuleCache(sandbox, null, 64L << 20, Long.MAX_VALUE, duration -> {});
        var hello = ServedVersion.of(Guests.bytes("hello_wagi")); // fputs only
        var probe = ServedVersion.of(Guests.bytes("wagi_probe")); // imports environ_get and environ_sizes_get

        assertThat(cache.knownNotToReadEnvironment(hello.moduleSha256()))
                .as("not cached yet")
                .isFalse();
        assertThat(cache.get(hello).readsEnvironment()).isFalse();
        assertThat(cache.get(probe).readsEnvironment()).isTrue();
        assertThat(cache.knownNotToReadEnvironment(hello.moduleSha256())).isTrue();
        assertThat(cache.knownNotToReadEnvironment(probe.moduleSha256())).isFalse();
    }

    @Test
    void leastRecentlyUsedModulesLeaveWhenTheByteBudgetIsExceeded() {
        long hello = Guests.bytes("hello_wagi").length;
        long probe = Guests.bytes("wagi_probe").length;
        long files = Guests.bytes("files").length;
        // Room for all but one byte of the three: adding the third evicts exactly the least recently used.
        var cache = new ModuleCache(sandbox, null, hello + probe + files - 1, Long.MAX_VALUE, duration -> {});
        var helloVersion = ServedVersion.of(Guests.bytes("hello_wagi"));
        var probeVersion = ServedVersion.of(Guests.bytes("wagi_probe"));
        var filesVersion = ServedVersion.of(Guests.bytes("files"));

        cache.get(helloVersion);
        cache.get(probeVersion);
        cache.get(helloVersion); // hello is now the most recently used
        cache.get(filesVersion);

        assertThat(cache.contains(helloVersion.moduleSha256())).isTrue();
        assertThat(cache.contains(probeVersion.moduleSha256())).isFalse();
        assertThat(cache.contains(filesVersion.moduleSha256())).isTrue();
        assertThat(cache.cachedBytes()).isEqualTo(hello + files);
    }

    @Test
    void compiledClassesOnDiskSurviveARestart(@TempDir Path dir) throws Exception {
        var version = ServedVersion.of(Guests.bytes("wagi_probe"));
        var firstRun = new ModuleCache(sandbox, new DiskCompileCache(dir), 64L << 20, Long.MAX_VALUE, duration -> {});
        firstRun.get(version);
        var disk = new DiskCompileCache(dir);
        try (var files = Files.list(disk.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("sockeye-v3-sha-256-" + version.moduleSha256() + ".classes");
        }
        assertThat(disk.directory().getFileName().toString()).isEqualTo("chicory-1.7.5");

        // A new process: empty memory cache, same directory. Loading the jar beats compiling again.
        var durations = new java.util.ArrayList<Duration>();
        var restarted = new ModuleCache(sandbox, disk, 64L << 20, Long.MAX_VALUE, durations::add);
        var guest = restarted.get(version);
        var out = new java.io.ByteArrayOutputStream();
        sandbox.run(
                guest,
                dev.sockeye.sockets.GuestOptions.builder()
                        .args("p", List.of("status", "201"))
                        .stdout(out)
                        .build());
        assertThat(out.toString()).startsWith("Status: 201");
        assertThat(durations).hasSize(1);
    }

    @Test
    void theCacheCountsTheFunctionsItsCompiledModulesLeaveToTheInterpreter() {
        var cache = new ModuleCache(sandbox, null, 64L << 20, Long.MAX_VALUE, duration -> {});
        cache.get(counting("wagi_probe", new AtomicInteger()));
        assertThat(cache.interpretedFunctions()).isZero();

        // one function too big for a JVM method that, holding SIMD, is not split: the interpreter runs it
        cache.get(counting("huge_function_simd", new AtomicInteger()));

        assertThat(cache.interpretedFunctions()).isEqualTo(1);
    }
}
