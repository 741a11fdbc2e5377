package dev.sockeye.sockets.internal.wasi;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

/** Builds {@link HostCall}s whose parameters mix i32 and i64 (u64, filesize, timestamp, rights in the witx). */
final class WitxCall {
    private static final ValType[] ERRNO = {ValType.I32};

    private WitxCall() {}

    /** A call taking {@code parameters} and returning one i32 errno. */
    static HostCall of(String name, HostCall.Body body, ValType... parameters) {
        return new HostCall(name, FunctionType.of(parameters, ERRNO), body);
    }
}
