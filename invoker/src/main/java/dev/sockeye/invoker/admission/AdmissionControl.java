package dev.sockeye.invoker.admission;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides when a run may start: at most {@code globalLimit} runs at once and at most each function's own limit.
 * A request that cannot start waits in a bounded queue (on its own virtual thread) for up to {@code maxWait};
 * when the queue is full, or the wait runs out, it is rejected (the caller answers 503 with Retry-After).
 */
public final class AdmissionControl {

    /** Held while a run is in progress; close it exactly once when the run ends. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Why a request was not admitted. */
    public static final class Rejected extends Exception {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private final int globalLimit;
    private final int queueCapacity;
    private final Duration maxWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Map<String, Integer> runningByFunction = new HashMap<>();
    private int running;
    private int waiting;

    public AdmissionControl(int globalLimit, int queueCapacity, Duration maxWait) {
        if (globalLimit < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("globalLimit must be >= 1 and queueCapacity >= 0");
        }
        this.globalLimit = globalLimit;
        this.queueCapacity = queueCapacity;
        this.maxWait = maxWait;
    }

    /** Admits a run of {@code function} (whose own limit is {@code functionLimit}), waiting if needed. */
    public Permit admit(String function, int functionLimit) throws Rejected, InterruptedException {
        lock.lock();
        try {
            if (!canStart(function, functionLimit)) {
                if (waiting >= queueCapacity) {
                    throw new Rejected("queue full: " + running + " runs in progress, " + waiting + " waiting");
                }
                waiting++;
                try {
                    long remaining = maxWait.toNanos();
                    while (!canStart(function, functionLimit)) {
                        if (remaining <= 0) {
                            throw new Rejected("waited " + maxWait.toMillis() + " ms for a free slot");
                        }
                        remaining = released.awaitNanos(remaining);
                    }
                } finally {
                    waiting--;
                }
            }
            running++;
            runningByFunction.merge(function, 1, Integer::sum);
            return new OnePermit(function);
        } finally {
            lock.unlock();
        }
    }

    private boolean canStart(String function, int functionLimit) {
        return running < globalLimit && runningByFunction.getOrDefault(function, 0) < functionLimit;
    }

    /** Requests waiting for a slot now. */
    public int queueDepth() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** Runs in progress now. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    private final class OnePermit implements Permit {
        private final String function;
        private boolean closed;

        OnePermit(String function) {
            this.function = function;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                running--;
                runningByFunction.computeIfPresent(function, (name, count) -> count == 1 ? null : count - 1);
                // Waiters may be for other functions: wake them all to recheck.
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
