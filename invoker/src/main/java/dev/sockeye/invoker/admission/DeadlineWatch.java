package dev.sockeye.invoker.admission;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interrupts runs that pass their wall-clock deadline. One sweeper thread checks every {@code tick} instead of a
 * timer per request: registering is a map insert, where a Vert.x timer would be a task handed to an event loop
 * (and a wake-up) twice per request. Deadlines are honoured to within one tick.
 */
public final class DeadlineWatch implements AutoCloseable {

    /** A registered deadline; close it when the run ends in time. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();

        /** Whether the deadline passed and the run was told to stop. */
        boolean expired();
    }

    private final class Entry implements Registration {
        private final long deadlineNanos;
        private final Runnable onExpiry;
        private volatile boolean expired;

        Entry(long deadlineNanos, Runnable onExpiry) {
            this.deadlineNanos = deadlineNanos;
            this.onExpiry = onExpiry;
        }

        @Override
        public void close() {
            entries.remove(this);
        }

        @Override
        public boolean expired() {
            return expired;
        }
    }

    private final ConcurrentHashMap.KeySetView<Entry, Boolean> entries = ConcurrentHashMap.newKeySet();
    private final Duration tick;
    private final Thread sweeper;
    private volatile boolean closed;

    public DeadlineWatch(Duration tick) {
        this.tick = tick;
        this.sweeper = Thread.ofPlatform().daemon().name("sockeye-deadlines").start(this::sweep);
    }

    /** Runs {@code onExpiry} (on the sweeper thread) once {@code timeout} has passed, unless closed first. */
    public Registration register(Duration timeout, Runnable onExpiry) {
        var entry = new Entry(System.nanoTime() + timeout.toNanos(), onExpiry);
        entries.add(entry);
        return entry;
    }

    private void sweep() {
        while (!closed) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Entry entry : entries) {
                if (now - entry.deadlineNanos >= 0) {
                    entries.remove(entry);
                    entry.expired = true;
                    entry.onExpiry.run();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
    }
}
