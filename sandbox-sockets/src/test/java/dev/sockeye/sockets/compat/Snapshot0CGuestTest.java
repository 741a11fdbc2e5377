package dev.sockeye.sockets.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.testing.Guests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C guest compiled against {@code wasi_unstable} only (guests/c/snapshot0_cat.c): snapshot 0's whence numbers and
 * 56-byte filestat, as a program built with an older wasi-libc uses them, on Sockeye's one fd table.
 */
class Snapshot0CGuestTest {

    @TempDir
    Path data;

    @Test
    void aCGuestImportingOnlyWasiUnstableReadsAFileWithSnapshot0Layouts() throws Exception {
        byte[] wasm = Guests.bytes("snapshot0_cat");
        assertThat(Sandbox.inspect(wasm).imports()).allMatch(name -> name.startsWith("wasi_unstable."));
        Files.writeString(data.resolve("data.txt"), "snapshot zero");
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();

        GuestOutcome outcome;
        try (var sandbox = Sandbox.builder().build();
                var instance = sandbox.instantiate(
                        sandbox.compile(wasm),
                        GuestOptions.builder()
                                .args("snapshot0_cat", List.of("data.txt"))
                                .preopen(data, "/data", true)
                                .stdout(stdout)
                                .stderr(stderr)
                                .build())) {
            outcome = instance.start();
        }

        assertThat(outcome.exitCode())
                .as(stderr.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("size=13 stat=13 text=snapshot zero\n");
    }
}
