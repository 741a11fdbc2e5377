package dev.sockeye.sockets.internal.wasi;

import static dev.sockeye.sockets.internal.wasi.HostCall.errnoCall;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.security.SecureRandom;
import java.util.List;

/** Process-level preview1 calls: arguments, environment, clocks, randomness, exit, yield and signals. */
final class ProcessCalls {
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_PROCESS_CPUTIME = 2;
    private static final int CLOCK_THREAD_CPUTIME = 3;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Random bytes one random_get may ask for; wasi-libc asks for at most 256 at a time. */
    private static final int MAX_RANDOM_BYTES = 1 << 20;
    /**
     * The monotonic clock counts from here: System.nanoTime() has an arbitrary origin and may be negative, but
     * guests read the clock as an unsigned timestamp.
     */
    private static final long MONOTONIC_ORIGIN = System.nanoTime();

    private ProcessCalls() {}

    static final List<HostCall> CALLS = List.of(
            errnoCall("args_get", 2, (c, a) -> writeStrings(c.memory(), c.args(), (int) a[0], (int) a[1])),
            errnoCall("args_sizes_get", 2, (c, a) -> writeSizes(c.memory(), c.args(), (int) a[0], (int) a[1])),
            errnoCall("environ_get", 2, (c, a) -> writeStrings(c.memory(), c.environment(), (int) a[0], (int) a[1])),
            errnoCall(
                    "environ_sizes_get", 2, (c, a) -> writeSizes(c.memory(), c.environment(), (int) a[0], (int) a[1])),
            errnoCall("clock_res_get", 2, (c, a) -> clockResolution(c.memory(), (int) a[0], (int) a[1])),
            new HostCall(
                    "clock_time_get",
                    FunctionType.of(new ValType[] {ValType.I32, ValType.I64, ValType.I32}, new ValType[] {ValType.I32}),
                    (c, a) -> clockTime(c.memory(), (int) a[0], (int) a[2])),
            errnoCall("random_get", 2, (c, a) -> randomBytes(c.memory(), (int) a[0], (int) a[1])),
            new HostCall("proc_exit", HostCall.i32Signature(1, false), (c, a) -> {
                throw new GuestExit((int) a[0]);
            }),
            errnoCall("proc_raise", 1, (c, a) -> Errno.NOSYS.code()),
            errnoCall("sched_yield", 0, (c, a) -> {
                Thread.yield();
                return 0;
            }));

    /** Writes a pointer per string into {@code pointers} and the NUL-terminated strings into {@code buffer}. */
    private static int writeStrings(GuestMemory memory, List<byte[]> strings, int pointers, int buffer) {
        int next = buffer;
        for (int i = 0; i < strings.size(); i++) {
            byte[] bytes = strings.get(i);
            memory.writeI32(pointers + 4 * i, next);
            memory.write(next, bytes);
            memory.writeU8(next + bytes.length, 0);
            next += bytes.length + 1;
        }
        return 0;
    }

    private static int writeSizes(GuestMemory memory, List<byte[]> strings, int countOut, int bufferSizeOut) {
        int size = 0;
        for (byte[] bytes : strings) {
            size += bytes.length + 1;
        }
        memory.writeI32(countOut, strings.size());
        memory.writeI32(bufferSizeOut, size);
        return 0;
    }

    private static int clockResolution(GuestMemory memory, int clockId, int resolutionOut) {
        checkClock(clockId);
        memory.writeI64(resolutionOut, 1L);
        return 0;
    }

    private static int clockTime(GuestMemory memory, int clockId, int timeOut) {
        memory.writeI64(timeOut, now(clockId));
        return 0;
    }

    /** Nanoseconds on the given clock; EINVAL for an unknown clock id. */
    static long now(int clockId) {
        checkClock(clockId);
        if (clockId == CLOCK_REALTIME) {
            var instant = java.time.Instant.now();
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        return System.nanoTime() - MONOTONIC_ORIGIN;
    }

    private static void checkClock(int clockId) {
        if (clockId != CLOCK_REALTIME
                && clockId != CLOCK_MONOTONIC
                && clockId != CLOCK_PROCESS_CPUTIME
                && clockId != CLOCK_THREAD_CPUTIME) {
            throw new WasiException(Errno.INVAL, "unknown clock " + clockId);
        }
    }

    private static int randomBytes(GuestMemory memory, int buffer, int length) {
        if (Integer.toUnsignedLong(length) > MAX_RANDOM_BYTES) {
            throw new WasiException(Errno.INVAL, "random_get of " + Integer.toUnsignedLong(length) + " bytes");
        }
        memory.checkRange(buffer, length);
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        memory.write(buffer, bytes);
        return 0;
    }
}
