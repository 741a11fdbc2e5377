package dev.sockeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The launcher's AOT cache directory ({@code SOCKEYE_AOT_DIR}): its caches and its background training's log. */
record AotCacheDirectory(Path directory, String command) {

    /** How long the background training may take on a loaded machine before a test gives up (not a timing check). */
    private static final Duration TRAINING_DEADLINE = Duration.ofMinutes(10);

    /** Waits for the training to end and returns the one cache it left for {@link #command}. */
    Path awaitCache() throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(TRAINING_DEADLINE);
        while (Instant.now().isBefore(giveUp)) {
            // "wrote" is the training's last step, so the temporary directory is the test's again afterwards.
            String log = trainingLog();
            if (log.contains(" wrote ") || log.contains(" training failed")) {
                List<Path> caches = caches();
                assertThat(caches).as("train.log:\n%s", log).hasSize(1);
                return caches.getFirst();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no AOT cache after " + TRAINING_DEADLINE + "; train.log:\n" + trainingLog());
    }

    /** The cache files of {@link #command} ({@code COMMAND-KEY.aot}). */
    List<Path> caches() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith(command + "-"))
                    .filter(file -> file.getFileName().toString().endsWith(".aot"))
                    .toList();
        }
    }

    private String trainingLog() throws IOException {
        Path log = directory.resolve("train.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }
}
