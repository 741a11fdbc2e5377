package dev.sockeye.sockets.internal.net;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one hand-off between a guest's thread and the event loop that does its sockets' I/O.
 *
 * <p>The threading rule: the guest thread may block, the event loop never does. So the guest thread hands work to
 * the loop with {@link #onLoop}, and the loop hands results back by changing socket state inside {@link #signal},
 * which wakes the guest if it waits in {@link #await}. All socket state of one instance is guarded by this object's
 * lock; guest-side reads and changes of that state go through {@link #underLock}.
 */
public final class Handoff {
    private final ContextInternal loop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    Handoff(ContextInternal loop) {
        this.loop = loop;
    }

    /** The event-loop context all of this instance's sockets live on. */
    ContextInternal loop() {
        return loop;
    }

    /** Runs {@code action} on the event loop, later; never blocks the caller. */
    void onLoop(Runnable action) {
        loop.runOnContext(ignored -> action.run());
    }

    /** Event loop side: changes socket state under the lock and wakes the guest thread. */
    void signal(Runnable stateChange) {
        lock.lock();
        try {
            stateChange.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Event loop side: changes socket state under the lock without waking the guest thread, for one of several
     * changes that a single {@link #wake} ends.
     */
    void change(Runnable stateChange) {
        lock.lock();
        try {
            stateChange.run();
        } finally {
            lock.unlock();
        }
    }

    /** Event loop side: wakes the guest thread after one or more {@link #change}s. */
    void wake() {
        signal(() -> {});
    }

    /** Guest side: runs {@code access}, which reads or changes socket state, under the lock. */
    <T> T underLock(Supplier<T> access) {
        lock.lock();
        try {
            return access.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Guest side: blocks until {@code ready} holds (evaluated under the lock) or the deadline passes; returns
     * whether it became ready. {@code deadlineNanos} is on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE}
     * waits forever. Interrupting the guest thread stops the wait and the guest.
     */
    public boolean await(BooleanSupplier ready, long deadlineNanos) {
        lock.lock();
        try {
            while (!ready.getAsBoolean()) {
                if (deadlineNanos == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    changed.awaitNanos(remaining);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("guest interrupted while waiting on a socket");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Guest side: starts {@code work} on the loop and waits for its outcome until the deadline; null when the
     * deadline passed first (the work may still complete later: callers undo late successes).
     */
    public <T> AsyncResult<T> awaitLoopResult(Supplier<Future<T>> work, long deadlineNanos) {
        var outcome = new AtomicReference<AsyncResult<T>>();
        onLoop(() -> {
            Future<T> future;
            try {
                future = work.get();
            } catch (RuntimeException e) {
                future = Future.failedFuture(e);
            }
            future.onComplete(result -> signal(() -> outcome.set(result)));
        });
        return await(() -> outcome.get() != null, deadlineNanos) ? outcome.get() : null;
    }

    /** Deadline {@code timeoutMillis} from now, or forever for a non-positive timeout. */
    public static long deadlineAfterMillis(long timeoutMillis) {
        return timeoutMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }
}
