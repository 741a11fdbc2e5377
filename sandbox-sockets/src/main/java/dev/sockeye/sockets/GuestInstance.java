package dev.sockeye.sockets;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.sockeye.sockets.internal.wasi.GuestContext;
import dev.sockeye.sockets.internal.wasi.GuestExit;
import java.util.Objects;

/**
 * One live instance of a guest with its own fd table, sockets and memory. Not thread-safe: use it from one thread.
 * {@link #close()} releases every socket, file and buffer it holds; it is safe to call more than once. Its memory
 * is recycled for a later instance only when no guest code of this one is running.
 */
public final class GuestInstance implements AutoCloseable {
    private final Instance instance;
    private final GuestContext context;

    private final MemoryPool memoryPool;
    private final MemoryLimits memoryLimits;
    private boolean closed;
    /** Set while guest code runs; a memory still in use must never go back to the pool. */
    private volatile boolean running;

    GuestInstance(Instance instance, GuestContext context, MemoryPool memoryPool, MemoryLimits memoryLimits) {
        this.instance = instance;
        this.context = context;
        this.memoryPool = memoryPool;
        this.memoryLimits = memoryLimits;
    }

    /** Runs {@code _start} and reports how the guest ended. */
    public GuestOutcome start() {
        try {
            running = true;
            context.runGuest(() -> instance.export("_start").apply());
            return GuestOutcome.exited(0);
        } catch (GuestExit exit) {
            return GuestOutcome.exited(exit.exitCode());
        } catch (ChicoryInterruptedException e) {
            return GuestOutcome.interrupted();
        } catch (ChicoryException | StackOverflowError e) {
            if (Thread.currentThread().isInterrupted()) {
                return GuestOutcome.interrupted();
            }
            return GuestOutcome.trapped(
                    Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
        } finally {
            running = false;
        }
    }

    /** Calls an exported function with raw Wasm values; traps and exits propagate as exceptions. */
    public long[] call(String exportName, long... args) {
        running = true;
        try {
            return context.runGuest(() -> instance.export(exportName).apply(args));
        } finally {
            running = false;
        }
    }

    /** A copy of part of the guest's memory; EFAULT-style bounds errors become IllegalArgumentException. */
    public byte[] readMemory(int address, int length) {
        try {
            return new dev.sockeye.sockets.internal.fd.GuestMemory(instance.memory()).readBytes(address, length);
        } catch (dev.sockeye.sockets.internal.fd.WasiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Bytes this instance's sockets received and sent. */
    public long socketBytesIn() {
        return context.socketBytesIn();
    }

    public long socketBytesOut() {
        return context.socketBytesOut();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            context.close();
        } finally {
            if (memoryLimits != null && !running) {
                memoryPool.giveBack(instance.memory(), memoryLimits);
            }
        }
    }
}
