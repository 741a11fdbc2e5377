package dev.sockeye.sockets.internal.wasi;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * WASI snapshot 0, the host module {@code wasi_unstable} that older wasi-libc builds import. Its functions have the
 * names and signatures of preview1's, so it is preview1's set with the bodies replaced where snapshot 0's types
 * differ (WebAssembly/WASI {@code legacy/preview0/witx/typenames.witx}): {@code whence} numbers its values cur 0,
 * end 1, set 2; {@code linkcount} is a u32, which makes {@code filestat} 56 bytes; {@code subscription_clock} starts
 * with a u64 {@code identifier}, which makes a subscription 56 bytes; and rights stop at bit 28 (preview1 added
 * {@code sock_accept} as bit 29). Events, dirents, fdstat, prestat, iovecs, errnos and flags are laid out alike.
 */
final class Snapshot0Calls {
    static final String MODULE = "wasi_unstable";

    private static final int WHENCE_CUR = 0;
    private static final int WHENCE_END = 1;
    private static final int WHENCE_SET = 2;
    /** Preview1's numbers for the same three. */
    private static final int PREVIEW1_SET = 0;

    private static final int PREVIEW1_CUR = 1;
    private static final int PREVIEW1_END = 2;
    /** Every right snapshot 0 defines: all bits below preview1's SOCK_ACCEPT. */
    private static final long RIGHTS = Rights.SOCK_ACCEPT - 1;

    private Snapshot0Calls() {}

    private static final List<HostCall> DIFFERING = List.of(
            WitxCall.of("fd_fdstat_get", (c, a) -> FdCalls.fdstatGet(c, a, RIGHTS), I32, I32),
            WitxCall.of(
                    "fd_filestat_get",
                    (c, a) -> {
                        FdCalls.stat(c, a, FileStat.SNAPSHOT0_SIZE).writeSnapshot0To(c.memory(), (int) a[1]);
                        return 0;
                    },
                    I32,
                    I32),
            WitxCall.of("fd_seek", (c, a) -> FdCalls.seek(c, a, preview1Whence(a[2])), I32, I64, I32, I32),
            WitxCall.of(
                    "path_filestat_get",
                    (c, a) -> {
                        PathCalls.stat(c, a, FileStat.SNAPSHOT0_SIZE).writeSnapshot0To(c.memory(), (int) a[4]);
                        return 0;
                    },
                    I32,
                    I32,
                    I32,
                    I32,
                    I32),
            PollCalls.call(PollCalls.SNAPSHOT0));

    /** Snapshot 0's calls: {@code preview1}'s, each replaced by the body above that has its name, if any. */
    static List<HostCall> replacing(List<HostCall> preview1) {
        Map<String, HostCall> differing =
                DIFFERING.stream().collect(Collectors.toMap(HostCall::name, Function.identity()));
        return preview1.stream()
                .map(call -> differing.getOrDefault(call.name(), call))
                .toList();
    }

    /** A snapshot 0 {@code whence} (a u8) in preview1's numbering; anything else is EINVAL. */
    private static int preview1Whence(long whence) {
        return switch ((int) whence) {
            case WHENCE_CUR -> PREVIEW1_CUR;
            case WHENCE_END -> PREVIEW1_END;
            case WHENCE_SET -> PREVIEW1_SET;
            default -> throw new WasiException(Errno.INVAL, "whence " + whence);
        };
    }
}
