package dev.sockeye.sockets.wasi;

import java.util.List;

final class FileCalls {
    private FileCalls() {}

    static final List<HostCall> CALLS = List.of();
}
