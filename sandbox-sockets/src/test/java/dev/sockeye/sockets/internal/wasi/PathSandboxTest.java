package dev.sockeye.sockets.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.FsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest cannot name anything outside its preopened directories, nor change a read-only one. */
class PathSandboxTest {
    private static final String PERM = "errno " + Errno.PERM.code();
    private static final String ROFS = "errno " + Errno.ROFS.code();

    @TempDir
    Path temp;

    Path data;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        data = Files.createDirectory(temp.resolve("data"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(data.resolve("in.txt"), "inside");
    }

    private List<String> probe(boolean readOnly, String... commands) {
        Consumer<GuestOptions.Builder> preopen = options -> options.preopen(data, "/data", readOnly);
        return FsProbe.probe(List.of(commands), preopen).lines();
    }

    @Test
    void dotDotOutOfThePreopenIsRefusedWithEperm() {
        assertThat(probe(
                        false,
                        "cat:/data/../outside/secret.txt",
                        "raw-open:../outside/secret.txt",
                        "raw-open:sub/../../outside/secret.txt",
                        "ls:/data/.."))
                .containsExactly("cat: " + PERM, "raw-open: " + PERM, "raw-open: " + PERM, "ls: " + PERM);
    }

    @Test
    void dotDotThatStaysInsideThePreopenIsAllowed() throws IOException {
        Files.createDirectory(data.resolve("sub"));

        assertThat(probe(false, "raw-open:sub/../in.txt")).containsExactly("raw-open: ok");
    }

    @Test
    void absolutePathsAreRefusedWithEperm() {
        assertThat(probe(false, "raw-open:" + outside.resolve("secret.txt"), "raw-open:/etc/passwd"))
                .containsExactly("raw-open: " + PERM, "raw-open: " + PERM);
    }

    @Test
    void symlinksPointingOutsideAreNotFollowed() throws IOException {
        Files.createSymbolicLink(data.resolve("absolute"), outside);
        Files.createSymbolicLink(data.resolve("relative"), Path.of("../outside"));
        Files.createSymbolicLink(data.resolve("file-link"), Path.of("../outside/secret.txt"));

        assertThat(probe(
                        false,
                        "cat:/data/absolute/secret.txt",
                        "cat:/data/relative/secret.txt",
                        "cat:/data/file-link",
                        "stat:/data/file-link",
                        "raw-open-follow:file-link",
                        "ls:/data/relative"))
                .containsExactly(
                        "cat: " + PERM,
                        "cat: " + PERM,
                        "cat: " + PERM,
                        "stat: " + PERM,
                        "raw-open-follow: " + PERM,
                        "ls: " + PERM);
    }

    @Test
    void aGuestCannotPlantAnEscapingLink() {
        assertThat(probe(false, "symlink:/etc:/data/etc", "symlink:../outside:/data/up", "cat:/data/up/secret.txt"))
                .containsExactly("symlink: " + PERM, "symlink: ok", "cat: " + PERM);
    }

    @Test
    void aDirectoryFdDoesNotFollowItsDirectoryReplacedByAnEscapingLink() throws IOException {
        Files.createDirectory(data.resolve("sub"));

        assertThat(probe(false, "swap:/data/sub:../outside")).containsExactly("swap: " + PERM);
    }

    @Test
    void aFinalLinkIsNotFollowedWhenTheGuestSaysNot() throws IOException {
        Files.createSymbolicLink(data.resolve("alias"), Path.of("in.txt"));

        assertThat(probe(false, "raw-open:alias", "raw-open-follow:alias"))
                .containsExactly("raw-open: errno " + Errno.LOOP.code(), "raw-open-follow: ok");
    }

    @Test
    void linkLoopsEndWithEloop() throws IOException {
        Files.createSymbolicLink(data.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(data.resolve("b"), Path.of("a"));

        assertThat(probe(false, "cat:/data/a")).containsExactly("cat: errno " + Errno.LOOP.code());
    }

    @Test
    void aReadOnlyFileCannotBeMadeWritableByLinkingOrMovingItIntoAWritablePreopen() throws IOException {
        Consumer<GuestOptions.Builder> twoPreopens =
                options -> options.preopen(data, "/ro", true).preopen(outside, "/rw", false);

        var lines = FsProbe.probe(
                        List.of("link:/ro/in.txt:/rw/hard", "rename:/ro/in.txt:/rw/moved", "write:/rw/new.txt:ok"),
                        twoPreopens)
                .lines();

        assertThat(lines).containsExactly("link: " + ROFS, "rename: " + ROFS, "write: ok 2");
        assertThat(Files.readString(data.resolve("in.txt"))).isEqualTo("inside");
    }

    @Test
    void readOnlyPreopenCanBeReadButRefusesEveryChangeWithErofs() throws IOException {
        Files.createDirectory(data.resolve("sub"));

        assertThat(probe(
                        true,
                        "cat:/data/in.txt",
                        "ls:/data",
                        "write:/data/in.txt:x",
                        "write:/data/new.txt:x",
                        "append:/data/in.txt:x",
                        "mkdir:/data/dir",
                        "rmdir:/data/sub",
                        "unlink:/data/in.txt",
                        "rename:/data/in.txt:/data/moved.txt",
                        "symlink:in.txt:/data/alias",
                        "link:/data/in.txt:/data/hard",
                        "truncate:/data/in.txt:0"))
                .containsExactly(
                        "cat: ok inside",
                        "ls: ok in.txt sub",
                        "write: " + ROFS,
                        "write: " + ROFS,
                        "append: " + ROFS,
                        "mkdir: " + ROFS,
                        "rmdir: " + ROFS,
                        "unlink: " + ROFS,
                        "rename: " + ROFS,
                        "symlink: " + ROFS,
                        "link: " + ROFS,
                        "truncate: " + ROFS);
        assertThat(Files.readString(data.resolve("in.txt"))).isEqualTo("inside");
        assertThat(data.resolve("new.txt")).doesNotExist();
    }
}
