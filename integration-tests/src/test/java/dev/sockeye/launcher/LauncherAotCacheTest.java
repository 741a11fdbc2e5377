package dev.sockeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sockeye run}'s start-up cache (JDK 25's AOT cache): the first launch leaves a cache made by a training run
 * in the background, the next launch runs from it, and a cache the JVM cannot use changes nothing the user sees.
 */
class LauncherAotCacheTest {

    private static final Path REPO = Path.of(System.getProperty("repo.dir"));
    private static final Path HELLO = REPO.resolve("guests/bin/hello_wagi.wasm");
    /** How long the background training may take on a loaded machine before the test gives up (not a timing check). */
    private static final Duration TRAINING_DEADLINE = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void firstRunLeavesACacheThatTheNextRunStartsFrom() throws Exception {
        Path aot = work.resolve("aot");

        var first = launch(aot, Map.of());
        assertThat(first.stdout()).contains("hello from sockeye");
        assertThat(first.stderr()).isEmpty();
        assertThat(first.exitCode()).isZero();

        Path cache = awaitCache(aot);
        assertThat(cache.getFileName().toString()).matches("run-[0-9a-f]{16}\\.aot");

        // AOTMode=on makes the JVM refuse to start unless it maps the cache the launcher names.
        var second = launch(aot, Map.of("SOCKEYE_JAVA_OPTS", "-XX:AOTMode=on"));
        assertThat(second.stderr()).isEmpty();
        assertThat(second.stdout()).contains("hello from sockeye");
        assertThat(second.exitCode()).isZero();
        assertThat(cachesIn(aot)).containsExactly(cache);
    }

    @Test
    void anUnusableCacheIsIgnoredSilently() throws Exception {
        Path aot = work.resolve("aot");
        launch(aot, Map.of());
        Path cache = awaitCache(aot);
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

    private static Path awaitCache(Path aot) throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(TRAINING_DEADLINE);
        while (Instant.now().isBefore(giveUp)) {
            // "wrote" is the training's last step, so the temporary directory is the test's again afterwards.
            String log = trainingLog(aot);
            if (log.contains(" wrote ") || log.contains(" training failed")) {
                List<Path> caches = cachesIn(aot);
                assertThat(caches).as("train.log:\n%s", log).hasSize(1);
                return caches.getFirst();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no AOT cache after " + TRAINING_DEADLINE + "; train.log:\n" + trainingLog(aot));
    }

    private static List<Path> cachesIn(Path aot) throws IOException {
        if (!Files.isDirectory(aot)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(aot)) {
            return files.filter(file -> file.getFileName().toString().startsWith("run-"))
                    .filter(file -> file.getFileName().toString().endsWith(".aot"))
                    .toList();
        }
    }

    private static String trainingLog(Path aot) throws IOException {
        Path log = aot.resolve("train.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }
}
