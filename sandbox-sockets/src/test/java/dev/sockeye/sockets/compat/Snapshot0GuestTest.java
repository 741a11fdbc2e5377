package dev.sockeye.sockets.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sockeye.sockets.GuestInstance;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.testing.GuestFixture;
import dev.sockeye.sockets.testing.GuestRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest importing {@code wasi_unstable} (WASI snapshot 0), guests/wat/snapshot0.wat: every call whose types differ
 * from preview1, with the values snapshot 0's witx gives (whence cur 0 / end 1 / set 2, a 56-byte filestat with a
 * u32 nlink, a 56-byte subscription whose clock starts with an identifier, no sock_accept right).
 */
class Snapshot0GuestTest {
    private static final int WHENCE_CUR = 0;
    private static final int WHENCE_END = 1;
    private static final int WHENCE_SET = 2;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int SUBSCRIPTION_CLOCK_ABSTIME = 1;
    private static final long SOCK_ACCEPT_RIGHT = 1L << 29;

    static GuestFixture fixture;

    @TempDir
    Path data;

    @BeforeAll
    static void start() {
        fixture = GuestFixture.of("snapshot0");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void seed() throws IOException {
        Files.writeString(data.resolve("data.txt"), "0123456789");
    }

    private GuestInstance instance() {
        return fixture.instance(data);
    }

    private static int openData(GuestInstance instance) {
        assertThat(instance.call("case_open")[0]).isZero();
        return le(instance, 200, 4).getInt();
    }

    private static ByteBuffer le(GuestInstance instance, int address, int length) {
        return ByteBuffer.wrap(instance.readMemory(address, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aSnapshot0GuestRunsWithArgumentsStdoutAndItsExitCode() {
        var run = GuestRun.start(fixture.sandbox(), fixture.guest(), EgressGuard.denyAll(EgressListener.none()));
        GuestOutcome outcome = run.await();

        assertThat(outcome.kind()).isEqualTo(GuestOutcome.Kind.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(7);
        assertThat(run.stdout()).isEqualTo("hello from wasi_unstable\n");
    }

    @Test
    void seekNumbersWhenceCurZeroEndOneSetTwo() {
        try (var instance = instance()) {
            int fd = openData(instance);

            assertThat(instance.call("case_seek", fd, 3, WHENCE_SET)[0]).isZero();
            assertThat(le(instance, 208, 8).getLong()).isEqualTo(3);
            assertThat(instance.call("case_seek", fd, 2, WHENCE_CUR)[0]).isZero();
            assertThat(le(instance, 208, 8).getLong()).isEqualTo(5);
            assertThat(instance.call("case_seek", fd, -1, WHENCE_END)[0]).isZero();
            assertThat(le(instance, 208, 8).getLong()).isEqualTo(9);
            assertThat(instance.call("case_tell", fd)[0]).isZero();
            assertThat(le(instance, 208, 8).getLong()).isEqualTo(9);
        }
    }

    @Test
    void seekWithAWhenceSnapshot0DoesNotDefineIsEinval() {
        try (var instance = instance()) {
            int fd = openData(instance);

            assertThat(instance.call("case_seek", fd, 0, 3)[0]).isEqualTo(Errno.INVAL.code());
        }
    }

    @Test
    void fdFilestatIs56BytesWithA32BitLinkCount() throws IOException {
        Files.createLink(data.resolve("second-name.txt"), data.resolve("data.txt"));
        try (var instance = instance()) {
            int fd = openData(instance);

            assertThat(instance.call("case_fd_filestat", fd)[0]).isZero();

            assertSnapshot0Stat(instance, Files.getAttribute(data.resolve("data.txt"), "unix:ino"));
        }
    }

    @Test
    void pathFilestatIs56BytesWithA32BitLinkCount() throws IOException {
        Files.createLink(data.resolve("second-name.txt"), data.resolve("data.txt"));
        try (var instance = instance()) {
            assertThat(instance.call("case_path_filestat")[0]).isZero();

            assertSnapshot0Stat(instance, Files.getAttribute(data.resolve("data.txt"), "unix:ino"));
        }
    }

    /** data.txt: a regular file of 10 bytes with two links; bytes 56..63 of the buffer keep the guest's 0xff. */
    private static void assertSnapshot0Stat(GuestInstance instance, Object inode) {
        ByteBuffer stat = le(instance, 1024, 64);
        assertThat(stat.getLong(8)).isEqualTo(((Number) inode).longValue());
        assertThat(stat.get(16)).isEqualTo((byte) FileType.REGULAR_FILE.code());
        assertThat(stat.getInt(20)).as("nlink, u32 @20").isEqualTo(2);
        assertThat(stat.getLong(24)).as("size @24").isEqualTo(10);
        assertThat(stat.getLong(40)).as("mtim @40").isPositive();
        assertThat(stat.getLong(56)).as("past the 56 bytes").isEqualTo(-1L);
    }

    @Test
    void pollReadsTheClockIdAfterTheIdentifierAndTheSecondSubscriptionAt56() {
        try (var instance = instance()) {
            int fd = openData(instance);

            // A relative hour on the monotonic clock, and a file that is always readable: only the file fires.
            assertThat(instance.call("case_poll", CLOCK_MONOTONIC, 3_600_000_000_000L, 0, fd)[0])
                    .isZero();

            assertThat(le(instance, 216, 4).getInt()).isEqualTo(1);
            ByteBuffer event = le(instance, 2304, 32);
            assertThat(event.getLong(0)).as("userdata").isEqualTo(0x2222);
            assertThat(event.getShort(8)).as("error").isZero();
            assertThat(event.get(10)).as("type fd_read").isEqualTo((byte) 1);
        }
    }

    @Test
    void pollReadsTheClockFlagsAt48() {
        try (var instance = instance()) {
            // Absolute realtime "now" has passed when the host looks, so it fires at once; read as a relative
            // timeout (flags taken from preview1's offset 40, here the zero precision) it would be decades away.
            long now = System.currentTimeMillis() * 1_000_000L;
            long[] result = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> instance.call("case_poll", CLOCK_REALTIME, now, SUBSCRIPTION_CLOCK_ABSTIME, -1));

            assertThat(result[0]).isZero();
            assertThat(le(instance, 216, 4).getInt()).isEqualTo(1);
            ByteBuffer event = le(instance, 2304, 32);
            assertThat(event.getLong(0)).isEqualTo(0x1111);
            assertThat(event.getShort(8)).isZero();
            assertThat(event.get(10)).as("type clock").isEqualTo((byte) 0);
        }
    }

    @Test
    void fdstatRightsStopAtBit28() {
        try (var instance = instance()) {
            assertThat(instance.call("case_socket")[0]).isZero();
            int socket = le(instance, 3200, 4).getInt();

            assertThat(instance.call("case_fdstat", socket)[0]).isZero();

            ByteBuffer fdstat = le(instance, 3072, 24);
            assertThat(fdstat.get(0)).isEqualTo((byte) FileType.SOCKET_STREAM.code());
            assertThat(fdstat.getLong(8)).as("base").isEqualTo(0x3820004aL & ~SOCK_ACCEPT_RIGHT);
            assertThat(fdstat.getLong(16)).as("inheriting").isEqualTo(0x3820004aL & ~SOCK_ACCEPT_RIGHT);
        }
    }

    @Test
    void readdirEntriesHaveTheLayoutOfPreview1() {
        try (var instance = instance()) {
            assertThat(instance.call("case_readdir")[0]).isZero();

            int used = le(instance, 216, 4).getInt();
            ByteBuffer entries = le(instance, 4096, used);
            var names = new ArrayList<String>();
            var types = new ArrayList<Byte>();
            for (int at = 0; at + 24 <= used; ) {
                int nameLength = entries.getInt(at + 16);
                types.add(entries.get(at + 20));
                names.add(new String(instance.readMemory(4096 + at + 24, nameLength), StandardCharsets.UTF_8));
                at += 24 + nameLength;
            }
            assertThat(names).isEqualTo(List.of(".", "..", "data.txt"));
            assertThat(types.getLast()).isEqualTo((byte) FileType.REGULAR_FILE.code());
        }
    }
}
