package dev.sockeye.sockets.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.testing.FsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fs_garbage} calls every fd_* and path_* function 40 times with mixed valid and absurd arguments. Each call
 * must end in an errno chosen on purpose: no trap, no host exception (which {@link HostCall} would log and turn into
 * EIO), and nothing outside the preopen touched.
 */
class GarbageArgumentsTest {
    @TempDir
    Path temp;

    @Test
    void absurdArgumentsToEveryFileCallGiveErrnosAndNeverAHostFailure() throws IOException {
        Path data = Files.createDirectory(temp.resolve("data"));
        Path outside = Files.createDirectory(temp.resolve("escape"));
        Files.createDirectory(data.resolve("sub"));
        Files.writeString(data.resolve("f.txt"), "some content");
        Files.writeString(data.resolve("x"), "x");
        Files.writeString(outside.resolve("keep.txt"), "untouched");
        var hostFailures = new ArrayList<LogRecord>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                hostFailures.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger hostCallLog = Logger.getLogger(HostCall.class.getName());
        hostCallLog.addHandler(capture);
        GuestOutcome outcome;
        try {
            outcome = FsProbe.sandbox()
                    .run(
                            FsProbe.compiled("fs_garbage"),
                            GuestOptions.builder().preopen(data, "/data", false).build());
        } finally {
            hostCallLog.removeHandler(capture);
        }

        assertThat(outcome).isEqualTo(new GuestOutcome(GuestOutcome.Kind.EXITED, 0, ""));
        assertThat(hostFailures)
                .extracting(record -> record.getMessage() + " " + record.getThrown())
                .isEmpty();
        try (Stream<Path> outsideEntries = Files.list(outside)) {
            assertThat(outsideEntries).containsExactly(outside.resolve("keep.txt"));
        }
        assertThat(Files.readString(outside.resolve("keep.txt"))).isEqualTo("untouched");
    }

    @Test
    void aReadOnlyPreopenIsUnchangedByAbsurdArguments() throws IOException {
        Path data = Files.createDirectory(temp.resolve("data"));
        Files.createDirectory(data.resolve("sub"));
        Files.writeString(data.resolve("f.txt"), "some content");
        Files.writeString(data.resolve("x"), "x");

        var outcome = FsProbe.sandbox()
                .run(
                        FsProbe.compiled("fs_garbage"),
                        GuestOptions.builder().preopen(data, "/data", true).build());

        assertThat(outcome.kind()).isEqualTo(GuestOutcome.Kind.EXITED);
        try (Stream<Path> entries = Files.list(data)) {
            assertThat(entries.map(entry -> entry.getFileName().toString()))
                    .containsExactlyInAnyOrder("sub", "f.txt", "x");
        }
        assertThat(Files.readString(data.resolve("f.txt"))).isEqualTo("some content");
        assertThat(Files.readString(data.resolve("x"))).isEqualTo("x");
        assertThat(List.of(data.resolve("sub").toFile().list())).isEmpty();
    }
}
