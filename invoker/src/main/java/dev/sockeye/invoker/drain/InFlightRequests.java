package dev.sockeye.invoker.drain;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trigger requests an invoker has taken and not answered yet (queued or running), so a drain can wait for
 * them and interrupt those left at its deadline.
 */
public final class InFlightRequests {

    /** One request; {@link #interrupt()} asks its run to stop and answer that the invoker is shutting down. */
    public interface Request {
        void interrupt();
    }

    private final Set<Request> requests = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();

    public void add(Request request) {
        requests.add(request);
    }

    public void remove(Request request) {
        requests.remove(request);
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    public int count() {
        return requests.size();
    }

    /** Waits until none is left or {@code timeout} has passed; returns whether none is left. */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!requests.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Interrupts every request still in flight; returns how many. */
    public int interruptAll() {
        var left = Set.copyOf(requests);
        left.forEach(Request::interrupt);
        return left.size();
    }
}
