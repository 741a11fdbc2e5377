package dev.sockeye.sockets.internal.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One function of the {@code wasi_snapshot_preview1} host module: its name, its exact signature, and its body.
 * The body returns an errno; {@link #invoke} is the one place where exceptions become errnos for the guest.
 *
 * @param name the import name
 * @param type the signature the guest's import must have for this body to be chosen
 * @param body the implementation
 */
public record HostCall(String name, FunctionType type, Body body) {
    private static final Logger LOG = Logger.getLogger(HostCall.class.getName());
    private static final long[] NO_RESULT = new long[0];

    /** The implementation of a host call: returns an errno code (0 for success). */
    @FunctionalInterface
    public interface Body {
        int call(GuestContext context, long[] args);
    }

    /** A call whose parameters are all i32 and whose result is one i32 errno: most of preview1. */
    public static HostCall errnoCall(String name, int i32Params, Body body) {
        return new HostCall(name, i32Signature(i32Params, true), body);
    }

    /** The signature {@code (i32 x params) -> i32} or {@code -> ()}. */
    public static FunctionType i32Signature(int params, boolean returnsErrno) {
        ValType[] parameters = new ValType[params];
        Arrays.fill(parameters, ValType.I32);
        return FunctionType.of(parameters, returnsErrno ? new ValType[] {ValType.I32} : new ValType[0]);
    }

    /** Runs the body for the guest, turning every outcome except exit and interrupt into an errno. */
    public long[] invoke(GuestContext context, long[] args) {
        int errno;
        try {
            errno = body.call(context, args);
        } catch (WasiException e) {
            errno = e.errno().code();
        } catch (GuestExit | ChicoryInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            // A host bug must not take the host down or leak across guests: report it and give the guest EIO.
            LOG.log(Level.WARNING, "event=host_call_failed call=" + name, e);
            errno = Errno.IO.code();
        }
        return type.returns().isEmpty() ? NO_RESULT : new long[] {errno};
    }
}
