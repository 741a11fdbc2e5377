package dev.sockeye.sockets.internal.wasi;

import java.util.List;
import java.util.stream.Stream;

/** The file-system part of preview1: the fd_* calls ({@link FdCalls}) and the path_* calls ({@link PathCalls}). */
final class FileCalls {
    private FileCalls() {}

    static final List<HostCall> CALLS =
            Stream.concat(FdCalls.CALLS.stream(), PathCalls.CALLS.stream()).toList();
}
