package dev.sockeye.sockets.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.testing.FsProbe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code files} guest (guests/c/files.c): a C program using files as applications do. Its
 * expected output is the one guests/README.md states.
 */
class FilesGuestTest {
    @TempDir
    Path data;

    @Test
    void filesGuestReadsWritesRenamesStatsMakesAndRemovesAndEchoesStdin() throws Exception {
        Files.writeString(data.resolve("in.txt"), "first line\n");
        var stdout = new ByteArrayOutputStream();

        GuestOutcome outcome = FsProbe.sandbox()
                .run(
                        FsProbe.compiled("files"),
                        GuestOptions.builder()
                                .args("files", List.of("one", "two words"))
                                .env("SOCKEYE_TEST", "42")
                                .preopen(data, "/data", false)
                                .stdin(new ByteArrayInputStream("typed\nbytes".getBytes(StandardCharsets.UTF_8)))
                                .stdout(stdout)
                                .build());

        assertThat(outcome).isEqualTo(new GuestOutcome(GuestOutcome.Kind.EXITED, 0, ""));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("""
                argc=3
                argv[0]=files
                argv[1]=one
                argv[2]=two words
                SOCKEYE_TEST=42
                entry=in.txt
                in_bytes=11
                in=first line
                wrote=/data/out.txt
                renamed=/data/moved.txt
                size=17
                mkdir=/data/sub
                unlinked=/data/moved.txt
                stdin_bytes=11
                typed
                bytes""");
        assertThat(data.resolve("sub")).isDirectory();
        assertThat(data.resolve("moved.txt")).doesNotExist();
    }
}
