package dev.sockeye.sockets.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.FsProbe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad fds, pointers and lengths from a guest come back as errnos; the guest keeps running. */
class BadArgumentsTest {
    @TempDir
    java.nio.file.Path data;

    @Test
    void badDescriptorsAndPointersGiveEbadfAndEfault() {
        var run = FsProbe.probe(
                List.of("bad-fd", "bad-iovec", "bad-buffer", "bad-out", "bad-path", "args"),
                options -> options.preopen(data, "/data", false));

        assertThat(run.outcome().kind()).isEqualTo(GuestOutcome.Kind.EXITED);
        assertThat(run.lines())
                .containsExactly(
                        "bad-fd: errno " + Errno.BADF.code(),
                        "bad-iovec: errno " + Errno.FAULT.code(),
                        "bad-buffer: errno " + Errno.FAULT.code(),
                        "bad-out: errno " + Errno.FAULT.code(),
                        "bad-path: errno " + Errno.FAULT.code(),
                        "args: ok [fs_probe] [bad-fd] [bad-iovec] [bad-buffer] [bad-out] [bad-path] [args]");
    }

    @Test
    void pathCallsWithoutAPreopenGiveEbadf() {
        var run = FsProbe.probe(List.of("raw-open:x"));

        // Without a preopen, fd 3 does not exist.
        assertThat(run.lines()).containsExactly("raw-open: errno " + Errno.BADF.code());
    }
}
