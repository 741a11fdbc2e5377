package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The prebuilt guest modules (guests/bin), found through {@code -Dsockeye.guests.dir} as the run scripts set it, and
 * how a benchmark runs one.
 */
final class BenchGuests {
    private BenchGuests() {}

    static byte[] bytes(String name) {
        Path directory = Path.of(System.getProperty("sockeye.guests.dir", "guests/bin"));
        try {
            return Files.readAllBytes(directory.resolve(name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException("guest " + name + " not found under " + directory.toAbsolutePath(), e);
        }
    }

    /**
     * Runs {@code guest} with {@code options} on a virtual thread (its socket calls block) and returns its stdout;
     * fails if it runs longer than {@code timeoutSeconds} or exits with anything but 0.
     */
    static String run(Sandbox sandbox, CompiledGuest guest, GuestOptions.Builder options, long timeoutSeconds) {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        GuestOptions built = options.stdout(stdout).stderr(stderr).build();
        var outcome = new AtomicReference<GuestOutcome>();
        Thread thread = Thread.ofVirtual().start(() -> outcome.set(sandbox.run(guest, built)));
        try {
            if (!thread.join(Duration.ofSeconds(timeoutSeconds))) {
                thread.interrupt();
                throw new IllegalStateException("guest did not finish in " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the guest ran", e);
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        if (outcome.get() == null || outcome.get().exitCode() != 0) {
            throw new IllegalStateException("guest failed: " + outcome.get() + " stdout=" + out + " stderr="
                    + stderr.toString(StandardCharsets.UTF_8));
        }
        return out;
    }
}
