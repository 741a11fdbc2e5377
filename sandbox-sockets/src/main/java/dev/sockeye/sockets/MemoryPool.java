package dev.sockeye.sockets;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recycles the linear memories of one module's finished instances. Allocating fresh pages for every request was
 * the largest cost of a short guest run (and of the garbage it leaves); a memory that ended at its initial size
 * is handed to the next instance instead. Chicory zeroes every defined memory when it initialises an instance,
 * before the data segments are copied in, so nothing of one guest is visible to the next.
 *
 * <p>New memories are Chicory's {@link ByteArrayMemory} (pages of {@code byte[]} read through VarHandle views), not
 * its default {@code ByteBufferMemory}: every load and store of compiled guest code goes through the memory, and the
 * byte-array path is the faster of the two on CPU-bound guests (bench/p6, docs/benchmarks.md). Both allocate the
 * same 64 KiB pages, so what an idle or parked guest holds is unchanged.
 */
final class MemoryPool {
    /** Idle memories kept per module: enough for every core to be busy, little enough to bound idle heap. */
    private static final int MAX_IDLE = 64;

    private final Map<MemoryLimits, ConcurrentLinkedDeque<Memory>> idleByLimits = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong reused = new AtomicLong();

    /** A memory for these limits: a recycled one of exactly these limits if one is idle, else a new one. */
    Memory take(MemoryLimits limits) {
        var idle = idleByLimits.get(limits);
        Memory memory = idle == null ? null : idle.pollFirst();
        if (memory == null) {
            return new ByteArrayMemory(limits);
        }
        idleCount.decrementAndGet();
        reused.incrementAndGet();
        return memory;
    }

    /** Takes back a finished instance's memory if it is still at its initial size and the pool has room. */
    void giveBack(Memory memory, MemoryLimits limits) {
        if (limits.shared() || memory.pages() != limits.initialPages()) {
            return;
        }
        if (idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            return;
        }
        idleByLimits
                .computeIfAbsent(limits, any -> new ConcurrentLinkedDeque<>())
                .addFirst(memory);
    }

    /** How many instances got a recycled memory. */
    long reused() {
        return reused.get();
    }
}
