package dev.sockeye.sockets.wasi;

import java.util.List;

final class SocketCalls {
    private SocketCalls() {}

    static final List<HostCall> CALLS = List.of();
}
