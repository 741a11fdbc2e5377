package dev.sockeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sockeye run}'s start-up cache (JDK 25's AOT cache): the first launch leaves a cache made by a training run
 * in the background, the next launch runs from it, and a cache the JVM cannot use changes nothing the user sees.
 */
class LauncherAotCacheTest {

    private static final Path REPO = Path.of(System.getProperty("repo.dir"));
    private static final Path HELLO = REPO.resolve("guests/bin/hello_wagi.wasm");

    @TempDir
    Path work;

    @Test
    void firstRunLeavesACacheThatTheNextRunStartsFrom() throws Exception {
        Path aot = work.resolve("aot");

        var first = launch(aot, Map.of());
        assertThat(first.stdout()).contains("hello from sockeye");
        assertThat(first.stderr()).isEmpty();
        assertThat(first.exitCode()).isZero();

        var caches = new AotCacheDirectory(aot, "run");
        Path cache = caches.awaitCache();
        assertThat(cache.getFileName().toString()).matches("run-[0-9a-f]{16}\\.aot");

        // AOTMode=on makes the JVM refuse to start unless it maps the cache the launcher names.
        var second = launch(aot, Map.of("SOCKEYE_JAVA_OPTS", "-XX:AOTMode=on"));
        assertThat(second.stderr()).isEmpty();
        assertThat(second.stdout()).contains("hello from sockeye");
        assertThat(second.exitCode()).isZero();
        assertThat(caches.caches()).containsExactly(cache);
    }

    @Test
    void anUnusableCacheIsIgnoredSilently() throws Exception {
        Path aot = work.resolve("aot");
        launch(aot, Map.of());
        Path cache = new AotCacheDirectory(aot, "run").awaitCache();
        Files.writeString(cache, "not an AOT cache");

        var run = launch(aot, Map.of());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).isEqualTo("Content-Type: text/plain\n\nhello from sockeye\n");
        assertThat(run.exitCode()).isZero();
    }

    private record Launch(int exitCode, String stdout, String stderr) {}

    private Launch launch(Path aot, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(List.of(REPO.resolve("sockeye").toString(), "run", HELLO.toString()));
        Map<String, String> environment = builder.environment();
        environment.putAll(Map.of(
                "SOCKEYE_PREBUILT", "1", // this build has just packaged the jars the launcher runs
                "SOCKEYE_AOT_DIR", aot.toString(),
                "SOCKEYE_HOME", work.resolve("home").toString(),
                "JAVA_HOME", System.getProperty("java.home")));
        environment.putAll(extraEnvironment);
        Process process = builder.start();
        process.getOutputStream().close();
        var stderr = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Launch(process.exitValue(), stdout, stderr.join());
    }
}
