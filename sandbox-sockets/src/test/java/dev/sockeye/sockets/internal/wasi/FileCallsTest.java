package dev.sockeye.sockets.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.testing.FsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest's file calls against a preopened host directory, seen through wasi-libc as a C program uses them. */
class FileCallsTest {
    @TempDir
    Path data;

    @BeforeEach
    void seed() throws IOException {
        Files.writeString(data.resolve("in.txt"), "hello world");
    }

    private Consumer<GuestOptions.Builder> preopen() {
        return options -> options.preopen(data, "/data", false);
    }

    private List<String> probe(String... commands) {
        return FsProbe.probe(List.of(commands), preopen()).lines();
    }

    @Test
    void readsAFileOfThePreopenedDirectory() {
        assertThat(probe("cat:/data/in.txt")).containsExactly("cat: ok hello world");
    }

    @Test
    void writtenAndAppendedBytesReachTheHostFile() throws IOException {
        assertThat(probe("write:/data/out.txt:abc", "append:/data/out.txt:def"))
                .containsExactly("write: ok 3", "append: ok 3");

        assertThat(Files.readString(data.resolve("out.txt"))).isEqualTo("abcdef");
    }

    @Test
    void listsTheDirectoryEntries() throws IOException {
        Files.createDirectory(data.resolve("sub"));
        Files.writeString(data.resolve("b.txt"), "b");

        assertThat(probe("ls:/data", "ls:/data/sub")).containsExactly("ls: ok b.txt in.txt sub", "ls: ok");
    }

    @Test
    void listingManyEntriesPagesThroughReaddirCookies() throws IOException {
        for (int i = 0; i < 150; i++) {
            Files.writeString(data.resolve("file-with-a-long-name-%03d.txt".formatted(i)), "");
        }

        String listing = probe("ls:/data").getFirst();

        assertThat(listing.split(" ")).hasSize(2 + 151).contains("file-with-a-long-name-149.txt", "in.txt");
    }

    @Test
    void renamesIntoANewDirectoryAndRemovesBothAgain() {
        assertThat(probe(
                        "mkdir:/data/sub",
                        "rename:/data/in.txt:/data/sub/moved.txt",
                        "ls:/data/sub",
                        "cat:/data/sub/moved.txt",
                        "unlink:/data/sub/moved.txt",
                        "rmdir:/data/sub",
                        "ls:/data"))
                .containsExactly(
                        "mkdir: ok",
                        "rename: ok",
                        "ls: ok moved.txt",
                        "cat: ok hello world",
                        "unlink: ok",
                        "rmdir: ok",
                        "ls: ok");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void statReportsSizeAndType() throws IOException {
        Files.createDirectory(data.resolve("sub"));

        assertThat(probe("stat:/data/in.txt", "stat:/data/sub", "stat:/data/missing"))
                .containsExactly(
                        "stat: ok size=11 type=file",
                        "stat: ok size=4096 type=dir".replace("4096", String.valueOf(Files.size(data.resolve("sub")))),
                        "stat: errno " + Errno.NOENT.code());
    }

    @Test
    void seekTellAndPreadMoveThroughTheFile() {
        assertThat(probe("seek:/data/in.txt")).containsExactly("seek: ok read=llo at=5 end=11 pread=he/2");
    }

    @Test
    void truncateShrinksAndExtendsWithZeros() throws IOException {
        assertThat(probe("truncate:/data/in.txt:5")).containsExactly("truncate: ok");
        assertThat(Files.readString(data.resolve("in.txt"))).isEqualTo("hello");

        assertThat(probe("truncate:/data/in.txt:7")).containsExactly("truncate: ok");
        assertThat(Files.readAllBytes(data.resolve("in.txt"))).containsExactly('h', 'e', 'l', 'l', 'o', 0, 0);
    }

    @Test
    void linksInsideThePreopenWorkAndReadBack() throws IOException {
        Files.createDirectory(data.resolve("sub"));

        assertThat(probe(
                        "symlink:../in.txt:/data/sub/alias",
                        "readlink:/data/sub/alias",
                        "lstat:/data/sub/alias",
                        "cat:/data/sub/alias",
                        "link:/data/in.txt:/data/hard",
                        "cat:/data/hard"))
                .containsExactly(
                        "symlink: ok",
                        "readlink: ok ../in.txt",
                        "lstat: ok size=9 type=link",
                        "cat: ok hello world",
                        "link: ok",
                        "cat: ok hello world");
    }

    @Test
    void creatingWhatExistsOrRemovingWhatIsMissingGivesPosixErrnos() throws IOException {
        Files.createDirectory(data.resolve("sub"));
        Files.writeString(data.resolve("sub/x"), "x");

        assertThat(probe(
                        "mkdir:/data/sub",
                        "rmdir:/data/sub",
                        "rmdir:/data/in.txt",
                        "unlink:/data/sub",
                        "unlink:/data/missing",
                        "cat:/data/sub/x/y"))
                .containsExactly(
                        "mkdir: errno " + Errno.EXIST.code(),
                        "rmdir: errno " + Errno.NOTEMPTY.code(),
                        "rmdir: errno " + Errno.NOTDIR.code(),
                        "unlink: errno " + Errno.ISDIR.code(),
                        "unlink: errno " + Errno.NOENT.code(),
                        "cat: errno " + Errno.NOTDIR.code());
    }

    @Test
    void thePreopenItselfCannotBeRemovedOrRenamed() {
        assertThat(probe("rmdir:/data/.", "rename:/data/.:/data/elsewhere", "ls:/data"))
                .containsExactly(
                        "rmdir: errno " + Errno.BUSY.code(), "rename: errno " + Errno.BUSY.code(), "ls: ok in.txt");
    }

    @Test
    void stdioDescriptorsAreCharacterDevicesAndThePreopenADirectory() {
        assertThat(probe("fdstat:0", "fdstat:1", "fdstat:3", "fdstat:42"))
                .containsExactly(
                        "fdstat: ok type=" + FileType.CHARACTER_DEVICE.code() + " flags=0",
                        "fdstat: ok type=" + FileType.CHARACTER_DEVICE.code() + " flags=0",
                        "fdstat: ok type=" + FileType.DIRECTORY.code() + " flags=0",
                        "fdstat: errno " + Errno.BADF.code());
    }
}
